import type { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { BUILT_IMAGES, builtImage } from '../constructs/lib/images';
import { PLATFORM_NAMESPACES } from '../constructs/lib/naming';
import { ExternalObjectStore } from '../constructs/platform/external-object-store';
import type { InternalCaIssuer } from '../constructs/platform/internal-ca-issuer';
import { MinioObjectStore } from '../constructs/platform/minio-object-store';
import { MlflowServer } from '../constructs/platform/mlflow-server';
import { GATEWAY_SIGN_ON } from '../constructs/kubeflow/auth';
import { TENANT_LABEL } from '../constructs/lib/labels';
import type { IObjectStore, S3Access } from '../constructs/platform/object-store';
import { tenantArtifactPrefix } from '../constructs/lib/argo-artifacts';
import type { PlatformGateway } from '../constructs/platform/platform-gateway';
import { PostgresCluster } from '../constructs/platform/postgres-cluster';
import { PLATFORM_PRIORITY } from '../constructs/platform/platform-priorities';
import { ServiceCertificate } from '../constructs/platform/service-certificate';
import { PIPELINES_CA_SECRET } from '../constructs/kubeflow/pipelines';
import { ServiceNamespace } from '../constructs/platform/service-namespace';
import { kubeflowInstalled, type PlatformSpec } from '../environments/spec';

/** Whether a user gets a `models-publisher` key: active admins unless they opt out, data scientists who opt in. */
function publishesModels(user: PlatformSpec['users'][number]): boolean {
  return !user.offboarded && user.role !== 'viewer' && (user.publishModels ?? user.role === 'admin');
}

/** Handles the data-services chart needs from earlier charts. */
export interface DataServicesChartProps {
  readonly issuer: InternalCaIssuer;
  /** StorageClass for platform state (Retain). */
  readonly platformStorageClass: string;
  /** The gateway MLflow is served through. */
  readonly gateway: PlatformGateway;
}

/**
 * Chart `20-data-services`: the object store (MinIO run by the platform, or
 * the site's S3), PostgreSQL for MLflow with backups, the MLflow tracking
 * server and registry, and the internal CA bundle Kubeflow Pipelines trusts
 * the object store with.
 */
export class DataServicesChart extends Chart {
  /** The object store every consumer gets its buckets from. */
  public readonly objectStore: IObjectStore;
  /** The tracking server. */
  public readonly mlflow: MlflowServer;
  /**
   * Each user's keys to the object store, granted here with the store's other consumers: `publisher` adds model
   * versions to the locked `models` bucket, `pipelines` writes the user's pipeline artifacts under their prefix.
   */
  public readonly tenantAccess: ReadonlyMap<string, { readonly publisher?: S3Access; readonly pipelines?: S3Access }>;

  constructor(scope: Construct, id: string, spec: PlatformSpec, props: DataServicesChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const podSecurityVersion = `v${spec.kubernetes.version}`;
    const imageMirror = spec.registry.mirror;
    const store = spec.objectStore;
    if (store.kind === 'minio') {
      this.objectStore = new MinioObjectStore(this, 'ObjectStore', {
        ...store,
        storageClass: store.drives.storageClass,
        namespace: new ServiceNamespace(this, 'ObjectStoreNamespace', {
          name: PLATFORM_NAMESPACES.objectStore,
          component: 'object-store',
          podSecurityVersion,
          holdsData: true,
        }),
        issuer: props.issuer,
        imageMirror,
        priorityClassName: PLATFORM_PRIORITY.data.name,
        backupVersionDays: spec.backups.retentionDays,
      });
    } else {
      this.objectStore = new ExternalObjectStore(this, 'ObjectStore', store);
    }
    const mlflowNamespace = new ServiceNamespace(this, 'MlflowNamespace', {
      name: PLATFORM_NAMESPACES.mlflow,
      component: 'mlflow',
      podSecurityVersion,
      holdsData: true,
    });
    const database = new PostgresCluster(this, 'MlflowDatabase', {
      name: 'mlflow-db',
      namespace: mlflowNamespace,
      database: 'mlflow',
      instances: spec.mlflow.database.instances,
      storage: spec.mlflow.database.storage,
      storageClass: props.platformStorageClass,
      retentionDays: spec.mlflow.database.retentionDays,
      objectStore: this.objectStore,
      issuer: props.issuer,
      imageMirror,
      priorityClassName: PLATFORM_PRIORITY.data.name,
    });
    this.mlflow = new MlflowServer(this, 'Mlflow', {
      namespace: mlflowNamespace,
      issuer: props.issuer,
      version: spec.mlflow.version,
      image: spec.mlflow.image ?? builtImage(BUILT_IMAGES.mlflow, spec.registry.builds!),
      replicas: spec.mlflow.replicas,
      database,
      objectStore: this.objectStore,
      workspaceSelector: TENANT_LABEL,
      // Browsers sign on at the gateway, which comes with Kubeflow's auth unit.
      ...(kubeflowInstalled(spec) ? { signOn: GATEWAY_SIGN_ON } : {}),
      gateway: props.gateway,
      priorityClassName: PLATFORM_PRIORITY.services.name,
    });
    if (spec.kubeflow.components.pipelines && this.objectStore.caSecret(PIPELINES_CA_SECRET) === PIPELINES_CA_SECRET) {
      // Kubeflow Pipelines (unit 37) trusts the object store with this bundle; it exists before their pods start.
      const bundle = new ServiceCertificate(this, 'PipelinesCa', {
        issuer: props.issuer,
        namespace: PLATFORM_NAMESPACES.kubeflow,
        name: 'platform-ca-bundle',
        dnsNames: ['platform-ca-bundle.kubeflow.svc'],
      });
      if (bundle.secretName !== PIPELINES_CA_SECRET)
        throw new Error(`DataServicesChart: Pipelines mount ${PIPELINES_CA_SECRET}, the certificate writes ${bundle.secretName}`);
    }
    // What tenants reach here: MLflow from every active tenant; the store from pipeline steps and publishers.
    const tenantAccess = new Map<string, { publisher?: S3Access; pipelines?: S3Access }>();
    const { pipelines } = spec.kubeflow.components;
    for (const user of spec.users) {
      if (!user.offboarded) this.mlflow.allowFrom(user.name);
      if (!user.offboarded && pipelines) this.objectStore.allowFrom(user.name);
      // A publisher's notebooks and pipeline steps add model versions to the locked bucket; nothing there can delete one.
      const publisher = publishesModels(user)
        ? this.objectStore.grant({ name: `models-publisher-${user.name}`, namespace: user.name }, 'models', 'publish')
        : undefined;
      if (publisher) this.objectStore.allowFrom(user.name);
      // Pipeline steps write artifacts with credentials that reach only the tenant's prefix of the pipelines bucket.
      const artifacts =
        pipelines && !user.offboarded
          ? this.objectStore.grant({ name: `pipelines-${user.name}`, namespace: user.name }, 'pipelines', 'write', tenantArtifactPrefix(user.name))
          : undefined;
      tenantAccess.set(user.name, { ...(publisher ? { publisher } : {}), ...(artifacts ? { pipelines: artifacts } : {}) });
    }
    this.tenantAccess = tenantAccess;
  }
}
