import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isVendored, PROJECT_ROOT, VENDORED_CHARTS_DIR, vendoredChartFile } from '../../app/helm-render';
import { PINNED_CHARTS } from '../../constructs/lib/helm-charts';
import { readChart } from '../support/chart-contents';

const dir = path.join(PROJECT_ROOT, VENDORED_CHARTS_DIR);
const archives = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.tgz'))
  .sort();

describe('vendored charts', () => {
  test('every pinned chart is vendored at its pinned version, and the archive is that chart at that version', () => {
    expect(Object.values(PINNED_CHARTS).filter((c) => !isVendored(c.chart, c.version))).toEqual([]);
    for (const pinned of Object.values(PINNED_CHARTS)) {
      const chart = readChart(path.join(PROJECT_ROOT, vendoredChartFile(pinned.chart, pinned.version)));
      expect(chart.name).toBe(pinned.chart);
    }
  });

  test('SHA256SUMS lists every archive with its checksum', () => {
    const sums = fs
      .readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/));
    expect(sums.map(([, file]) => file)).toEqual(archives);
    for (const [sum, file] of sums)
      expect(
        crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(dir, file)))
          .digest('hex'),
      ).toBe(sum);
  });

  test('SOURCES.md records where each archive came from', () => {
    const sources = fs.readFileSync(path.join(dir, 'SOURCES.md'), 'utf8');
    expect(archives.filter((file) => !sources.includes(`| ${file} |`))).toEqual([]);
  });
});
