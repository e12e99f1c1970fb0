/**
 * `npm run images -- --env NAME [--json]`: every container image and Helm
 * chart (with versions) the environment needs, as the cluster will pull them
 * (rewritten to `registry.mirror` when set) and where to copy them from.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { inventory } from '../app/image-inventory';
import { loadSpec } from '../app/load-spec';
import { discard, stagePlatform } from '../app/synthesize';
import { ValidationError } from '../constructs/lib/problems';
import { DEFAULT_ENVIRONMENT } from '../environments';

const argv = process.argv.slice(2);
const value = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
try {
  const specFile = value('--spec');
  const spec = loadSpec(specFile ? { specFile } : { env: value('--env') ?? process.env.PLATFORM_ENV ?? DEFAULT_ENVIRONMENT }, process.cwd());
  const root = path.join(os.tmpdir(), 'mlops-images');
  const staged = stagePlatform(spec, root);
  discard(staged.stagingDir);
  const found = inventory(staged.manifests.flatMap((m) => m.objects), staged.stacks, spec.registry.mirror);
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
  } else {
    const lines = [`Images for "${spec.name}" (${found.images.length}):`, ...found.images.map((i) => `  ${i.image}${i.upstream !== i.image ? `    <- ${i.upstream}` : ''}`)];
    lines.push('', `Helm charts (${found.charts.length}); mirror each, then list its images with \`helm template <chart> --version <version> | grep image:\`:`);
    lines.push(...found.charts.map((c) => `  ${c.chart} ${c.version}    ${c.repository}${c.upstream !== c.repository ? `    <- ${c.upstream}` : ''}    (${c.release})`));
    process.stdout.write(`${lines.join('\n')}\n`);
  }
} catch (error) {
  process.stderr.write(`${error instanceof ValidationError ? error.message : `images failed: ${(error as Error).message}`}\n`);
  process.exitCode = 1;
}
