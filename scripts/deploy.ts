/**
 * `npm run plan -- --env NAME [--dry-run]` and `npm run apply -- --env NAME
 * [--dry-run] [--purge USER]...`: the same steps Jenkins runs, from a
 * workstation. Plan synthesizes the environment, then `terraform init` and
 * `plan -out` per stack in order (plans in `plans/<env>/`). Apply applies those
 * saved plans, checks no tenant would be pruned by accident, server-side
 * applies each manifest file in order, and waits for every rollout.
 * `--dry-run` prints the commands and runs nothing.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../app/cli';
import { applySteps, describeStep, planSteps, type Step, unlistedTenants } from '../app/deployment-steps';
import { loadSpec } from '../app/load-spec';
import { ValidationError } from '../constructs/lib/problems';
import { DEFAULT_ENVIRONMENT } from '../environments';

const [action, ...argv] = process.argv.slice(2);
const value = (flag: string) => {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
};
const dryRun = argv.includes('--dry-run');
const purge = argv.flatMap((arg, i) => (arg === '--purge' && argv[i + 1] ? [argv[i + 1]] : []));
const specFile = value('--spec');
const source = specFile ? { specFile } : { env: value('--env') ?? process.env.PLATFORM_ENV ?? DEFAULT_ENVIRONMENT };
const cwd = process.cwd();

function run(step: Step): void {
  process.stdout.write(`$ ${describeStep(step)}\n`);
  if (dryRun) return;
  if (step.kind === 'tenant-check') {
    const listed = spawnSync(step.list.command, step.list.args, { encoding: 'utf8' });
    if (listed.status !== 0) throw new Error(`could not list tenant namespaces: ${listed.stderr}`);
    const unlisted = unlistedTenants(step, listed.stdout);
    if (unlisted.length) {
      throw new Error(`the cluster has tenants the spec no longer lists: ${unlisted.join(', ')}. Pruning would delete their namespaces and data. Offboard them (offboarded: true), or confirm with --purge ${unlisted.join(' --purge ')}`);
    }
    return;
  }
  const result = spawnSync(step.command, step.args, { stdio: 'inherit', env: { ...process.env, ...step.env } });
  if (result.status !== 0) throw new Error(`${step.command} exited with ${result.status ?? result.signal}`);
}

try {
  if (action !== 'plan' && action !== 'apply') throw new Error('usage: deploy.ts plan|apply [--env NAME | --spec FILE] [--dry-run] [--purge USER]...');
  const spec = loadSpec(source, cwd);
  const dirs = { terraform: path.resolve(cwd, 'cdktf.out'), manifests: path.resolve(cwd, 'dist', spec.name), plans: path.resolve(cwd, 'plans', spec.name) };
  if (action === 'plan') {
    const code = runCli(['synth', ...(specFile ? ['--spec', specFile] : ['--env', (source as { env: string }).env])], {
      cwd,
      env: process.env,
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
    });
    if (code !== 0) process.exit(code);
    fs.mkdirSync(dirs.plans, { recursive: true });
  }
  for (const step of action === 'plan' ? planSteps(spec, dirs) : applySteps(spec, dirs, purge)) run(step);
} catch (error) {
  process.stderr.write(`${error instanceof ValidationError ? error.message : `${action ?? 'deploy'} failed: ${(error as Error).message}`}\n`);
  process.exitCode = 1;
}
