/**
 * `npm run restore -- [--env NAME | --spec FILE] --what ID [--dry-run]`: the
 * restore of one item of the data inventory (`docs/data-and-recovery.md`
 * lists them): `--dry-run` prints its steps; without it they run in order
 * (bash, stopping at the first failure), with kubectl on the spec's cluster
 * and `mc`. Steps name `$VARIABLES` the operator sets (which version, which
 * dump, which saved copy); unset, the latest dump is taken.
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseFlags, runCommand, UsageError, specSourceOf, type PlatformCommand } from '../app/command-args';

const USAGE = `usage: npm run restore -- [--env NAME | --spec FILE] --what ID [--dry-run]
  restores one item of the data inventory (ids in docs/data-and-recovery.md, e.g. database/pipelines)
  --dry-run  print the steps, run nothing`;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { '--env': 'value', '--spec': 'value', '--what': 'value', '--dry-run': 'switch' });
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // Loaded after the flags: --help and a usage error need none of it.
  const { buildPlatform } = await import('../app/build-platform');
  const { loadSpec } = await import('../app/load-spec');
  const { kubeconfigPath } = await import('../app/deployment-steps');
  const what = flags.values['--what'];
  if (!what) throw new UsageError('--what is required');
  const spec = loadSpec(specSourceOf(flags.values), process.cwd());
  const { inventory } = buildPlatform(spec, path.join(os.tmpdir(), 'mlops-platform-restore'));
  const item = inventory.find((i) => i.id === what);
  if (!item)
    throw new UsageError(
      `--what: no item ${what} in ${spec.name}'s inventory; one of ${inventory
        .map((i) => i.id)
        .filter((id) => !id.startsWith('secret/'))
        .join(', ')}, or secret/<namespace>/<name>`,
    );
  process.stdout.write(`${item.id}: ${item.what}\n  backup: ${item.backup}\n  kept: ${item.retention}\n`);
  for (const step of item.restore) {
    process.stdout.write(`$ ${step}\n`);
    if (flags.switches.has('--dry-run') || /^\s*#/.test(step)) continue;
    const result = spawnSync('bash', ['-euo', 'pipefail', '-c', step], { stdio: 'inherit', env: { ...process.env, KUBECONFIG: kubeconfigPath(spec) } });
    if (result.status !== 0) throw new Error(`step failed (${result.status ?? result.signal}); the steps after it did not run`);
  }
}

/** `mlops-platform restore`. */
export const restoreCommand: PlatformCommand = { name: 'restore', usage: USAGE, main };

if (require.main === module) runCommand(main, USAGE, 'restore');
