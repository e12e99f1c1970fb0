import type { Construct } from 'constructs';
import { PlatformComponent } from '../cluster/platform-component';
import { type ChartSource, mirroredRepository } from '../lib/helm-charts';
import { mirroredImage, PINNED_IMAGES, splitImageReference } from '../lib/images';
import { PLATFORM_NAMESPACES } from '../lib/naming';

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

/**
 * The MinIO Operator (Tenant CRD and controller), in its own restricted
 * namespace. The sidecar image it adds to Tenant pods is pinned here, so it
 * comes through the mirror like every other image.
 */
export class MinioOperator extends PlatformComponent {
  constructor(scope: Construct, id: string, props: MinioOperatorProps) {
    super(
      scope,
      id,
      { name: PLATFORM_NAMESPACES.minioOperator, component: 'minio-operator', podSecurityVersion: props.podSecurityVersion },
      {
        name: 'minio-operator',
        chart: props.chart,
        values: {
          operator: {
            replicaCount: 1,
            ...(props.imageMirror ? { image: { repository: mirroredRepository('quay.io/minio/operator', props.imageMirror) } } : {}),
            sidecarImage: splitImageReference(mirroredImage(PINNED_IMAGES.minioOperatorSidecar, props.imageMirror)),
          },
        },
      },
    );
  }
}
