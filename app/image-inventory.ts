import * as os from 'node:os';
import * as path from 'node:path';
import { PINNED_CHARTS } from '../constructs/lib/helm-charts';
import type { KubeObject, TerraformStackJson } from '../constructs/policy/guardrail';
import type { PlatformSpec } from '../environments/spec';
import { helmReleases, inParallel, renderRelease, vendoredChartFile } from './helm-render';
import { mirroredImage } from '../constructs/lib/images';
import type { KustomizeUnit } from '../constructs/kubeflow/kustomize-unit';
import { type BuildTarget, buildTargets } from './image-recipes';
import { embeddedImages, imagePositions, isPlaceholderImage } from './image-references';
import { buildKustomizeUnit } from './kustomize-units';
import { discard, stagePlatform } from './synthesize';
import { compareText } from '../constructs/lib/text-order';

/** An image the environment runs, and where the site's mirror must get it from. */
export interface ImageEntry {
  /** The reference the cluster pulls (the mirror's, when one is set). */
  readonly image: string;
  /** The upstream reference to copy into the mirror. */
  readonly upstream: string;
  /** What names it: `manifests`, a release's Terraform address, a kustomize unit, or a recipe that builds on it. */
  readonly usedBy: readonly string[];
  /** The recipe the pipeline builds it from, for images the platform builds itself. */
  readonly build?: string;
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
  /** The vendored archive (relative to the project root) to push to the site's chart registry. */
  readonly archive: string;
}

/** Everything an air-gapped site must mirror for one environment. */
export interface Inventory {
  readonly images: readonly ImageEntry[];
  readonly charts: readonly ChartEntry[];
  /** The images to build from the project's recipes before applying. */
  readonly builds: readonly BuildTarget[];
}

/** What the inventory is made from: both outputs, the mirror and the Kubernetes version charts render for. */
export interface InventorySource {
  readonly objects: readonly KubeObject[];
  readonly stacks: readonly TerraformStackJson[];
  /** Kustomize units, built with the real kubectl for their images. */
  readonly units?: readonly KustomizeUnit[];
  readonly mirror?: string;
  /** `registry.builds`: where the images the platform builds are pushed. */
  readonly builds?: string;
  readonly kubeVersion: string;
}

/**
 * Every image the environment will run, each once, sorted: those the
 * manifests name (workloads, the MinIO Tenant, the PostgreSQL clusters,
 * images named in configuration) and those of every chart release, from the
 * real render of its vendored chart (containers, operator custom resources,
 * images operators start at run time), and of every kustomize unit built
 * with the real kubectl. Plus every chart the
 * stacks install, and the images the platform builds from its own recipes
 * with the base images those builds pull.
 */
export async function inventory(source: InventorySource): Promise<Inventory> {
  const usedBy = new Map<string, Set<string>>();
  const add = (image: string, user: string) => {
    if (!isPlaceholderImage(image)) usedBy.set(image, (usedBy.get(image) ?? new Set()).add(user));
  };
  for (const { image } of imagePositions(source.objects)) add(image, 'manifests');
  const releases = helmReleases(source.stacks);
  // Chart renders and unit builds are independent: one queue keeps every core busy.
  const jobs = [
    ...releases.map((release) => async () => ({
      user: release.address,
      positions: imagePositions(await renderRelease(release, { kubeVersion: source.kubeVersion })),
    })),
    ...(source.units ?? []).map((unit) => async () => {
      const objects = await buildKustomizeUnit(unit);
      return { user: unit.name, positions: [...imagePositions(objects), ...embeddedImages(objects)] };
    }),
  ];
  for (const { user, positions } of await inParallel(jobs, 4, (job) => job())) for (const { image } of positions) add(image, user);
  const builds = buildTargets(usedBy.keys(), source.builds, source.mirror);
  for (const target of builds) for (const base of target.baseImages) add(mirroredImage(base, source.mirror), target.recipe);
  const recipeOf = new Map(builds.map((b) => [b.image, b.recipe]));
  const upstream = (image: string) => (source.mirror && image.startsWith(`${source.mirror}/`) ? image.slice(source.mirror.length + 1) : image);
  const images = [...usedBy.keys()].sort().map((image) => ({
    image,
    upstream: upstream(image),
    usedBy: [...usedBy.get(image)!].sort(),
    ...(recipeOf.has(image) ? { build: recipeOf.get(image) } : {}),
  }));
  const charts = releases
    .map((r) => {
      return {
        chart: r.chart,
        version: r.version,
        repository: r.repository,
        release: r.address,
        upstream: Object.values(PINNED_CHARTS).find((c) => c.chart === r.chart)?.repository ?? r.repository,
        archive: vendoredChartFile(r.chart, r.version),
      };
    })
    .sort((a, b) => compareText(a.release, b.release));
  return { images, charts, builds };
}

/** Synthesizes an environment (into a temporary folder, removed again) and takes its inventory. */
export async function environmentInventory(spec: PlatformSpec): Promise<Inventory> {
  const staged = stagePlatform(spec, path.join(os.tmpdir(), 'mlops-inventory'));
  discard(staged.stagingDir);
  return inventory({
    objects: staged.objects,
    stacks: staged.stacks,
    units: staged.units,
    mirror: spec.registry.mirror,
    builds: spec.registry.builds,
    kubeVersion: spec.kubernetes.version,
  });
}
