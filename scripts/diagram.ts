/**
 * `npm run diagram -- --env NAME [--out FILE]`: an SVG of the platform drawn
 * from the spec, rendered by Graphviz compiled to WebAssembly (no system
 * package). Default output: docs/platform-<env>.svg.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseFlags, runCommand, specSourceOf, type PlatformCommand } from '../app/command-args';
import { loadSpec } from '../app/load-spec';
import { platformDot } from '../app/platform-diagram';
import { DEFAULT_ENVIRONMENT } from '../environments';

const USAGE = `usage: npm run diagram -- [--env NAME | --spec FILE] [--out FILE]
  --env   a shipped environment (default: $PLATFORM_ENV or "${DEFAULT_ENVIRONMENT}")
  --spec  a spec file
  --out   where to write the SVG (default: docs/platform-<env>.svg)`;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { '--env': 'value', '--spec': 'value', '--out': 'value' });
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const value = (flag: string) => flags.values[flag];
  const spec = loadSpec(specSourceOf(flags.values), process.cwd());
  const out = path.resolve(value('--out') ?? path.join('docs', `platform-${spec.name}.svg`));
  const { instance } = await import('@viz-js/viz');
  const svg = (await instance()).renderString(platformDot(spec), { format: 'svg', engine: 'dot' });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, svg);
  process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
}

/** `mlops-platform diagram`. */
export const diagramCommand: PlatformCommand = { name: 'diagram', usage: USAGE, main };

if (require.main === module) runCommand(main, USAGE, 'diagram');
