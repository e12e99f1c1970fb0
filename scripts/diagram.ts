/**
 * `npm run diagram -- --env NAME [--out FILE]`: an SVG of the platform drawn
 * from the spec, rendered by Graphviz compiled to WebAssembly (no system
 * package). Default output: docs/platform-<env>.svg.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSpec } from '../app/load-spec';
import { platformDot } from '../app/platform-diagram';
import { ValidationError } from '../constructs/lib/problems';
import { DEFAULT_ENVIRONMENT } from '../environments';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const value = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const specFile = value('--spec');
  const spec = loadSpec(specFile ? { specFile } : { env: value('--env') ?? process.env.PLATFORM_ENV ?? DEFAULT_ENVIRONMENT }, process.cwd());
  const out = path.resolve(value('--out') ?? path.join('docs', `platform-${spec.name}.svg`));
  const { instance } = await import('@viz-js/viz');
  const svg = (await instance()).renderString(platformDot(spec), { format: 'svg', engine: 'dot' });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, svg);
  process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ValidationError ? error.message : `diagram failed: ${(error as Error).message}`}\n`);
  process.exitCode = 1;
});
