import { helmReleases, inParallel, renderRelease } from '../../app/helm-render';
import { terraformMetadata, terraformResources } from '../../constructs/policy/guardrail';
import type { KustomizeUnit } from '../../constructs/kubeflow/kustomize-unit';
import { ENVIRONMENTS } from '../../environments';
import { type ApplyStage, applyOrderProblems } from '../support/apply-order';
import { synthEnvironment } from '../support/synth';
import { builtUnit } from '../support/built-units';

describe.each(Object.keys(ENVIRONMENTS))('environment %s: a first install applies in an order that works', (name) => {
  const staged = synthEnvironment(ENVIRONMENTS[name]);
  let stages: ApplyStage[] = [];

  beforeAll(async () => {
    const kubeVersion = staged.spec.kubernetes.version;
    // Terraform stacks first (cluster, platform), each with its namespaces and the CRDs its Helm releases install.
    const terraform = await inParallel(
      staged.stacks.filter((s) => Object.keys(s.json.resource ?? {}).some((type) => type !== 'terraform_data')),
      2,
      async (stack): Promise<ApplyStage> => {
        const rendered = await inParallel(helmReleases([stack]), 4, (release) => renderRelease(release, { kubeVersion }));
        return {
          name: stack.stack,
          namespaces: terraformResources([stack])
            .filter((r) => r.type === 'kubernetes_namespace_v1')
            .map((r) => terraformMetadata(r).name!),
          objects: rendered.flat().filter((o) => o.kind === 'CustomResourceDefinition'),
        };
      },
    );
    // Then every manifest file and kustomize unit, in name order, as `npm run apply` and the workloads stack apply them.
    const units = await inParallel(staged.units, 4, async (unit: KustomizeUnit): Promise<ApplyStage> => ({ name: unit.name, objects: await builtUnit(unit) }));
    const files = staged.manifests.map((m): ApplyStage => ({ name: m.file, objects: m.objects }));
    // The kubernetes backend's namespace exists before `terraform init` (the site creates it).
    const site: ApplyStage[] = staged.spec.state.backend === 'kubernetes' ? [{ name: 'site', namespaces: [staged.spec.state.namespace], objects: [] }] : [];
    stages = [...site, ...terraform, ...[...files, ...units].sort((a, b) => a.name.localeCompare(b.name))];
  }, 60_000);

  test('namespaces before what they hold, CRDs a stage before their resources, ServiceAccounts and Secrets before their pods', () => {
    expect(
      stages
        .map((s) => s.name)
        .filter((n) => n !== 'site')
        .slice(0, 3),
    ).toEqual([`${name}-cluster`, `${name}-platform`, '00-platform-base.k8s.yaml']);
    expect(applyOrderProblems(stages)).toEqual([]);
  });
});

describe('apply order check', () => {
  const object = (apiVersion: string, kind: string, name: string, namespace?: string, extra: Record<string, unknown> = {}) =>
    ({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...extra }) as any;
  const crd = object('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.org', undefined, {
    spec: { group: 'example.org', names: { kind: 'Widget' } },
  });
  const pod = (secret: string) => ({
    spec: { template: { spec: { serviceAccountName: 'runner', containers: [{ name: 'c', envFrom: [{ secretRef: { name: secret } }] }] } } },
  });

  test('passes when every dependency comes first', () => {
    expect(
      applyOrderProblems([
        {
          name: 'cluster',
          namespaces: ['apps'],
          objects: [
            crd,
            object('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'certificates.cert-manager.io', undefined, {
              spec: { group: 'cert-manager.io', names: { kind: 'Certificate' } },
            }),
          ],
        },
        {
          name: '10',
          objects: [
            object('example.org/v1', 'Widget', 'w', 'apps'),
            object('v1', 'ServiceAccount', 'runner', 'apps'),
            object('cert-manager.io/v1', 'Certificate', 'c', 'apps', { spec: { secretName: 'tls' } }),
          ],
        },
        { name: '20', objects: [object('apps/v1', 'Deployment', 'd', 'apps', pod('tls'))] },
      ]),
    ).toEqual([]);
  });

  test('fails on a namespace created later, a CRD in the same stage, a ServiceAccount or Secret created later', () => {
    expect(
      applyOrderProblems([
        {
          name: '10',
          objects: [
            object('v1', 'PersistentVolumeClaim', 'data', 'tenant'),
            crd,
            object('example.org/v1', 'Widget', 'w', 'default'),
            object('apps/v1', 'Deployment', 'd', 'default', pod('tls')),
          ],
        },
        {
          name: '40',
          objects: [
            object('v1', 'Namespace', 'tenant'),
            object('v1', 'ServiceAccount', 'runner', 'default'),
            object('cert-manager.io/v1', 'Certificate', 'c', 'default', { spec: { secretName: 'tls' } }),
          ],
        },
      ]),
    ).toEqual([
      '10: PersistentVolumeClaim tenant/data: namespace tenant does not exist yet',
      '10: Widget default/w: no CRD for example.org/Widget is established by an earlier stage',
      '10: Deployment default/d: ServiceAccount runner comes in a later stage',
      '10: Deployment default/d: Secret tls comes in a later stage',
      '40: Certificate default/c: no CRD for cert-manager.io/Certificate is established by an earlier stage',
    ]);
  });
});
