import { parse } from 'yaml';
import { PROFILE_WORKLOAD_ACCOUNT } from '../../constructs/tenancy/kubeflow-profile';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { selects } from '../../constructs/policy/inspect';
import { ENVIRONMENTS } from '../../environments';
import { connectionAllowed, type PodEndpoint } from '../support/network';
import { restrictedProblems } from '../support/pod-security';
import { allObjects, synthEnvironment } from '../support/synth';
import { builtUnit } from '../support/built-units';

/**
 * The pods Katib v0.19.0 creates in a tenant namespace for the platform's Experiment, built the way Katib builds
 * them from the katib-config the platform ships (read from the built unit 38), then put through Pod Security
 * `restricted`, the level tenants enforce:
 * - the suggestion Deployment: pkg/controller.v1beta1/suggestion/composer/composer.go DesiredDeployment and
 *   desiredContainers (the config's container, port 6789 `katib-api`, gRPC probes; an `early-stopping` container
 *   with only image, ports and resources when the Experiment asks for early stopping; no pod security context);
 * - the trial pod: the trial Job's template with the metrics collector injected by
 *   pkg/webhook/v1beta1/pod/inject_webhook.go Mutate (sidecar `metrics-logger-and-collector`, the first
 *   container's security context copied only with injectSecurityContext, shareProcessNamespace, an emptyDir
 *   for the metrics file).
 */
type KatibConfig = Record<string, any>;

function suggestionPod(config: KatibConfig, experiment: KubeObject): Record<string, any> {
  const { algorithmName, serviceAccountName, volumeMountPath, persistentVolumeClaimSpec, persistentVolumeSpec, persistentVolumeLabels, ...container } =
    config.runtime.suggestions.find((s: any) => s.algorithmName === experiment.spec.algorithm.algorithmName);
  const grpc = { grpc: { port: 6789, service: 'manager.v1beta1.Suggestion' } };
  const containers: Record<string, any>[] = [
    {
      name: 'suggestion',
      ...container,
      ports: [...(container.ports ?? []), { name: 'katib-api', containerPort: 6789 }],
      readinessProbe: grpc,
      livenessProbe: grpc,
    },
  ];
  const earlyStopping = experiment.spec.earlyStopping?.algorithmName;
  if (earlyStopping) {
    const es = (config.runtime.earlyStoppings ?? []).find((e: any) => e.algorithmName === earlyStopping) ?? {};
    containers.push({ name: 'early-stopping', image: es.image, ports: [{ name: 'early-stopping-api', containerPort: 6788 }], resources: es.resources });
  }
  return { ...(serviceAccountName ? { serviceAccountName } : {}), containers };
}

function trialPod(config: KatibConfig, experiment: KubeObject): Record<string, any> {
  const pod = structuredClone(experiment.spec.trialTemplate.trialSpec.spec.template.spec);
  const collector = config.runtime.metricsCollectors.find((m: any) => m.kind === experiment.spec.metricsCollectorSpec.collector.kind);
  const sidecar: Record<string, any> = { name: 'metrics-logger-and-collector', image: collector.image, resources: collector.resources };
  if (config.init?.controller?.injectSecurityContext && pod.containers[0].securityContext)
    sidecar.securityContext = structuredClone(pod.containers[0].securityContext);
  pod.containers.push(sidecar);
  pod.shareProcessNamespace = true;
  pod.volumes = [...(pod.volumes ?? []), { name: 'metrics-volume', emptyDir: {} }];
  return pod;
}

