import { Construct } from 'constructs';
import { PlatformHelmRelease } from '../cluster/platform-helm-release';
import { PlatformNamespace } from '../cluster/platform-namespace';
import { type ChartSource, mirroredRepository } from '../lib/helm-charts';

/** Properties of a {@link MinioOperator}. */
export interface MinioOperatorProps {
  readonly chart: ChartSource;
  /** Pinned Pod Security version, e.g. `v1.31`. */
  readonly podSecurityVersion: string;
  /**
   * Registry prefix its image is pulled through.
   * @default - upstream registry
   */
  readonly imageMirror?: string;
}

/** The MinIO Operator (Tenant CRD and controller), in its own restricted namespace. */
export class MinioOperator extends Construct {
  /** Its namespace; tenants let it reach their servers. */
  public readonly namespace: PlatformNamespace;
  public readonly release: PlatformHelmRelease;

  constructor(scope: Construct, id: string, props: MinioOperatorProps) {
    super(scope, id);
    this.namespace = new PlatformNamespace(this, 'Namespace', { name: 'minio-operator', component: 'minio-operator', podSecurityVersion: props.podSecurityVersion });
    this.release = new PlatformHelmRelease(this, 'Release', {
      name: 'minio-operator',
      namespace: this.namespace,
      chart: props.chart,
      values: {
        operator: {
          replicaCount: 1,
          ...(props.imageMirror ? { image: { repository: mirroredRepository('quay.io/minio/operator', props.imageMirror) } } : {}),
        },
      },
    });
  }
}
