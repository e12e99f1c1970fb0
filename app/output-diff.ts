/**
 * What a spec change does to the outputs, as `cdk diff` shows it: per
 * manifest file, unit and Terraform stack, the objects and resources added,
 * removed and changed, each change as the lines that differ.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { KubeObject } from '../constructs/policy/guardrail';
import { yamlObjects } from './yaml-documents';

/** One object or resource that differs. */
export interface ItemChange {
  readonly kind: 'added' | 'removed' | 'changed';
  /** `Kind/namespace/name` for objects, `resource.type.name` for Terraform, the file name inside a unit. */
  readonly item: string;
  /** For a change: the differing lines, `- old` / `+ new`, with a line of context around each run. */
  readonly lines: readonly string[];
}

/** The changes of one output file (or unit folder), by its path relative to the outputs' root. */
export interface FileChanges {
  readonly file: string;
  readonly changes: readonly ItemChange[];
}

const CONTEXT = 1;

/** The lines that differ between two texts, with context, from their longest common subsequence. */
export function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // Common prefix and suffix first: most changes touch a few lines of a large text.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--)
    for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: { op: ' ' | '-' | '+'; line: string }[] = a.slice(Math.max(0, start - CONTEXT), start).map((line) => ({ op: ' ', line }));
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      ops.push({ op: ' ', line: x[i++] });
      j++;
    } else if (i < x.length && (j === y.length || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ op: '-', line: x[i++] });
    else ops.push({ op: '+', line: y[j++] });
  }
  ops.push(...a.slice(endA, endA + CONTEXT).map((line) => ({ op: ' ' as const, line })));
  // Keep changed lines and CONTEXT unchanged lines around them; a gap becomes `…`.
  const keep = ops.map((o, k) => o.op !== ' ' || ops.slice(Math.max(0, k - CONTEXT), k + CONTEXT + 1).some((n) => n.op !== ' '));
  const out: string[] = [];
  ops.forEach((o, k) => {
    if (keep[k]) out.push(`${o.op} ${o.line}`.trimEnd());
    else if (keep[k - 1]) out.push('  …');
  });
  return out;
}

/** Items keyed by name, each rendered as text to compare. */
type Items = ReadonlyMap<string, string>;

function compare(before: Items, after: Items): ItemChange[] {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  return names.flatMap((item): ItemChange[] => {
    const [was, is] = [before.get(item), after.get(item)];
    if (was === undefined) return [{ kind: 'added', item, lines: [] }];
    if (is === undefined) return [{ kind: 'removed', item, lines: [] }];
    return was === is ? [] : [{ kind: 'changed', item, lines: lineDiff(was, is) }];
  });
}

/** The objects of a manifest file, by `Kind/namespace/name`, as YAML. */
function manifestItems(file: string | undefined): Items {
  if (file === undefined) return new Map();
  return new Map(
    yamlObjects<KubeObject>(fs.readFileSync(file, 'utf8'), file).map((o) => [`${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`, stringify(o)]),
  );
}

/** The blocks of a Terraform stack: each resource and data source alone, every other top-level block whole. */
function stackItems(file: string | undefined): Items {
  if (file === undefined) return new Map();
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const items = new Map<string, string>();
  for (const [block, body] of Object.entries<Record<string, Record<string, unknown>>>(json)) {
    if (block === 'resource' || block === 'data') {
      for (const [type, byName] of Object.entries(body))
        for (const [name, value] of Object.entries(byName)) items.set(`${block}.${type}.${name}`, JSON.stringify(value, null, 2));
    } else items.set(block, JSON.stringify(body, null, 2));
  }
  return items;
}

/** The files of a unit folder, by name. */
function unitItems(dir: string | undefined): Items {
  if (dir === undefined) return new Map();
  return new Map(
    (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
  );
}

const existing = (p: string) => (fs.existsSync(p) ? p : undefined);

/**
 * Compares two sets of one environment's outputs: each side names its
 * manifest folder (`dist/<env>`) and its stack files (`<stack>` to
 * `cdk.tf.json`). Files are reported by `label(side, relative path)`.
 */
export function diffOutputs(
  before: { readonly manifests: string; readonly stacks: ReadonlyMap<string, string> },
  after: { readonly manifests: string; readonly stacks: ReadonlyMap<string, string> },
  label: { readonly manifests: string; readonly stack: (name: string) => string },
): FileChanges[] {
  const entries = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);
  const names = [...new Set([...entries(before.manifests), ...entries(after.manifests)])].sort();
  const files: FileChanges[] = names.map((name) => {
    const [was, is] = [existing(path.join(before.manifests, name)), existing(path.join(after.manifests, name))];
    const isUnit = [was, is].some((p) => p !== undefined && fs.statSync(p).isDirectory());
    const changes = isUnit ? compare(unitItems(was), unitItems(is)) : compare(manifestItems(was), manifestItems(is));
    return { file: `${label.manifests}/${name}${isUnit ? '/' : ''}`, changes };
  });
  const stacks = [...new Set([...before.stacks.keys(), ...after.stacks.keys()])].sort();
  files.push(
    ...stacks.map((stack) => ({
      file: label.stack(stack),
      changes: compare(stackItems(existing(before.stacks.get(stack) ?? '')), stackItems(existing(after.stacks.get(stack) ?? ''))),
    })),
  );
  return files.filter((f) => f.changes.length > 0);
}

/** The report as text: each file with its changes, then the totals. */
export function formatDiff(files: readonly FileChanges[]): string {
  const sign = { added: '+', removed: '-', changed: '~' } as const;
  const lines = files.flatMap((f) => [f.file, ...f.changes.flatMap((c) => [`  ${sign[c.kind]} ${c.item}`, ...c.lines.map((l) => `      ${l}`)])]);
  const count = (kind: ItemChange['kind']) => files.reduce((n, f) => n + f.changes.filter((c) => c.kind === kind).length, 0);
  lines.push(files.length ? `${count('added')} added, ${count('changed')} changed, ${count('removed')} removed` : 'no differences');
  return `${lines.join('\n')}\n`;
}
