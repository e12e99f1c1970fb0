import type { Construct } from 'constructs';
import { MinioOperator } from '../constructs/platform/minio-operator';
import { PostgresOperator } from '../constructs/platform/postgres-operator';
import { mirroredImage } from '../constructs/lib/images';
import { Kubeflow } from '../constructs/platform/kubeflow';
import type { IObjectStore } from '../constructs/platform/object-store';
import type { PlatformSpec } from '../environments/spec';
import { SpecStack } from './spec-stack';

/** Handles the platform stack needs from the rest of the platform. */
export interface PlatformStackProps {
  /** The object store Pipelines keep artifacts in. */
  readonly objectStore: IObjectStore;
  /** StorageClass for the components' databases (Retain). */
  readonly platformStorageClass: string;
}

/**
 * The `platform` state: operators and controllers the platform's services
 * need (MinIO, CloudNativePG, Kubeflow), applied after `cluster` (which brings cert-manager and storage) and
 * before the manifests that create their custom resources.
 */
export class PlatformStack extends SpecStack {
  /** The MinIO operator, when the object store is MinIO. */
  public readonly minioOperator?: MinioOperator;
  /** The CloudNativePG operator. */
  public readonly postgresOperator: PostgresOperator;
  /** Kubeflow, when any component is on. */
  public readonly kubeflow?: Kubeflow;

  constructor(scope: Construct, spec: PlatformSpec, props: PlatformStackProps) {
    super(scope, 'platform', spec);
    if (spec.objectStore.kind === 'minio') this.minioOperator = new MinioOperator(this, 'MinioOperator', this.release('minioOperator'));
    this.postgresOperator = new PostgresOperator(this, 'PostgresOperator', this.release('cloudnativePg'));
    const { podSecurityVersion, imageMirror } = this.release('oauth2Proxy');
    const kf = spec.kubeflow;
    const chartRepository = kf.chartRepository ?? spec.registry.charts;
    const admin = spec.users.find((u) => u.role === 'admin' && !u.offboarded);
    if (Object.values(kf.components).some((c) => c.enabled) && chartRepository && admin && spec.access.oidc) {
      this.kubeflow = new Kubeflow(this, 'Kubeflow', {
        release: kf.version,
        chartRepository,
        components: kf.components,
        podSecurityVersion,
        adminEmail: admin.email,
        notebookImages: kf.notebookImages.map((image) => mirroredImage(image, imageMirror)),
        gpuPools: spec.gpuPools.map((p) => p.name),
        objectStore: props.objectStore,
        storageClass: props.platformStorageClass,
        oidc: spec.access.oidc,
        authProxyChart: this.release('oauth2Proxy').chart,
        domain: spec.kubernetes.domain,
        imageMirror,
      });
    }
  }
}