describe('environment onprem: the pods Katib creates for the tuning Experiment in a tenant namespace', () => {
  const staged = synthEnvironment(ENVIRONMENTS.onprem);
  const objects = allObjects(staged);
  const experiment = objects.find((o) => o.kind === 'Experiment')!;
  const tenant = experiment.metadata.namespace!;
  let built: KubeObject[] = [];
  let config: KatibConfig;

  beforeAll(async () => {
    const units = staged.units.filter((u) => ['34-kubeflow-base', '38-kubeflow-katib'].includes(u.name));
    built = (await Promise.all(units.map((u) => builtUnit(u)))).flat();
    config = parse(built.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'katib-config')!.data!['katib-config.yaml']);
  }, 60_000);

  test('the tenant namespace enforces restricted, and the suggestion and trial pods pass it', () => {
    const namespace = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === tenant)!;
    expect(namespace.metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(restrictedProblems(suggestionPod(config, experiment))).toEqual([]);
    expect(restrictedProblems(trialPod(config, experiment))).toEqual([]);
  });

  test('trials log to MLflow with their own token: they run as the profile’s default-editor with its token, with the MLflow client settings', () => {
    const pod = trialPod(config, experiment);
    expect([pod.serviceAccountName, pod.automountServiceAccountToken]).toEqual([PROFILE_WORKLOAD_ACCOUNT, true]);
    const labels = pod.metadata?.labels ?? experiment.spec.trialTemplate.trialSpec.spec.template.metadata.labels;
    const services = objects.find((o) => o.kind === 'PodDefault' && o.metadata.namespace === tenant && o.metadata.name === 'platform-services')!;
    expect(Object.entries(services.spec.selector.matchLabels).every(([k, v]) => labels[k] === v)).toBe(true);
    expect(services.spec.env).toContainEqual({ name: 'MLFLOW_TRACKING_AUTH', value: 'kubernetes-namespaced' });
  });

  test('what upstream’s defaults would create is refused: the sidecar without injectSecurityContext, the early-stopping container', () => {
    const withoutInjection = { ...config, init: { controller: { ...config.init.controller, injectSecurityContext: false } } };
    expect(restrictedProblems(trialPod(withoutInjection, experiment))).toEqual(
      expect.arrayContaining([
        'container metrics-logger-and-collector: allowPrivilegeEscalation is not false',
        'container metrics-logger-and-collector: does not drop ALL capabilities',
      ]),
    );
    const earlyStopping = { ...experiment, spec: { ...experiment.spec, earlyStopping: { algorithmName: 'medianstop' } } };
    expect(restrictedProblems(suggestionPod(config, earlyStopping))).toContain('container early-stopping: allowPrivilegeEscalation is not false');
    // So the platform ships no early-stopping algorithm: Katib refuses such an Experiment at creation instead.
    expect(config.runtime.earlyStoppings ?? []).toEqual([]);
    expect(experiment.spec.earlyStopping).toBeUndefined();
  });

  test('Katib injects its collector there (the namespace label its webhook selects on) and the collector reaches the DB manager', () => {
    const namespace = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === tenant)!;
    const webhook = built.find((o) => o.kind === 'MutatingWebhookConfiguration' && o.metadata.name === 'katib.kubeflow.org')!;
    const podWebhook = webhook.webhooks.find((w: any) => w.name === 'mutator.pod.katib.kubeflow.org');
    expect(selects(podWebhook.namespaceSelector, namespace.metadata.labels!)).toBe(true);
    const dbManager = built.find((o) => o.kind === 'Deployment' && o.metadata.name === 'katib-db-manager')!;
    const from: PodEndpoint = {
      namespace: tenant,
      namespaceLabels: { ...namespace.metadata.labels!, 'kubernetes.io/metadata.name': tenant },
      podLabels: experiment.spec.trialTemplate.trialSpec.spec.template.metadata.labels,
    };
    const to: PodEndpoint = {
      namespace: 'kubeflow',
      namespaceLabels: { 'kubernetes.io/metadata.name': 'kubeflow' },
      podLabels: dbManager.spec.template.metadata.labels,
    };
    expect(connectionAllowed([...objects, ...built], from, to, 6789)).toBe(true);
    const stranger: PodEndpoint = { namespace: 'monitoring', namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' }, podLabels: {} };
    expect(connectionAllowed([...objects, ...built], stranger, to, 6789)).toBe(false);
  });
});
