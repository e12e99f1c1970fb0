import type { Construct } from 'constructs';
import { stringify } from 'yaml';
import { type ChartSource, mirroredRepository } from '../lib/helm-charts';
import { TENANT_LABEL } from '../lib/labels';
import { PlatformComponent } from './platform-component';

/** Properties of {@link Kueue}. */
export interface KueueProps {
  readonly chart: ChartSource;
  /** Pinned Pod Security version, e.g. `v1.31`. */
  readonly podSecurityVersion: string;
  /**
   * Registry prefix its image is pulled through.
   * @default - upstream registry
   */
  readonly imageMirror?: string;
}

/**
 * Kueue, the job queueing controller, with fair sharing on: tenants that use
 * less than their share of a pool get admitted first, and borrowed GPUs are
 * reclaimed by preemption. Jobs and plain pods queue (the platform installs no
 * training operator, so its job kinds are not integrated). As configured for
 * what reaches it (Kueue v0.19.2, chart templates/webhook/manifests.yaml,
 * apis/config/v1beta1/configuration_types.go):
 * - only tenant namespaces are managed, and only there do its webhooks apply
 *   (`managedJobsNamespaceSelector`), so a Kueue outage blocks no pod of the
 *   platform's own namespaces (the pod webhook fails closed);
 * - its mutating webhooks are re-invoked after later ones (`IfNeeded`): the
 *   API server calls webhook configurations in name order, and the PodDefault
 *   webhook, which adds a notebook's queue label, comes after Kueue's;
 * - `ephemeral-storage` is not counted (Katib's metrics collector requests
 *   it, and no ClusterQueue covers it, so trials would never be admitted);
 * - admission fair sharing orders each pool's pending workloads by the recent
 *   usage of their tenant's LocalQueue (half-life one week).
 */
export class Kueue extends PlatformComponent {
  constructor(scope: Construct, id: string, props: KueueProps) {
    const namespace = 'kueue-system';
    const config = {
      apiVersion: 'config.kueue.x-k8s.io/v1beta1',
      kind: 'Configuration',
      namespace,
      health: { healthProbeBindAddress: ':8081' },
      metrics: { bindAddress: ':8443' },
      webhook: { port: 9443 },
      manageJobsWithoutQueueName: false,
      managedJobsNamespaceSelector: { matchExpressions: [{ key: TENANT_LABEL, operator: 'Exists' }] },
      resources: { excludeResourcePrefixes: ['ephemeral-storage'] },
      admissionFairSharing: { usageHalfLifeTime: '168h', usageSamplingInterval: '5m' },
      fairSharing: { enable: true, preemptionStrategies: ['LessThanOrEqualToFinalShare', 'LessThanInitialShare'] },
      integrations: { frameworks: ['batch/job', 'pod'] },
    };
    super(
      scope,
      id,
      { name: namespace, component: 'kueue', podSecurityVersion: props.podSecurityVersion },
      {
        name: 'kueue',
        chart: props.chart,
        values: {
          controllerManager: { manager: { image: { repository: mirroredRepository('registry.k8s.io/kueue/kueue', props.imageMirror) } } },
          managerConfig: { controllerManagerConfigYaml: stringify(config, { lineWidth: 0 }) },
          mutatingWebhook: { reinvocationPolicy: 'IfNeeded' },
        },
      },
    );
  }
}
