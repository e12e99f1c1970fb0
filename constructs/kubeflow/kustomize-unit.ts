/**
 * A kustomize apply unit over the vendored Kubeflow community distribution:
 * upstream folders as its bases, and only what the spec decides on top —
 * patches, image overrides and generated configuration. Kubeflow
 * ships kustomize and asks for overlays, never edits; the writer in `app/`
 * turns a unit into `dist/<env>/<name>/kustomization.yaml`.
 */
import { mirroredRepository } from '../lib/helm-charts';

/** The vendored distribution's folder under `vendor/kubeflow/`. */
export const KUBEFLOW_DISTRIBUTION = 'community-distribution-26.03.1';

/** Which objects a patch applies to. */
export interface PatchTarget {
  readonly kind: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly group?: string;
  readonly version?: string;
}

/** A strategic-merge patch (an object with apiVersion, kind and metadata) or JSON 6902 operations on `target`. */
export type KustomizePatch =
  | { readonly merge: Record<string, unknown> }
  | { readonly target: PatchTarget; readonly operations: readonly Record<string, unknown>[] };

/**
 * A text replacement inside a vendored file, turned into a patch when the
 * unit is written: for values upstream keeps as text inside a ConfigMap
 * (Istio's injector values are JSON), which no kustomize transformer reaches.
 */
export interface VendoredTextPatch {
  /** The vendored file holding the object (a strategic-merge patch or manifest), relative to the distribution. */
  readonly file: string;
  readonly kind: string;
  readonly name: string;
  /** The `data` key to rewrite. */
  readonly key: string;
  readonly replace: readonly { readonly from: string; readonly to: string }[];
}

/** A ConfigMap the unit generates (`create`), or a change to one upstream generates. */
export interface GeneratedConfigMap {
  readonly name: string;
  readonly namespace?: string;
  readonly behavior: 'create' | 'replace' | 'merge';
  /** Files of the unit, by key. */
  readonly files?: Readonly<Record<string, string>>;
  readonly literals?: Readonly<Record<string, string>>;
}

/** One apply unit. */
export interface KustomizeUnit {
  /** Folder name, which is also its apply order: `33-kubeflow-auth`. */
  readonly name: string;
  /** Upstream folders it builds on, relative to the distribution. */
  readonly upstream: readonly string[];
  /** Upstream kustomize components it adds, relative to the distribution. */
  readonly components?: readonly string[];
  readonly patches?: readonly KustomizePatch[];
  readonly textPatches?: readonly VendoredTextPatch[];
  /** Image overrides by upstream name (`images:`): the mirror's copy. */
  readonly images?: readonly { readonly name: string; readonly newName: string }[];
  /** ConfigMaps of the unit and changes to those upstream generates (`configMapGenerator`), by their final name: created, replaced by files of the unit, or literals merged in. */
  readonly configMaps?: readonly GeneratedConfigMap[];
}

/** Image overrides that pull every listed upstream image through the mirror (none without one). */
export function mirroredImages(images: readonly string[], mirror?: string): { name: string; newName: string }[] {
  return mirror ? images.map((name) => ({ name, newName: mirroredRepository(name, mirror) })) : [];
}

/** A strategic-merge patch that deletes one upstream object. */
export function deleteObject(apiVersion: string, kind: string, name: string, namespace?: string): KustomizePatch {
  return { merge: { $patch: 'delete', apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } } };
}

/** A strategic-merge patch of an upstream Deployment's pod template (containers merge by name, env by name). */
export function patchDeployment(name: string, namespace: string, template: Record<string, unknown>): KustomizePatch {
  return { merge: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace }, spec: { template } } };
}
