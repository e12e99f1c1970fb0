/**
 * Container images the platform runs itself, pinned. Helm charts bring their
 * own (pinned by the chart version); these are the ones our manifests name.
 * Every one is rewritten to the site mirror when `registry.mirror` is set.
 */
import { mirroredRepository } from './helm-charts';

/**
 * The one pull policy of every pod the platform writes: images are pinned
 * and come from the site mirror, so a node's copy is the right one, and
 * `Always` would make every restart depend on the registry (GUARDRAILS
 * SEC-21, not applicable, says why).
 */
export const IMAGE_PULL_POLICY = 'IfNotPresent';

/** Images by role. */
export const PINNED_IMAGES = {
  minio: 'quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z',
  minioClient: 'quay.io/minio/mc:RELEASE.2025-04-16T18-13-26Z',
  /**
   * The sidecar and `validate-arguments` init container the MinIO operator
   * adds to every Tenant pod. Unless its chart sets `operator.sidecarImage`,
   * operator v7.1.1 pulls this compiled-in default at run time
   * (`DefaultSidecarImage` in pkg/resources/statefulsets/minio-sidecar.go).
   */
  minioOperatorSidecar: 'quay.io/minio/operator-sidecar:v7.0.1',
  postgres: 'ghcr.io/cloudnative-pg/postgresql:17.5',
  wireguard: 'docker.io/procustodibus/wireguard:1.0.20210914-r4',
  /** Answers the platform's names for VPN clients on the gateway. */
  coredns: 'registry.k8s.io/coredns/coredns:v1.12.0',
  /** The MySQL client of the Pipelines database's backup: the server's own image (unit 37 runs `mysql:8.4`). */
  pipelinesMysql: 'docker.io/library/mysql:8.4',
  /** The MySQL client of the Katib database's backup: the server's own image (unit 38 runs `mysql:8.0`). */
  katibMysql: 'docker.io/library/mysql:8.0',
  tensorflowServing: 'docker.io/tensorflow/serving:2.18.0',
  tensorflowServingGpu: 'docker.io/tensorflow/serving:2.18.0-gpu',
} as const;

/** An image the platform builds from a recipe of its own (`images/<folder>`), because upstream ships none that works. */
export interface BuiltImage {
  /** The recipe folder, relative to the repository root. */
  readonly recipe: string;
  /** Repository name under `registry.builds`. */
  readonly name: string;
  /** `<upstream version>-<recipe revision>`; a changed recipe bumps the revision. */
  readonly tag: string;
  /** The upstream release the recipe pins. */
  readonly version: string;
  /** The base image the recipe builds on (an upstream reference, pulled through the mirror). */
  readonly base: string;
}

/** Images built by the pipeline, by role. */
export const BUILT_IMAGES = {
  /** MLflow with psycopg2, boto3 and the Kubernetes workspace and authorization plugins (the upstream image has none of them). */
  mlflow: { recipe: 'images/mlflow', name: 'mlflow', tag: '3.12.0-1', version: '3.12.0', base: 'python:3.12.11-slim-bookworm' },
} as const satisfies Record<string, BuiltImage>;

/** Where a built image is pulled from: `<registry>/<name>:<tag>`. */
export function builtImage(image: BuiltImage, registry: string): string {
  return `${registry}/${image.name}:${image.tag}`;
}

/** An image reference rewritten to the site's mirror (`<mirror>/quay.io/minio/mc:...`). */
export function mirroredImage(image: string, mirror?: string): string {
  return mirroredRepository(image, mirror);
}

/** An image reference split into repository and tag, as charts take it (`image.repository`, `image.tag`). */
export function splitImageReference(image: string): { repository: string; tag: string } {
  const colon = image.lastIndexOf(':');
  if (colon < image.lastIndexOf('/') + 1) throw new Error(`image ${image} has no tag`);
  return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
}

/** True when an image names a tag other than `latest`, or a well-formed sha256 digest (GUARDRAILS SEC-19). */
export function isPinnedImage(image: string): boolean {
  if (image.includes('@')) return /@sha256:[0-9a-f]{64}$/.test(image);
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
  return tag !== '' && tag !== 'latest';
}
