/**
 * `npm run images -- [--env NAME | --spec FILE] [--json]`: every container
 * image the environment will run (the manifests and every chart release,
 * rendered with its vendored chart) and every Helm chart, as the cluster
 * pulls them (through `registry.mirror` when set) and where to copy them from.
 */
import { parseFlags, runCommand, specSourceOf, type PlatformCommand } from '../app/command-args';
import { DEFAULT_ENVIRONMENT } from '../environments';

const USAGE = `usage: npm run images -- [--env NAME | --spec FILE] [--json | --builds]
  --env     a shipped environment (default: $PLATFORM_ENV or "${DEFAULT_ENVIRONMENT}")
  --spec    a spec file
  --json    machine-readable output
  --builds  the images to build, one per line: <recipe folder> <image> <mirror prefix for base images>`;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { '--env': 'value', '--spec': 'value', '--json': 'switch', '--builds': 'switch' });
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // Loaded after the flags: --help and a usage error need none of it.
  const { environmentInventory } = await import('../app/image-inventory');
  const { loadSpec } = await import('../app/load-spec');
  const spec = loadSpec(specSourceOf(flags.values), process.cwd());
  const found = await environmentInventory(spec);
  if (flags.switches.has('--builds')) {
    process.stdout.write(found.builds.map((b) => `${b.recipe} ${b.image} ${b.mirrorPrefix}\n`).join(''));
    return;
  }
  if (flags.switches.has('--json')) {
    process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
    return;
  }
  const lines = [
    `Images for "${spec.name}" (${found.images.length}):`,
    ...found.images.map((i) => `  ${i.image}${i.build ? `    built from ${i.build}` : i.upstream !== i.image ? `    <- ${i.upstream}` : ''}`),
  ];
  lines.push('', `Helm charts (${found.charts.length}):`);
  lines.push(
    ...found.charts.map((c) => `  ${c.chart} ${c.version}    ${c.repository}${c.upstream !== c.repository ? `    <- ${c.upstream}` : ''}    (${c.release})`),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `mlops-platform images`. */
export const imagesCommand: PlatformCommand = { name: 'images', usage: USAGE, main };

if (require.main === module) runCommand(main, USAGE, 'images');
