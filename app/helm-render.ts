/**
 * Renders the Helm releases of synthesized stacks with their vendored
 * upstream charts (`vendor/charts/<chart>-<version>.tgz`) and the real
 * `helm template`: exactly the values Terraform passes, the release
 * namespace, the spec's Kubernetes version, CRDs included.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type ChartKey, PINNED_CHARTS } from '../constructs/lib/helm-charts';
import type { KubeObject, TerraformStackJson } from '../constructs/policy/guardrail';
import { terraformResources } from '../constructs/policy/guardrail';
import type { PlatformSpec } from '../environments/spec';
import { objectsFrom } from './upstream-tools';

/** A `helm_release` as Terraform will install it. */
export interface HelmReleaseInput {
  /** `onprem-cluster:helm_release.gpu_operator`. */
  readonly address: string;
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  readonly version: string;
  /** The repository Terraform pulls the chart from (the site's, when `registry.charts` is set). */
  readonly repository: string;
  /** Values documents, in the order Terraform merges them. */
  readonly values: readonly string[];
}

/** The folder holding `vendor/` (the repository root, also when run from compiled `lib/`). */
export const PROJECT_ROOT = projectRoot();

/** The project's folder of vendored upstream charts, relative to {@link PROJECT_ROOT}. */
export const VENDORED_CHARTS_DIR = path.join('vendor', 'charts');

/** The file a vendored chart lives in, relative to {@link PROJECT_ROOT}: `vendor/charts/<chart>-<version>.tgz`, as `helm pull` names it. */
export function vendoredChartFile(chart: string, version: string): string {
  return path.join(VENDORED_CHARTS_DIR, `${chart}-${version}.tgz`);
}

/** Whether the chart is vendored at that version. */
export function isVendored(chart: string, version: string): boolean {
  return fs.existsSync(path.join(PROJECT_ROOT, vendoredChartFile(chart, version)));
}

/**
 * The spec's chart version overrides that have no vendored chart, one problem
 * line each, naming the field, the chart and how to vendor it: a version the
 * tests have never rendered is not installed.
 */
export function unvendoredChartVersions(spec: PlatformSpec): string[] {
  return Object.entries(spec.charts).flatMap(([key, override]) => {
    const version = override?.version;
    const { chart } = PINNED_CHARTS[key as ChartKey];
    if (!version || isVendored(chart, version)) return [];
    return [
      `charts.${key}.version: chart ${chart} ${version} is not vendored (no vendor/charts/${chart}-${version}.tgz); vendor it with \`npm run vendor:charts -- --chart ${key} --version ${version}\` and run the tests, got "${version}"`,
    ];
  });
}

/** Every `helm_release` of the stacks, in stack order. */
export function helmReleases(stacks: readonly TerraformStackJson[]): HelmReleaseInput[] {
  return terraformResources(stacks)
    .filter((r) => r.type === 'helm_release')
    .map((r) => {
      for (const setting of ['set', 'set_list', 'set_sensitive', 'postrender']) {
        if (r.body[setting] !== undefined) throw new Error(`${r.stack}:helm_release.${r.name}: "${setting}" is not rendered here; pass values instead`);
      }
      return {
        address: `${r.stack}:helm_release.${r.name}`,
        name: r.body.name,
        namespace: r.body.namespace,
        chart: r.body.chart,
        version: r.body.version,
        repository: r.body.repository,
        values: r.body.values ?? [],
      };
    });
}

/** Options of {@link renderRelease}. */
export interface RenderOptions {
  /** Kubernetes version the chart renders for (`1.35`). */
  readonly kubeVersion: string;
  /**
   * Values documents to use instead of the release's own.
   * @default - the release's values
   */
  readonly values?: readonly string[];
}

/** `helm template` of one release with its vendored chart; a failure names the release and helm's message. */
export async function renderRelease(release: HelmReleaseInput, options: RenderOptions): Promise<KubeObject[]> {
  if (!isVendored(release.chart, release.version))
    throw new Error(`${release.address}: chart ${release.chart} ${release.version} is not vendored (${vendoredChartFile(release.chart, release.version)})`);
  const chartFile = path.join(PROJECT_ROOT, vendoredChartFile(release.chart, release.version));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-values-'));
  try {
    const valueFiles = (options.values ?? release.values).map((doc, i) => {
      const file = path.join(dir, `values-${i}.yaml`);
      fs.writeFileSync(file, doc);
      return ['--values', file];
    });
    const args = [
      'template',
      release.name,
      chartFile,
      '--namespace',
      release.namespace,
      '--kube-version',
      options.kubeVersion,
      '--include-crds',
      ...valueFiles.flat(),
    ];
    return await objectsFrom('helm', args, `${release.address}: helm template failed`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `work` over `items` with at most `limit` at once, keeping the order of results. */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'vendor', 'charts')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
