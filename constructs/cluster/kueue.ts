import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { type ChartSource, mirroredRepository } from '../lib/helm-charts';
import { PlatformHelmRelease } from './platform-helm-release';
import { PlatformNamespace } from './platform-namespace';

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
 * reclaimed by preemption. Jobs, Kubeflow training jobs and plain pods queue.
 */
export class Kueue extends Construct {
  public readonly namespace: PlatformNamespace;
  public readonly release: PlatformHelmRelease;

  constructor(scope: Construct, id: string, props: KueueProps) {
    super(scope, id);
    this.namespace = new PlatformNamespace(this, 'Namespace', { name: 'kueue-system', component: 'kueue', podSecurityVersion: props.podSecurityVersion });
    const config = {
      apiVersion: 'config.kueue.x-k8s.io/v1beta1',
      kind: 'Configuration',
      namespace: this.namespace.name,
      health: { healthProbeBindAddress: ':8081' },
      metrics: { bindAddress: ':8443' },
      webhook: { port: 9443 },
      manageJobsWithoutQueueName: false,
      fairSharing: { enable: true, preemptionStrategies: ['LessThanOrEqualToFinalShare', 'LessThanInitialShare'] },
      integrations: { frameworks: ['batch/job', 'kubeflow.org/pytorchjob', 'kubeflow.org/tfjob', 'pod'] },
    };
    this.release = new PlatformHelmRelease(this, 'Release', {
      name: 'kueue',
      namespace: this.namespace,
      chart: props.chart,
      values: {
        controllerManager: { manager: { image: { repository: mirroredRepository('registry.k8s.io/kueue/kueue', props.imageMirror) } } },
        managerConfig: { controllerManagerConfigYaml: stringify(config, { lineWidth: 0 }) },
      },
    });
  }
}
