/**
 * `npm run plan|apply|apply-unit -- [--env NAME | --spec FILE] ...`: the
 * same steps Jenkins and `cdktf deploy` run, from a workstation.
 * - plan: synthesizes the environment, then `terraform init` and `plan -out`
 *   per stack in order (plans in `plans/<env>/`).
 * - apply: applies those saved plans, makes the platform's Secrets exist
 *   (`npm run secrets`), then every apply unit of `dist/<env>/`
 *   in order (tenant check, server-side apply pruned per ApplySet, CRD and
 *   rollout waits).
 * - apply-unit --unit NAME: one unit's steps; the workloads stack of
 *   `cdktf deploy` runs this for each unit.
 * `--dry-run` prints the commands (synthesis included) and runs and writes nothing. Removing a tenant on
 * purpose takes `--purge USER` (or `PLATFORM_PURGE=USER,...` under cdktf).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseFlags, runCommand, specSourceOf, UsageError, type PlatformCommand } from '../app/command-args';
import type { Step } from '../app/deployment-steps';

const USAGE = `usage: deploy.ts plan|apply|apply-unit [--env NAME | --spec FILE] [--unit NAME] [--manifests DIR] [--purge USER]... [--dry-run]
  plan        synthesize, then terraform init and plan per stack (plans/<env>/)
  apply       apply the saved plans, make the platform's Secrets exist (npm run secrets), then every unit of dist/<env>/ in order
  apply-unit  apply one unit of dist/<env>/ (--unit 40-tenants.k8s.yaml)
  --manifests where the environment's manifests are (default dist/<env>)
  --purge     allow pruning this tenant's namespace (repeatable; PLATFORM_PURGE=a,b as well)
  --dry-run   print the commands, run and write nothing`;

async function main(): Promise<void> {
  const [action, ...argv] = process.argv.slice(2);
  const flags = parseFlags(argv, { '--env': 'value', '--spec': 'value', '--unit': 'value', '--manifests': 'value', '--purge': 'list', '--dry-run': 'switch' });
  if (flags.help || action === '--help' || action === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (action !== 'plan' && action !== 'apply' && action !== 'apply-unit') throw new UsageError(`unknown action "${action ?? ''}"`);
  if ((action === 'apply-unit') !== '--unit' in flags.values)
    throw new UsageError(action === 'apply-unit' ? 'apply-unit needs --unit' : '--unit goes with apply-unit');
  // Loaded after the flags: --help and a usage error need none of it.
  const { runCli } = await import('../app/cli');
  const { applySteps, describeStep, planSteps, recordPlannedSpec, savedPlanProblem, unitSteps, unlistedTenants } = await import('../app/deployment-steps');
  const { clusterKubectl, ensurePlatformSecrets } = await import('../app/ensure-secrets');
  const { loadSpec } = await import('../app/load-spec');
  const run = (step: Step, dryRun: boolean): void => {
    process.stdout.write(`$ ${describeStep(step)}\n`);
    if (dryRun) return;
    if (step.kind === 'secrets') {
      const report = ensurePlatformSecrets(spec, clusterKubectl(spec), false);
      process.stdout.write(`${report.lines.map((l) => `  ${l}`).join('\n')}\n`);
      if (report.missing.length) throw new Error(`the platform cannot start without ${report.missing.join(', ')}: create them (see above), then apply again`);
      return;
    }
    if (step.kind === 'tenant-check') {
      const listed = spawnSync(step.list.command, step.list.args, { encoding: 'utf8' });
      if (listed.status !== 0) throw new Error(`could not list tenant namespaces: ${listed.stderr}`);
      const unlisted = unlistedTenants(step, listed.stdout);
      if (unlisted.length) {
        throw new Error(
          `the cluster has tenants the spec no longer lists: ${unlisted.join(', ')}. Pruning would delete their namespaces and data. Offboard them (offboarded: true), or confirm with --purge ${unlisted.join(' --purge ')}`,
        );
      }
      return;
    }
    const result = spawnSync(step.command, step.args, { stdio: 'inherit', env: { ...process.env, ...step.env } });
    if (result.status !== 0) throw new Error(`${step.command} exited with ${result.status ?? result.signal}`);
  };
  const cwd = process.cwd();
  const source = specSourceOf(flags.values);
  const spec = loadSpec(source, cwd);
  const purge = [...(flags.lists['--purge'] ?? []), ...(process.env.PLATFORM_PURGE ?? '').split(',').filter(Boolean)];
  const dryRun = flags.switches.has('--dry-run');
  const dirs = {
    terraform: path.resolve(cwd, 'cdktf.out'),
    manifests: path.resolve(cwd, flags.values['--manifests'] ?? path.join('dist', spec.name)),
    plans: path.resolve(cwd, 'plans', spec.name),
  };
  if (action === 'apply-unit') {
    const unit = flags.values['--unit'];
    if (!fs.existsSync(path.join(dirs.manifests, unit))) throw new UsageError(`--unit: no ${unit} in ${path.relative(cwd, dirs.manifests)}; synthesize first`);
    for (const step of unitSteps(spec, dirs.manifests, unit, purge)) run(step, dryRun);
    return;
  }
  const synthArgs = ['synth', ...('specFile' in source ? ['--spec', source.specFile] : ['--env', source.env])];
  if (action === 'plan' && dryRun) process.stdout.write(`$ mlops-platform ${synthArgs.join(' ')}\n`);
  if (action === 'plan' && !dryRun) {
    const code = runCli(synthArgs, {
      cwd,
      env: process.env,
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
    });
    if (code !== 0) process.exit(code);
    fs.mkdirSync(dirs.plans, { recursive: true });
  }
  if (action === 'apply') {
    // Only plans made for this environment from this very spec are applied.
    const problem = savedPlanProblem(spec, dirs);
    if (problem) throw new Error(problem);
  }
  for (const step of action === 'plan' ? planSteps(spec, dirs) : applySteps(spec, dirs, purge)) run(step, dryRun);
  if (action === 'plan' && !dryRun) recordPlannedSpec(spec, dirs);
}

/** `mlops-platform plan|apply|apply-unit`. */
export const deployCommand: PlatformCommand = { name: 'deploy', usage: USAGE, main };

if (require.main === module) runCommand(main, USAGE, 'deploy');
