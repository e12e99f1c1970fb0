import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

/** A chart's default values, values schema and template text, with its subcharts by name (or alias). */
export interface ChartContents {
  readonly name: string;
  readonly values: Record<string, unknown>;
  readonly schema?: Record<string, any>;
  /** Every template and helper file, concatenated. */
  readonly templates: string;
  readonly subcharts: ReadonlyMap<string, ChartContents>;
}

/** Unpacks a packaged chart (once per process) and reads it. */
export function readChart(chartFile: string): ChartContents {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chart-'));
  try {
    execFileSync('tar', ['-xzf', chartFile, '-C', dir]);
    const [top] = fs.readdirSync(dir);
    return readChartDir(path.join(dir, top));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function readChartDir(dir: string): ChartContents {
  const meta = parse(fs.readFileSync(path.join(dir, 'Chart.yaml'), 'utf8'));
  const valuesFile = path.join(dir, 'values.yaml');
  const schemaFile = path.join(dir, 'values.schema.json');
  const subcharts = new Map<string, ChartContents>();
  const chartsDir = path.join(dir, 'charts');
  if (fs.existsSync(chartsDir)) {
    for (const entry of fs.readdirSync(chartsDir)) {
      const full = path.join(chartsDir, entry);
      const sub = fs.statSync(full).isDirectory() ? readChartDir(full) : entry.endsWith('.tgz') ? readChart(full) : undefined;
      if (!sub) continue;
      const alias = (meta.dependencies ?? []).find((d: any) => d.name === sub.name)?.alias;
      subcharts.set(alias ?? sub.name, sub);
    }
  }
  return {
    name: meta.name,
    values: (fs.existsSync(valuesFile) ? parse(fs.readFileSync(valuesFile, 'utf8')) : {}) ?? {},
    schema: fs.existsSync(schemaFile) ? JSON.parse(fs.readFileSync(schemaFile, 'utf8')) : undefined,
    templates: templateText(path.join(dir, 'templates')),
    subcharts,
  };
}

function templateText(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

/** Every leaf key path of a values tree (arrays and scalars are leaves). */
export function leafPaths(values: unknown, prefix: string[] = []): string[][] {
  if (values === null || typeof values !== 'object' || Array.isArray(values) || !Object.keys(values).length) return [prefix];
  return Object.entries(values).flatMap(([key, value]) => leafPaths(value, [...prefix, key]));
}

/**
 * Whether the chart reads a values key path: the path is in its default
 * values (a free-form map, `{}` or `null` there, takes any key below it), in
 * its values schema, or a template names it (`.Values.a.b`), or a template
 * takes a parent whole (`toYaml .Values.a`, `merge .Values.a.image ...`) and
 * the key below it is a free-form map key or a field the templates read
 * (`.registry`); paths below a subchart's name are the subchart's, `global`
 * is everyone's.
 */
export function readsKey(chart: ChartContents, keyPath: readonly string[]): boolean {
  const [head, ...rest] = keyPath;
  const sub = chart.subcharts.get(head);
  if (sub && readsKey(sub, rest)) return true;
  if (head === 'global' && [...chart.subcharts.values()].some((s) => readsKey(s, keyPath))) return true;
  return (
    inDefaults(chart.values, keyPath) ||
    inSchema(chart.schema, keyPath) ||
    namedInTemplates(chart.templates, keyPath) ||
    readThroughParent(chart.templates, keyPath)
  );
}

function readThroughParent(templates: string, keyPath: readonly string[]): boolean {
  for (let k = keyPath.length - 1; k >= 1; k--) {
    if (!namedInTemplates(templates, keyPath.slice(0, k), true)) continue;
    const key = keyPath[k];
    return !IDENTIFIER.test(key) || new RegExp(`\\.${key}(?![\\w])`).test(templates);
  }
  return false;
}

function inDefaults(values: unknown, keyPath: readonly string[]): boolean {
  let node = values;
  for (const key of keyPath) {
    if (node === null) return true;
    if (typeof node !== 'object' || Array.isArray(node)) return false;
    const record = node as Record<string, unknown>;
    if (!Object.keys(record).length) return true;
    if (!(key in record)) return false;
    node = record[key];
  }
  return true;
}

function inSchema(schema: Record<string, any> | undefined, keyPath: readonly string[]): boolean {
  let node = schema;
  for (const key of keyPath) {
    if (!node) return false;
    if (node.properties?.[key]) node = node.properties[key];
    else if (node.additionalProperties && typeof node.additionalProperties === 'object') node = node.additionalProperties;
    else return false;
  }
  return !!node;
}

const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** `.Values.a.b` in a template; `whole`: used as a whole, not followed by a further field. */
function namedInTemplates(templates: string, keyPath: readonly string[], whole = false): boolean {
  if (!keyPath.every((k) => IDENTIFIER.test(k))) return false;
  const reference = `.Values.${keyPath.join('.')}`.replace(/\./g, '\\.');
  return new RegExp(`${reference}(?![\\w${whole ? '.' : ''}])`).test(templates);
}
