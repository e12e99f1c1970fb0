import * as path from 'node:path';
import { parse } from 'yaml';
import { type HelmReleaseInput, helmReleases, inParallel, isVendored, PROJECT_ROOT, renderRelease, vendoredChartFile } from '../../app/helm-render';
import { imagePositions } from '../../app/image-references';
import { PINNED_CHARTS } from '../../constructs/lib/helm-charts';
import { type KubeObject, terraformMetadata, terraformResources } from '../../constructs/policy/guardrail';
import { ENVIRONMENTS } from '../../environments';
import { type ChartContents, readChart } from '../support/chart-contents';
import { imageMismatches, objectsOutside, unreadKeys, upstreamTwinValues, valuesWithoutEffect } from '../support/chart-checks';
import { CrdSchemas } from '../support/crd-schema';
import { openApiProblems } from '../support/openapi';
import { synthEnvironment } from '../support/synth';

const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob']);

interface Rendered {
  readonly release: HelmReleaseInput;
  readonly chart: ChartContents;
  readonly ours: KubeObject[];
  readonly twin: KubeObject[];
}

describe.each(Object.keys(ENVIRONMENTS))('environment %s: every Helm release rendered with its vendored upstream chart', (name) => {
  const staged = synthEnvironment(ENVIRONMENTS[name]);
  const { mirror } = staged.spec.registry;
  const kubeVersion = staged.spec.kubernetes.version;
  const releases = helmReleases(staged.stacks);
  let rendered: Rendered[] = [];

  beforeAll(async () => {
    rendered = await inParallel(releases, 4, async (release) => ({
      release,
      chart: readChart(path.join(PROJECT_ROOT, vendoredChartFile(release.chart, release.version))),
      ours: await renderRelease(release, { kubeVersion }),
      twin: await renderRelease(release, { kubeVersion, values: upstreamTwinValues(release.values, mirror) }),
    }));
  }, 60_000);

  const each = (check: (r: Rendered) => string[]) => rendered.flatMap((r) => check(r).map((line) => `${r.release.address}: ${line}`));

  test('every release is of a pinned upstream chart, vendored at its version', () => {
    expect(releases.filter((r) => !isVendored(r.chart, r.version)).map((r) => r.address)).toEqual([]);
    expect(releases.map((r) => r.chart).every((chart) => Object.values(PINNED_CHARTS).some((p) => p.chart === chart))).toBe(true);
    expect(rendered.length).toBe(releases.length);
    expect(rendered.every((r) => r.ours.length > 0)).toBe(true);
  });

  test('every rendered object is valid: core kinds against the Kubernetes OpenAPI schema, custom resources against the charts’ own CRDs', async () => {
    const all = rendered.flatMap((r) => r.ours);
    const crds = new CrdSchemas(all);
    const { problems } = await openApiProblems(all.filter((o) => !crds.knows(o) && o.kind !== 'CustomResourceDefinition'));
    const custom = all
      .filter((o) => crds.knows(o))
      .flatMap((o) => {
        const problem = crds.problem(o);
        return problem ? [`${o.kind}/${o.metadata.name}: ${problem}`] : [];
      });
    expect([...problems, ...custom]).toEqual([]);
    expect(all.filter((o) => crds.knows(o)).length).toBeGreaterThan(0);
  });

  test('every custom resource of the manifests is valid against the CRD the pinned chart installs (CloudNativePG, MinIO, cert-manager, Kueue)', () => {
    const crds = new CrdSchemas(rendered.flatMap((r) => r.ours));
    const objects = staged.manifests.flatMap((m) => m.objects).filter((o) => crds.knows(o));
    expect(objects.flatMap((o) => (crds.problem(o) ? [`${o.kind}/${o.metadata.name}: ${crds.problem(o)}`] : []))).toEqual([]);
    expect(new Set(objects.map((o) => o.kind))).toEqual(
      new Set([
        'Cluster',
        'ScheduledBackup',
        'Tenant',
        'Certificate',
        'ClusterIssuer',
        ...(name === 'onprem' ? ['ResourceFlavor', 'ClusterQueue', 'LocalQueue'] : []),
      ]),
    );
  });

  test('the charts read every values key the platform sets', () => {
    expect(each((r) => unreadKeys(r.chart, r.release.values))).toEqual([]);
  });

  test('every string value the platform sets shows in the render (none is overridden by another setting)', () => {
    expect(each((r) => valuesWithoutEffect(r.ours, r.release.values))).toEqual([]);
  });

  test(`every image at every place is ${mirror ? 'the mirrored twin' : 'the twin'} of the one upstream's chart puts there`, () => {
    expect(each((r) => imageMismatches(r.ours, r.twin, r.release, mirror))).toEqual([]);
    expect(rendered.flatMap((r) => imagePositions(r.ours)).length).toBeGreaterThan(40);
  });

  test('no release puts a workload into a namespace the stacks do not create', () => {
    const created = new Set(
      terraformResources(staged.stacks)
        .filter((r) => r.type === 'kubernetes_namespace_v1')
        .map((r) => terraformMetadata(r).name!),
    );
    expect(each((r) => objectsOutside(r.ours, r.release.namespace, created, WORKLOAD_KINDS))).toEqual([]);
    expect(rendered.every((r) => created.has(r.release.namespace))).toBe(true);
  });

  test('the GPU Operator validator and node status exporter are the consolidated operator image', () => {
    const gpu = rendered.find((r) => r.release.chart === 'gpu-operator')!;
    const policy = gpu.ours.find((o) => o.kind === 'ClusterPolicy')!;
    const operatorImage = `${mirror ? `${mirror}/` : ''}nvcr.io/nvidia/gpu-operator`;
    for (const component of ['validator', 'nodeStatusExporter']) {
      expect(`${policy.spec[component].repository}/${policy.spec[component].image}:${policy.spec[component].version}`).toBe(`${operatorImage}:v26.7.0`);
    }
    const env = gpu.ours.find((o) => o.kind === 'Deployment' && o.metadata.name === 'gpu-operator')!.spec.template.spec.containers[0].env;
    expect(env.find((e: { name: string }) => e.name === 'VALIDATOR_IMAGE').value).toBe(`${operatorImage}:v26.7.0`);
  });

  test('the MinIO operator names the Tenant sidecar image (minio/operator v7.1.1 pulls quay.io/minio/operator-sidecar:v7.0.1 otherwise)', () => {
    const minio = rendered.find((r) => r.release.chart === 'operator')!;
    const container = minio.ours.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0];
    const sidecar = container.env.find((e: { name: string }) => e.name === 'OPERATOR_SIDECAR_IMAGE');
    expect(sidecar.value).toBe(`${mirror ? `${mirror}/` : ''}quay.io/minio/operator-sidecar:v7.0.1`);
  });

  test('Kueue integrates only job kinds whose CRDs the platform installs', () => {
    const kueue = rendered.find((r) => r.release.chart === 'kueue');
    if (!staged.spec.kubeflow.fairSharing) {
      expect(kueue).toBeUndefined();
      return;
    }
    const config = parse(kueue!.ours.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'kueue-manager-config')!.data['controller_manager_config.yaml']);
    const crds = new Set(
      rendered
        .flatMap((r) => r.ours)
        .filter((o) => o.kind === 'CustomResourceDefinition')
        .map((o) => o.metadata.name),
    );
    const builtIn = new Set(['batch/job', 'pod', 'deployment', 'statefulset']);
    const missing = (config.integrations.frameworks as string[]).filter((f) => !builtIn.has(f) && !crds.has(`${f.split('/')[1]}s.${f.split('/')[0]}`));
    expect(missing).toEqual([]);
    expect(config.integrations.frameworks).toContain('batch/job');
  });
});
