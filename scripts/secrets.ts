/**
 * `npm run secrets -- [--env NAME | --spec FILE] [--dry-run]`: creates every
 * Secret the platform needs that does not exist yet, with random values made
 * in memory and sent to the cluster on kubectl's standard input (never
 * written, printed or logged); lists the ones only the site can make. Never
 * overwrites a Secret. `npm run apply` runs the same step after the
 * Terraform stacks. Exit 1 while a Secret is still missing.
 */
import { parseFlags, runCommand, specSourceOf, type PlatformCommand } from '../app/command-args';

const USAGE = `usage: npm run secrets -- [--env NAME | --spec FILE] [--dry-run]
  creates the platform's missing Secrets (random values, never shown) and lists those only the site can make
  --dry-run  read the cluster, create nothing`;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { '--env': 'value', '--spec': 'value', '--dry-run': 'switch' });
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // Loaded after the flags: --help and a usage error need none of it.
  const { clusterKubectl, ensurePlatformSecrets } = await import('../app/ensure-secrets');
  const { loadSpec } = await import('../app/load-spec');
  const spec = loadSpec(specSourceOf(flags.values), process.cwd());
  const report = ensurePlatformSecrets(spec, clusterKubectl(spec), flags.switches.has('--dry-run'));
  process.stdout.write(`${report.lines.join('\n')}\n`);
  if (report.missing.length) throw new Error(`${report.missing.length} Secret(s) still missing: ${report.missing.join(', ')}`);
}

/** `mlops-platform secrets`. */
export const secretsCommand: PlatformCommand = { name: 'secrets', usage: USAGE, main };

if (require.main === module) runCommand(main, USAGE, 'secrets');
