import type { Construct } from 'constructs';
import { PlatformComponent } from '../cluster/platform-component';
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
export class PostgresOperator extends PlatformComponent {
  constructor(scope: Construct, id: string, props: PostgresOperatorProps) {
    super(
      scope,
      id,
      { name: 'cnpg-system', component: 'cloudnative-pg', podSecurityVersion: props.podSecurityVersion },
      {
        name: 'cloudnative-pg',
        chart: props.chart,
        values: {
          crds: { create: true },
          replicaCount: 1,
          ...(props.imageMirror ? { image: { repository: mirroredRepository('ghcr.io/cloudnative-pg/cloudnative-pg', props.imageMirror) } } : {}),
        },
      },
    );
  }
}
