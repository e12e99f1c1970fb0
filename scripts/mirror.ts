/**
 * `npm run mirror -- [--env NAME | --spec FILE] [--tool crane|skopeo] [--dry-run]`:
 * copies every image the environment pulls through `registry.mirror` from
 * upstream into the mirror, and pushes every vendored chart to
 * `registry.charts`. Run it where both upstream and the mirror are reachable;
 * `--dry-run` prints the commands and runs nothing.
 */
import { spawnSync } from 'node:child_process';
import type { CopyTool } from '../app/mirror-commands';
import { parseFlags, runCommand, UsageError, specSourceOf, type PlatformCommand } from '../app/command-args';
import { ValidationError } from '../constructs/lib/problems';
import { DEFAULT_ENVIRONMENT } from '../environments';

const USAGE = `usage: npm run mirror -- [--env NAME | --spec FILE] [--tool crane|skopeo] [--dry-run]
  --env      a shipped environment (default: $PLATFORM_ENV or "${DEFAULT_ENVIRONMENT}")
  --spec     a spec file
  --tool     what copies images: crane (default) or skopeo
  --dry-run  print the commands, run nothing`;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { '--env': 'value', '--spec': 'value', '--tool': 'value', '--dry-run': 'switch' });
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // Loaded after the flags: --help and a usage error need none of it.
  const { PROJECT_ROOT } = await import('../app/helm-render');
  const { environmentInventory } = await import('../app/image-inventory');
  const { loadSpec } = await import('../app/load-spec');
  const { mirrorPlan } = await import('../app/mirror-commands');
  const tool = (flags.values['--tool'] ?? 'crane') as CopyTool;
  if (tool !== 'crane' && tool !== 'skopeo') throw new UsageError(`--tool must be crane or skopeo, got "${tool}"`);
  const spec = loadSpec(specSourceOf(flags.values), process.cwd());
  if (!spec.registry.mirror)
    throw new ValidationError(spec.name, ['registry.mirror: is not set, so the environment pulls from upstream registries and there is nothing to mirror']);
  const found = await environmentInventory(spec);
  const plan = mirrorPlan(found, tool, spec.registry.charts);
  const dryRun = flags.switches.has('--dry-run');
  for (const { command, args } of plan.commands) {
    process.stdout.write(`$ ${[command, ...args].join(' ')}\n`);
    if (dryRun) continue;
    const result = spawnSync(command, args, { stdio: 'inherit', cwd: PROJECT_ROOT });
    if (result.error) throw new Error(`${command} could not run (${result.error.message}); install it or use --tool`);
    if (result.status !== 0) throw new Error(`${command} exited with ${result.status ?? result.signal}`);
  }
  for (const note of plan.notes) process.stdout.write(`note: ${note}\n`);
}

/** `mlops-platform mirror`. */
export const mirrorCommand: PlatformCommand = { name: 'mirror', usage: USAGE, main };

if (require.main === module) runCommand(main, USAGE, 'mirror');
