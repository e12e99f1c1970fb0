/**
 * Finds every image an object names, at every place it stands: container
 * `image` fields, operator custom resources that split an image into
 * `repository`/`image`/`version` (the GPU Operator's ClusterPolicy), and
 * registry-qualified references inside any other string (environment
 * variables and flags naming images an operator starts at run time, config
 * files in ConfigMaps). CRDs are skipped: their schemas only describe images.
 */
import type { KubeObject } from '../constructs/policy/guardrail';

/** One image at one place. */
export interface ImagePosition {
  /** `Kind/namespace/name`. */
  readonly object: string;
  /**
   * Where in the object: a JSON path in which list items that have a name
   * (containers, environment variables) are named (`containers[manager]`)
   * so positions compare across renders, and `#N` is the N-th reference
   * inside one string.
   */
  readonly path: string;
  /** The reference as the cluster pulls it. */
  readonly image: string;
}

/**
 * A registry-qualified image reference with a tag or digest inside free text:
 * the host has a dot (or a port), and it does not follow `/` or `:` (so URLs
 * such as `https://charts.example.org/x:y` are not taken).
 */
const QUALIFIED_IMAGE =
  /(?<![\w./:@-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]+(?::\d+)?\/[a-z0-9]+(?:(?:[._-]|__|\/)[a-z0-9]+)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?)/g;

/**
 * A bare name with neither registry nor tag (the GPU Operator's vGPU manager):
 * a placeholder for an image the site builds itself, not one to pull or mirror.
 */
export function isPlaceholderImage(image: string): boolean {
  return !/[/:@]/.test(image);
}

/** The object's name for reports: `Kind/namespace/name` (`Kind//name` when cluster-scoped). */
export function objectId(object: KubeObject): string {
  return `${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
}

/** Every image position of the objects, in document order. */
export function imagePositions(objects: readonly KubeObject[]): ImagePosition[] {
  const found: ImagePosition[] = [];
  for (const object of objects) {
    if (object.kind === 'CustomResourceDefinition') continue;
    const id = objectId(object);
    walk(object, '', (path, image) => found.push({ object: id, path, image }));
  }
  return found;
}

function walk(node: unknown, at: string, report: (path: string, image: string) => void): void {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) walk(item, `${at}[${nameOf(item) ?? i}]`, report);
    return;
  }
  if (node === null || typeof node !== 'object') {
    if (typeof node === 'string') scanText(node, at, report);
    return;
  }
  const record = node as Record<string, unknown>;
  const split = typeof record.image === 'string' && typeof record.repository === 'string' && record.repository !== '';
  for (const [key, value] of Object.entries(record)) {
    const here = at ? `${at}.${key}` : key;
    if (split && (key === 'repository' || key === 'version')) continue;
    if (key === 'image' && typeof value === 'string') {
      if (split) report(`${at}{repository,image,version}`, splitImage(record));
      else if (value) report(here, value);
      continue;
    }
    walk(value, here, report);
  }
}

function nameOf(item: unknown): string | undefined {
  const name = item !== null && typeof item === 'object' ? (item as Record<string, unknown>).name : undefined;
  return typeof name === 'string' ? name : undefined;
}

function scanText(text: string, at: string, report: (path: string, image: string) => void): void {
  let index = 0;
  for (const match of text.matchAll(QUALIFIED_IMAGE)) {
    const reference = match[1];
    if (!/(:[\w][\w.-]*|@sha256:[a-f0-9]{64})$/.test(reference.slice(reference.lastIndexOf('/')))) continue;
    report(`${at}#${index++}`, reference);
  }
}

/** `repository/image:version` (or `@version` for a digest), as the GPU Operator composes it. */
function splitImage(record: Record<string, unknown>): string {
  const base = `${record.repository}/${record.image}`;
  const version = typeof record.version === 'string' ? record.version : '';
  if (!version) return base;
  return version.startsWith('sha256:') ? `${base}@${version}` : `${base}:${version}`;
}

/** Configuration keys and environment variables that name an image without a registry host, which the text scan cannot tell from other values. */
const IMAGE_SETTINGS = new Set(['TENSORBOARD_IMAGE', 'VOLUME_VIEWER_IMAGE', 'cacheImage']);

/**
 * Images named where {@link imagePositions} cannot see them: settings known
 * to hold an image (a ConfigMap key or environment variable), and the proxy
 * image Istio's sidecar injector composes from its values (`hub`, `tag`).
 */
export function embeddedImages(objects: readonly KubeObject[]): ImagePosition[] {
  const found: ImagePosition[] = [];
  for (const object of objects) {
    const id = objectId(object);
    if (object.kind === 'ConfigMap') {
      for (const [key, value] of Object.entries<string>(object.data ?? {}))
        if (IMAGE_SETTINGS.has(key)) found.push({ object: id, path: `data.${key}`, image: value });
      if (object.metadata.name === 'istio-sidecar-injector' && object.data?.values) {
        const global = JSON.parse(object.data.values).global;
        found.push({ object: id, path: 'data.values#global.hub', image: `${global.hub}/${global.proxy?.image ?? 'proxyv2'}:${global.tag}` });
      }
    }
    for (const template of [object.spec?.template?.spec]) {
      for (const container of [...(template?.containers ?? []), ...(template?.initContainers ?? [])]) {
        for (const env of container.env ?? [])
          if (IMAGE_SETTINGS.has(env.name) && typeof env.value === 'string')
            found.push({ object: id, path: `containers[${container.name}].env[${env.name}]`, image: env.value });
      }
    }
  }
  return found;
}
