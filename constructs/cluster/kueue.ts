import type { Construct } from 'constructs';
import { stringify } from 'yaml';
import { type ChartSource, mirroredRepository } from '../lib/helm-charts';
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
 * training operator, so its job kinds are not integrated).
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
        },
      },
    );
  }
}
