/**
 * `npm run vendor:charts -- [--chart KEY --version VERSION] [--from DIR] [--dry-run]`:
 * refreshes `vendor/charts/` for maintainers. Every pinned chart (or one, at
 * another version) is pulled from its upstream repository with `helm pull`,
 * or copied from a folder of packaged charts with `--from`; then
 * `SHA256SUMS` is rewritten. Record each new archive's source in
 * `vendor/charts/SOURCES.md`, then run the tests: they render every release
 * with what is vendored.
 */
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseFlags, runCommand, UsageError } from '../app/command-args';
import { PROJECT_ROOT, VENDORED_CHARTS_DIR, vendoredChartFile } from '../app/helm-render';
import { findTool } from '../app/upstream-tools';
import { type ChartKey, type ChartSource, PINNED_CHARTS } from '../constructs/lib/helm-charts';

const USAGE = `usage: npm run vendor:charts -- [--chart KEY --version VERSION] [--from DIR] [--dry-run]
  --chart    one chart key (${Object.keys(PINNED_CHARTS).join(', ')}); default: every pinned chart
  --version  with --chart: the version to vendor instead of the pinned one
  --from     copy <chart>-<version>.tgz from this folder instead of pulling
  --dry-run  print what would be done`;

function main(): void {
  const flags = parseFlags(process.argv.slice(2), { '--chart': 'value', '--version': 'value', '--from': 'value', '--dry-run': 'switch' });
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const key = flags.values['--chart'];
  if (key !== undefined && !(key in PINNED_CHARTS)) throw new UsageError(`--chart: no chart "${key}"`);
  if (flags.values['--version'] && !key) throw new UsageError('--version goes with --chart');
  const charts: ChartSource[] = key
    ? [{ ...PINNED_CHARTS[key as ChartKey], version: flags.values['--version'] ?? PINNED_CHARTS[key as ChartKey].version }]
    : Object.values(PINNED_CHARTS);
  const dir = path.join(PROJECT_ROOT, VENDORED_CHARTS_DIR);
  const dryRun = flags.switches.has('--dry-run');
  for (const chart of charts) {
    const target = path.join(PROJECT_ROOT, vendoredChartFile(chart.chart, chart.version));
    const from = flags.values['--from'];
    if (from) {
      process.stdout.write(`copy ${path.join(from, path.basename(target))} -> ${path.relative(PROJECT_ROOT, target)}\n`);
      if (!dryRun) fs.copyFileSync(path.join(from, path.basename(target)), target);
      continue;
    }
    const reference = chart.repository.startsWith('oci://') ? [`${chart.repository}/${chart.chart}`] : [chart.chart, '--repo', chart.repository];
    const args = ['pull', ...reference, '--version', chart.version, '--destination', dir];
    process.stdout.write(`$ helm ${args.join(' ')}\n`);
    if (dryRun) continue;
    execFileSync(findTool('helm').path, args, { stdio: 'inherit' });
    if (!fs.existsSync(target))
      throw new Error(`helm pull did not write ${path.relative(PROJECT_ROOT, target)}: pin the version exactly as the chart's Chart.yaml names it`);
  }
  if (dryRun) return;
  const archives = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.tgz'))
    .sort();
  const sums = archives.map(
    (f) =>
      `${crypto
        .createHash('sha256')
        .update(fs.readFileSync(path.join(dir, f)))
        .digest('hex')}  ${f}`,
  );
  fs.writeFileSync(path.join(dir, 'SHA256SUMS'), `${sums.join('\n')}\n`);
  const pinned = new Set(Object.values(PINNED_CHARTS).map((c) => path.basename(vendoredChartFile(c.chart, c.version))));
  const unused = archives.filter((f) => !pinned.has(f));
  process.stdout.write(
    `SHA256SUMS: ${archives.length} archives${unused.length ? `; not pinned (remove them once no spec overrides to them): ${unused.join(', ')}` : ''}\n`,
  );
  process.stdout.write('Record each new archive in vendor/charts/SOURCES.md, then run npm test.\n');
}

runCommand(main, USAGE);
