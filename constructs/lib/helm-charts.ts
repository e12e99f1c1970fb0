/**
 * Helm charts the platform installs: upstream source and pinned version. A
 * site overrides the version in `charts.<key>.version` and the source with
 * `registry.charts` (its mirror); nothing is ever installed unpinned.
 */

/** Where a chart comes from and which version is pinned. */
export interface ChartSource {
  /** Chart name in its repository. */
  readonly chart: string;
  /** Upstream repository URL (`https://` Helm repository or `oci://` registry). */
  readonly repository: string;
  /** Pinned chart version. */
  readonly version: string;
}

/** The charts the stacks install, by key. */
export const PINNED_CHARTS = {
  gpuOperator: { chart: 'gpu-operator', repository: 'https://helm.ngc.nvidia.com/nvidia', version: 'v26.7.0' },
  csiDriverNfs: { chart: 'csi-driver-nfs', repository: 'https://raw.githubusercontent.com/kubernetes-csi/csi-driver-nfs/master/charts', version: '4.11.0' },
  certManager: { chart: 'cert-manager', repository: 'https://charts.jetstack.io', version: 'v1.21.1' },
  minioOperator: { chart: 'operator', repository: 'https://operator.min.io', version: '7.1.1' },
  cloudnativePg: { chart: 'cloudnative-pg', repository: 'https://cloudnative-pg.github.io/charts', version: '0.29.0' },
  kueue: { chart: 'kueue', repository: 'oci://registry.k8s.io/kueue/charts', version: '0.19.2' },
} as const satisfies Record<string, ChartSource>;

/** A key of {@link PINNED_CHARTS}. */
export type ChartKey = keyof typeof PINNED_CHARTS;

/** The chart to install: the pinned one, with the site's mirror and version override applied. */
export function resolveChart(key: ChartKey, mirror?: string, version?: string): ChartSource {
  const pinned = PINNED_CHARTS[key];
  return { chart: pinned.chart, repository: mirror ?? pinned.repository, version: version ?? pinned.version };
}

/**
 * An image repository rewritten to the site's mirror: `nvcr.io/nvidia/gpu-operator`
 * becomes `<mirror>/nvcr.io/nvidia/gpu-operator`, so one mirror holds every
 * upstream registry side by side. A reference already in the mirror is left as it is.
 */
export function mirroredRepository(repository: string, mirror?: string): string {
  return mirror && !repository.startsWith(`${mirror}/`) ? `${mirror}/${repository}` : repository;
}
