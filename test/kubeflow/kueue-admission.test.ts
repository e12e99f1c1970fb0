import { parse } from 'yaml';
import { helmReleases, renderRelease } from '../../app/helm-render';
import { type KubeObject, terraformMetadata, terraformResources } from '../../constructs/policy/guardrail';
import { selects } from '../../constructs/policy/inspect';
import { parseQuantity } from '../../constructs/lib/quantity';
import { ENVIRONMENTS } from '../../environments';
import { allObjects, synthEnvironment } from '../support/synth';
import { builtUnit } from '../support/built-units';

/**
 * What Kueue v0.19.2 admits in onprem, read from its rendered chart, the built Kubeflow units and the synthesized
 * queues. The API server calls mutating webhook configurations in name order and re-invokes a webhook after later
 * ones changed the object only when its reinvocationPolicy is IfNeeded (k8s.io/apiserver
 * pkg/admission/plugin/webhook/mutating: configurations sorted by name; reinvocation per webhook).
 */
describe('environment onprem: Kueue queues what tenants run, and only that', () => {
  const staged = synthEnvironment(ENVIRONMENTS.onprem);
  const objects = allObjects(staged);
  let kueue: KubeObject[] = [];
  let kubeflow: KubeObject[] = [];
  let config: Record<string, any> = {};

  beforeAll(async () => {
    const release = helmReleases(staged.stacks).find((r) => r.chart === 'kueue')!;
    kueue = await renderRelease(release, { kubeVersion: staged.spec.kubernetes.version });
    kubeflow = (await Promise.all(staged.units.filter((u) => ['35-kubeflow-dashboard', '38-kubeflow-katib'].includes(u.name)).map((u) => builtUnit(u)))).flat();
    config = parse(kueue.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('manager-config'))!.data!['controller_manager_config.yaml']);
  }, 60_000);

  const webhooks = (objects: readonly KubeObject[], kind: string) =>
    objects.filter((o) => o.kind === kind).flatMap((c) => (c.webhooks ?? []).map((w: any) => ({ config: c.metadata.name, ...w })));

  test('a notebook’s queue label, added by the PodDefault webhook after Kueue’s, re-invokes Kueue’s pod webhook', () => {
    const podDefaults = kubeflow.find((o) => o.kind === 'MutatingWebhookConfiguration' && JSON.stringify(o).includes('poddefault'))!;
    const kueuePods = webhooks(kueue, 'MutatingWebhookConfiguration').find((w) => w.rules.some((r: any) => r.resources.includes('pods')))!;
    // Name order puts Kueue first, so only reinvocation lets it see the label.
    expect([kueuePods.config, podDefaults.metadata.name].sort()[0]).toBe(kueuePods.config);
    expect(kueuePods.reinvocationPolicy).toBe('IfNeeded');
  });

  test('Kueue’s fail-closed webhooks apply in tenant namespaces only, so an outage blocks no platform pod', () => {
    const namespaces = [
      ...objects.filter((o) => o.kind === 'Namespace').map((o) => ({ name: o.metadata.name, labels: o.metadata.labels ?? {} })),
      ...terraformResources(staged.stacks)
        .filter((r) => r.type === 'kubernetes_namespace_v1')
        .map((r) => ({ name: terraformMetadata(r).name!, labels: terraformMetadata(r).labels ?? {} })),
      ...['kube-system', 'kubeflow', 'istio-system'].map((name) => ({ name, labels: {} })),
    ].map((n) => ({ ...n, labels: { ...n.labels, 'kubernetes.io/metadata.name': n.name } }));
    const tenants = new Set(staged.spec.users.map((u) => u.name));
    const failClosed = [...webhooks(kueue, 'MutatingWebhookConfiguration'), ...webhooks(kueue, 'ValidatingWebhookConfiguration')].filter(
      (w) => w.failurePolicy === 'Fail' && w.rules.some((r: any) => ['pods', 'jobs', 'deployments', 'statefulsets'].some((k) => r.resources.includes(k))),
    );
    expect(failClosed.length).toBeGreaterThan(2);
    const reached = failClosed.flatMap((w) => namespaces.filter((n) => selects(w.namespaceSelector, n.labels)).map((n) => n.name));
    expect([...new Set(reached)].sort()).toEqual([...tenants].sort());
  });

  test('a trial Job carries its LocalQueue, whose ClusterQueue covers all a trial pod requests except what Kueue ignores', () => {
    const experiment = objects.find((o) => o.kind === 'Experiment')!;
    const job = experiment.spec.trialTemplate.trialSpec;
    const queueName = job.metadata.labels['kueue.x-k8s.io/queue-name'];
    const localQueue = objects.find((o) => o.kind === 'LocalQueue' && o.metadata.namespace === experiment.metadata.namespace && o.metadata.name === queueName)!;
    const clusterQueue = objects.find((o) => o.kind === 'ClusterQueue' && o.metadata.name === localQueue.spec.clusterQueue)!;
    const covered = new Set(clusterQueue.spec.resourceGroups.flatMap((g: any) => g.coveredResources));
    // Katib's metrics collector, with the defaults it gets when katib-config sets none (katib v0.19.0
    // pkg/apis/config/v1beta1/defaults.go: 50m CPU, 10Mi memory, 500Mi ephemeral-storage).
    const collector = { requests: { cpu: '50m', memory: '10Mi', 'ephemeral-storage': '500Mi' } };
    const requested = [...job.spec.template.spec.containers.map((c: any) => c.resources), collector].flatMap((r: any) => Object.keys(r.requests ?? {}));
    const excluded = (name: string) => (config.resources?.excludeResourcePrefixes ?? []).some((p: string) => name.startsWith(p));
    expect([...new Set(requested)].filter((r) => !covered.has(r) && !excluded(r))).toEqual([]);
    expect(requested).toContain('ephemeral-storage');
    expect(parseQuantity(job.spec.template.spec.containers[0].resources.requests['nvidia.com/gpu'])).toBe(1);
  });

  test('tenants sharing a pool are admitted by fair share of their recent usage', () => {
    expect(config.admissionFairSharing).toEqual({ usageHalfLifeTime: '168h', usageSamplingInterval: '5m' });
    for (const queue of objects.filter((o) => o.kind === 'ClusterQueue'))
      expect(queue.spec.admissionScope).toEqual({ admissionMode: 'UsageBasedAdmissionFairSharing' });
    expect(config.integrations.frameworks).toEqual(['batch/job', 'pod']);
  });
});
