import * as path from 'node:path';
import { stringify } from 'yaml';
import { type HelmReleaseInput, PROJECT_ROOT, renderRelease, vendoredChartFile } from '../../app/helm-render';
import { readChart } from '../support/chart-contents';
import { CrdSchemas } from '../support/crd-schema';
import { imageMismatches, objectsOutside, unreadKeys, upstreamTwinValues, valuesWithoutEffect } from '../support/chart-checks';

const MIRROR = 'mirror.lab:5000/m';

function release(chart: string, version: string, namespace: string, values: Record<string, unknown>): HelmReleaseInput {
  return { address: `test:helm_release.${chart}`, name: chart, namespace, chart, version, repository: 'oci://charts.lab', values: [stringify(values)] };
}

/** Renders a release and its upstream twin, and compares their images. */
async function mismatches(r: HelmReleaseInput, mirror?: string): Promise<string[]> {
  const ours = await renderRelease(r, { kubeVersion: '1.36' });
  const twin = await renderRelease(r, { kubeVersion: '1.36', values: upstreamTwinValues(r.values, mirror) });
  return imageMismatches(ours, twin, r, mirror);
}

describe('the checks the render tests apply', () => {
  const operator = readChart(path.join(PROJECT_ROOT, vendoredChartFile('operator', '7.1.1')));

  test('a key the chart reads passes, also through a helper or a free-form map; a misspelt one fails', () => {
    const good = { operator: { image: { repository: MIRROR }, nodeSelector: { 'kubernetes.io/hostname': 'edge-01' }, replicaCount: 2 } };
    expect(unreadKeys(operator, [stringify(good)])).toEqual([]);
    expect(unreadKeys(operator, [stringify({ operator: { imagee: { repository: MIRROR } } })])).toEqual(['operator.imagee.repository']);
    expect(unreadKeys(operator, [stringify({ operatr: { replicaCount: 2 } })])).toEqual(['operatr.replicaCount']);
  });

  test('fails when a value is overridden by another setting (the MinIO operator ignores the tag when a digest is set)', async () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const ignored = release('operator', '7.1.1', 'minio-operator', { operator: { image: { tag: 'v9.9.9', digest } } });
    expect(valuesWithoutEffect(await renderRelease(ignored, { kubeVersion: '1.36' }), ignored.values)).toEqual(['operator.image.tag = "v9.9.9"']);
    const used = release('operator', '7.1.1', 'minio-operator', { operator: { image: { tag: 'v9.9.9' } } });
    expect(valuesWithoutEffect(await renderRelease(used, { kubeVersion: '1.36' }), used.values)).toEqual([]);
  });

  test('images: the mirrored twin passes; a wrong repository fails at every place it stands', async () => {
    const cnpg = (repository?: string) => release('cloudnative-pg', '0.29.0', 'cnpg-system', repository ? { image: { repository } } : {});
    expect(await mismatches(cnpg(`${MIRROR}/ghcr.io/cloudnative-pg/cloudnative-pg`), MIRROR)).toEqual([]);
    expect(await mismatches(cnpg(`${MIRROR}/ghcr.io/cloudnative-pg/operator`), MIRROR)).toEqual([
      expect.stringMatching(
        /^Deployment\/cnpg-system\/cloudnative-pg spec\.template\.spec\.containers\[manager\]\.env\[OPERATOR_IMAGE_NAME\]\.value#0: mirror\.lab:5000\/m\/ghcr\.io\/cloudnative-pg\/operator:1\.30\.0, expected mirror\.lab:5000\/m\/ghcr\.io\/cloudnative-pg\/cloudnative-pg:1\.30\.0$/,
      ),
      expect.stringMatching(/containers\[manager\]\.image: mirror\.lab:5000\/m\/ghcr\.io\/cloudnative-pg\/operator:1\.30\.0, expected/),
    ]);
    expect(await mismatches(cnpg(), MIRROR)).toHaveLength(2);
  });

  test('images: fails when an operator would pull its compiled-in default past the mirror (MinIO sidecar)', async () => {
    const operator = { operator: { image: { repository: `${MIRROR}/quay.io/minio/operator` } } };
    expect(await mismatches(release('operator', '7.1.1', 'minio-operator', operator), MIRROR)).toEqual([
      "Deployment/minio-operator/minio-operator spec.template.spec.containers[operator].env[OPERATOR_SIDECAR_IMAGE].value#0: upstream runs quay.io/minio/operator-sidecar:v7.0.1 here, the platform's render does not",
    ]);
    const pinned = { operator: { ...operator.operator, sidecarImage: { repository: `${MIRROR}/quay.io/minio/operator-sidecar`, tag: 'v7.0.1' } } };
    expect(await mismatches(release('operator', '7.1.1', 'minio-operator', pinned), MIRROR)).toEqual([]);
  });

  test('a custom resource is checked against its chart’s CRD: types and unknown fields fail', async () => {
    const objects = await renderRelease(release('gpu-operator', 'v26.7.0', 'gpu-operator', {}), { kubeVersion: '1.36' });
    const crds = new CrdSchemas(objects);
    const policy = objects.find((o) => o.kind === 'ClusterPolicy')!;
    expect(crds.problem(policy)).toBeUndefined();
    expect(crds.problem({ ...policy, spec: { ...policy.spec, devicePlugin: { ...policy.spec.devicePlugin, enabled: 'yes' } } })).toBe(
      '/spec/devicePlugin/enabled must be boolean',
    );
    expect(crds.problem({ ...policy, spec: { ...policy.spec, validatorr: {} } })).toBe('/spec must NOT have additional properties (validatorr)');
    expect(crds.knows({ apiVersion: 'example.org/v1', kind: 'Thing', metadata: { name: 'x' } })).toBe(false);
  });

  test('a render failure names the release and helm’s message', async () => {
    await expect(renderRelease(release('cloudnative-pg', '0.29.0', 'cnpg-system', {}), { kubeVersion: '1.28' })).rejects.toThrow(
      /^test:helm_release\.cloudnative-pg: helm template failed: .*kubeVersion/,
    );
    await expect(renderRelease(release('cloudnative-pg', '0.30.0', 'cnpg-system', {}), { kubeVersion: '1.36' })).rejects.toThrow(
      'test:helm_release.cloudnative-pg: chart cloudnative-pg 0.30.0 is not vendored (vendor/charts/cloudnative-pg-0.30.0.tgz)',
    );
  });

  test('fails when a workload lands in a namespace the stacks do not create', () => {
    const objects = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'b', namespace: 'kube-system' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'kube-system' } },
    ];
    expect(objectsOutside(objects, 'own', new Set(['own']), new Set(['Deployment']))).toEqual(['Deployment/kube-system/b']);
  });
});
