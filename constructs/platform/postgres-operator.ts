import { Construct } from 'constructs';
import { PlatformHelmRelease } from '../cluster/platform-helm-release';
import { PlatformNamespace } from '../cluster/platform-namespace';
import { type ChartSource, mirroredRepository } from '../lib/helm-charts';

/** Properties of a {@link PostgresOperator}. */
export interface PostgresOperatorProps {
  readonly chart: ChartSource;
  /** Pinned Pod Security version, e.g. `v1.31`. */
  readonly podSecurityVersion: string;
  /**
   * Registry prefix its image is pulled through.
   * @default - upstream registry
   */
  readonly imageMirror?: string;
}

/** The CloudNativePG operator (Cluster, ScheduledBackup CRDs and controller), in its own restricted namespace. */
export class PostgresOperator extends Construct {
  public readonly namespace: PlatformNamespace;
  public readonly release: PlatformHelmRelease;

  constructor(scope: Construct, id: string, props: PostgresOperatorProps) {
    super(scope, id);
    this.namespace = new PlatformNamespace(this, 'Namespace', { name: 'cnpg-system', component: 'cloudnative-pg', podSecurityVersion: props.podSecurityVersion });
    this.release = new PlatformHelmRelease(this, 'Release', {
      name: 'cloudnative-pg',
      namespace: this.namespace,
      chart: props.chart,
      values: {
        crds: { create: true },
        replicaCount: 1,
        ...(props.imageMirror ? { image: { repository: mirroredRepository('ghcr.io/cloudnative-pg/cloudnative-pg', props.imageMirror) } } : {}),
      },
    });
  }
}
