import { type KubeObject, type TerraformStackJson, terraformResources } from '../constructs/policy/guardrail';
import { containersOf, podTemplates } from '../constructs/policy/inspect';
import { PINNED_CHARTS } from '../constructs/lib/helm-charts';

/** An image a manifest names, and where the site's mirror must get it from. */
export interface ImageEntry {
  /** The reference the cluster pulls (the mirror's, when one is set). */
  readonly image: string;
  /** The upstream reference to copy into the mirror. */
  readonly upstream: string;
}

/** A Helm chart a stack installs. */
export interface ChartEntry {
  readonly chart: string;
  readonly version: string;
  /** Repository the release pulls from (the mirror's, when one is set). */
  readonly repository: string;
  /** Terraform address. */
  readonly release: string;
  /** The upstream repository to copy it from. */
  readonly upstream: string;
}

/** Everything an air-gapped site must mirror for one environment. */
export interface Inventory {
  readonly images: readonly ImageEntry[];
  readonly charts: readonly ChartEntry[];
}

/**
 * Lists the images the manifests run (workloads, the MinIO Tenant, the
 * PostgreSQL clusters) and the charts the stacks install, each once, sorted.
 * Images inside charts come with each chart's version; `helm template` of the
 * mirrored chart lists them (the README shows how).
 */
export function inventory(objects: readonly KubeObject[], stacks: readonly TerraformStackJson[], mirror?: string): Inventory {
  const names = new Set<string>();
  for (const { spec } of podTemplates(objects)) for (const c of containersOf(spec)) names.add(c.image);
  for (const o of objects) {
    if (o.kind === 'Tenant' && o.spec?.image) names.add(o.spec.image);
    if (o.kind === 'Cluster' && o.spec?.imageName) names.add(o.spec.imageName);
  }
  const upstream = (image: string) => (mirror && image.startsWith(`${mirror}/`) ? image.slice(mirror.length + 1) : image);
  const images = [...names].sort().map((image) => ({ image, upstream: upstream(image) }));
  const charts = terraformResources(stacks)
    .filter((r) => r.type === 'helm_release')
    .map((r) => ({
      chart: r.body.chart,
      version: r.body.version,
      repository: r.body.repository,
      release: `${r.stack}:helm_release.${r.name}`,
      upstream: Object.values(PINNED_CHARTS).find((c) => c.chart === r.body.chart)?.repository ?? r.body.repository,
    }))
    .sort((a, b) => a.release.localeCompare(b.release));
  return { images, charts };
}
