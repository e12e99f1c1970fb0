import { parse, stringify } from 'yaml';
import { imagePositions, isPlaceholderImage, objectId } from '../../app/image-references';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { mirroredImage } from '../../constructs/lib/images';
import { type ChartContents, leafPaths, readsKey } from './chart-contents';

/** Keys whose string values choose an image; the upstream twin of a release leaves them to the chart. */
const IMAGE_KEYS = new Set(['repository', 'registry', 'image', 'tag', 'digest']);

/**
 * The release's values with every image choice taken out (image keys, and
 * strings that point into the mirror), so the chart renders its own default
 * image at each place: what the mirrored render must match one for one.
 */
export function upstreamTwinValues(values: readonly string[], mirror?: string): string[] {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    const kept = Object.entries(node).filter(
      ([key, value]) => !(typeof value === 'string' && (IMAGE_KEYS.has(key) || (mirror && value.startsWith(`${mirror}/`)))),
    );
    return Object.fromEntries(kept.map(([key, value]) => [key, strip(value)]));
  };
  return values.map((doc) => stringify(strip(parse(doc)), { lineWidth: 0 }));
}

/**
 * An image an operator starts at run time from a compiled-in default unless
 * its Deployment names one (an environment variable the chart sets only when
 * asked): the upstream source at the pinned tag is the only place it shows.
 */
export interface RunTimeImage {
  readonly chart: string;
  readonly version: string;
  /** The image position in the operator's render (`ImagePosition` object and path). */
  readonly object: string;
  readonly path: string;
  /** What the operator pulls when the variable is unset. */
  readonly upstreamDefault: string;
  /** The upstream file and tag that say so. */
  readonly source: string;
}

/** The run-time image defaults of the charts the platform installs. */
export const RUN_TIME_IMAGES: readonly RunTimeImage[] = [
  {
    chart: 'operator',
    version: '7.1.1',
    object: 'Deployment/minio-operator/minio-operator',
    path: 'spec.template.spec.containers[operator].env[OPERATOR_SIDECAR_IMAGE].value#0',
    upstreamDefault: 'quay.io/minio/operator-sidecar:v7.0.1',
    source: 'minio/operator v7.1.1 pkg/resources/statefulsets/minio-sidecar.go: DefaultSidecarImage, overridden by OPERATOR_SIDECAR_IMAGE',
  },
];

/**
 * Compares every image position of a release's render with its upstream
 * twin's: each must be the mirrored twin (or the twin itself without a
 * mirror), no position may be missing on either side, and images an operator
 * would pull at run time count as positions of the twin.
 */
export function imageMismatches(
  ours: readonly KubeObject[],
  twin: readonly KubeObject[],
  chart: { chart: string; version: string },
  mirror?: string,
): string[] {
  const key = (p: { object: string; path: string }) => `${p.object} ${p.path}`;
  const upstream = new Map(imagePositions(twin).map((p) => [key(p), p.image]));
  for (const runTime of RUN_TIME_IMAGES.filter((r) => r.chart === chart.chart && r.version === chart.version)) {
    if (!upstream.has(key(runTime))) upstream.set(key(runTime), runTime.upstreamDefault);
  }
  const problems: string[] = [];
  for (const position of imagePositions(ours)) {
    const twinImage = upstream.get(key(position));
    upstream.delete(key(position));
    if (twinImage === undefined) {
      problems.push(`${key(position)}: ${position.image} has no upstream twin`);
      continue;
    }
    const expected = isPlaceholderImage(twinImage) ? twinImage : mirroredImage(twinImage, mirror);
    if (position.image !== expected) problems.push(`${key(position)}: ${position.image}, expected ${expected}`);
  }
  for (const [where, image] of upstream) problems.push(`${where}: upstream runs ${image} here, the platform's render does not`);
  return problems;
}

/** Every values key path the release sets that its chart does not read. */
export function unreadKeys(chart: ChartContents, values: readonly string[]): string[] {
  return values
    .flatMap((doc) => leafPaths(parse(doc)))
    .filter((keyPath) => !readsKey(chart, keyPath))
    .map((keyPath) => keyPath.join('.'));
}

/**
 * Every string value the release sets that reaches nothing in the render: a
 * value the chart reads but then ignores (a setting another one overrides).
 * Strings holding YAML are found when a rendered string parses to a document
 * that contains them.
 */
export function valuesWithoutEffect(rendered: readonly KubeObject[], values: readonly string[]): string[] {
  const strings = rendered.flatMap((o) => [
    ...stringsOf(o),
    ...(o.kind === 'Secret' ? Object.values(o.data ?? {}).map((v) => Buffer.from(String(v), 'base64').toString('utf8')) : []),
  ]);
  const documents = strings.filter((s) => s.includes('\n')).map(tryParse);
  return values.flatMap((doc) => {
    const tree = parse(doc);
    return leafPaths(tree)
      .map((keyPath) => ({ keyPath, value: keyPath.reduce<any>((node, k) => node?.[k], tree) }))
      .filter(({ value }) => typeof value === 'string' && value !== '')
      .filter(({ value }) => !strings.some((s) => s.includes(value)) && !documents.some((d) => d !== undefined && contains(d, tryParse(value))))
      .map(({ keyPath, value }) => `${keyPath.join('.')} = ${JSON.stringify(value).slice(0, 80)}`);
  });
}

/** Namespaced objects of a render outside the namespaces the stacks create. */
export function objectsOutside(
  rendered: readonly KubeObject[],
  releaseNamespace: string,
  namespaces: ReadonlySet<string>,
  kinds: ReadonlySet<string>,
): string[] {
  return rendered.filter((o) => kinds.has(o.kind) && !namespaces.has(o.metadata.namespace ?? releaseNamespace)).map(objectId);
}

function stringsOf(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (node === null || typeof node !== 'object') return [];
  return Object.values(node).flatMap(stringsOf);
}

function tryParse(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

/** Whether `whole` holds every field and list item of `part`. */
function contains(whole: unknown, part: unknown): boolean {
  if (part === null || typeof part !== 'object') return whole === part;
  if (Array.isArray(part)) return Array.isArray(whole) && part.every((p) => whole.some((w) => contains(w, p)));
  if (whole === null || typeof whole !== 'object') return false;
  return Object.entries(part).every(([k, v]) => contains((whole as Record<string, unknown>)[k], v));
}
