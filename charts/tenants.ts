import type { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { PROFILE_CREATED_NAMESPACE_LABELS, PROFILE_NAMESPACE_LABELS } from '../constructs/kubeflow/dashboard';
import { ISTIOD } from '../constructs/kubeflow/istio';
import { KATIB_DB_MANAGER } from '../constructs/kubeflow/katib';
import { PIPELINES_API } from '../constructs/kubeflow/pipelines';
import { merged } from '../constructs/lib/merged';
import { PLATFORM_NAMESPACES } from '../constructs/lib/naming';
import type { PlatformEndpoint } from '../constructs/lib/platform-endpoint';
import type { PlatformGateway } from '../constructs/platform/platform-gateway';
import { PLATFORM_PRIORITY_CLASSES } from '../constructs/platform/platform-priorities';
import { addLocalQueue, type GpuQueues } from '../constructs/platform/gpu-queues';
import type { InternalCaIssuer } from '../constructs/platform/internal-ca-issuer';
import { MLFLOW_PORT, type MlflowServer } from '../constructs/platform/mlflow-server';
import { MINIO_S3_PORT } from '../constructs/platform/minio-object-store';
import type { IObjectStore } from '../constructs/platform/object-store';
import { KubeflowProfile, PROFILE_WORKLOAD_ACCOUNT } from '../constructs/tenancy/kubeflow-profile';
import { ProfileOwnerModelReader } from '../constructs/tenancy/profile-owner-model-reader';
import { TenantMlflowAccess } from '../constructs/tenancy/tenant-mlflow-access';
import { TenantPipelineArtifacts } from '../constructs/tenancy/tenant-pipeline-artifacts';
import { TenantPodDefaults } from '../constructs/tenancy/tenant-pod-defaults';
import type { StaticNfsVolume } from '../constructs/tenancy/static-nfs-volume';
import { TENANT_CLAIMS } from './storage';
import type { DataServicesChart } from './data-services';
import type { GpuPlacement } from '../constructs/lib/gpu-scheduling';
import { TenantNamespace } from '../constructs/tenancy/tenant-namespace';
import { kubeflowInstalled, type PlatformSpec } from '../environments/spec';
import { namedScope } from '../constructs/lib/named-scope';

/** Platform endpoints every tenant may call, derived from what the spec turns on. */
export function tenantPlatformEgress(spec: PlatformSpec): PlatformEndpoint[] {
  const endpoints: PlatformEndpoint[] = [{ namespace: PLATFORM_NAMESPACES.mlflow, ports: [{ port: MLFLOW_PORT }] }];
  if (spec.objectStore.kind === 'minio') endpoints.push({ namespace: PLATFORM_NAMESPACES.objectStore, ports: [{ port: MINIO_S3_PORT }] });
  const { pipelines, katib } = spec.kubeflow.components;
  if (pipelines)
    endpoints.push({ namespace: PLATFORM_NAMESPACES.kubeflow, ports: PIPELINES_API.ports.map((port) => ({ port })), podLabels: PIPELINES_API.podLabels });
  // Katib's metrics collector, a sidecar in every trial pod, reports to the DB manager.
  if (katib) endpoints.push({ namespace: PLATFORM_NAMESPACES.kubeflow, ports: [{ port: KATIB_DB_MANAGER.port }], podLabels: KATIB_DB_MANAGER.podLabels });
  if (kubeflowInstalled(spec)) endpoints.push({ namespace: PLATFORM_NAMESPACES.istio, ports: [{ port: ISTIOD.xdsPort }], podLabels: ISTIOD.podLabels });
  return endpoints;
}

/** The labels of a namespace that has a Kubeflow Profile, as the Profile controller would make it. */
const PROFILE_LABELS = merged(PROFILE_NAMESPACE_LABELS, PROFILE_CREATED_NAMESPACE_LABELS);

/** Handles the tenants chart needs from earlier charts. */
export interface TenantsChartProps {
  /** The tracking server every active tenant may call. */
  readonly mlflow: MlflowServer;
  /** Each user's object store keys (publishing models, pipeline artifacts), granted by the data-services chart. */
  readonly tenantAccess: DataServicesChart['tenantAccess'];
  /** Issuer of the CA bundle tenants trust. */
  readonly issuer: InternalCaIssuer;
  /** The object store, whose endpoint notebooks are told about. */
  readonly objectStore: IObjectStore;
  /** The GPU node pools (the cluster stack's), which a tenant's pods may run on. */
  readonly gpuPools: readonly GpuPlacement[];
  /** Kueue queues, when fair GPU sharing is on. */
  readonly queues?: GpuQueues;
  /** Each tenant's NAS volumes, claimed in its namespace. */
  readonly volumes: ReadonlyMap<string, readonly StaticNfsVolume[]>;
  /** The gateway, which reaches notebooks and TensorBoards through Kubeflow's routes. */
  readonly gateway: PlatformGateway;
}

/** Chart `40-tenants`: one {@link TenantNamespace} per user, offboarded users included so their data stays. */
export class TenantsChart extends Chart {
  /** The tenants, by user name. */
  public readonly tenants: ReadonlyMap<string, TenantNamespace>;
  /** LocalQueue per tenant and pool (`<user>/<pool>`), when queues are on. */
  private readonly localQueues = new Map<string, string>();
  /** PodDefault selectors per tenant, when Kubeflow profiles are on. */
  private readonly podDefaults = new Map<string, TenantPodDefaults>();

  constructor(scope: Construct, id: string, spec: PlatformSpec, props: TenantsChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const platformEgress = tenantPlatformEgress(spec);
    const { pipelines } = spec.kubeflow.components;
    const profiles = kubeflowInstalled(spec);
    const owner = spec.users.find((u) => u.role === 'admin' && !u.offboarded);
    const tenants = new Map<string, TenantNamespace>();
    // The profiles' owner, the admin, reads every workspace's registered models.
    if (profiles) new ProfileOwnerModelReader(this, 'ProfileOwnerModelReader');
    for (const user of spec.users) {
      const { publisher, pipelines: artifacts } = props.tenantAccess.get(user.name) ?? {};
      const tenantScope = namedScope(this, user.name);
      tenants.set(
        user.name,
        new TenantNamespace(tenantScope, 'Namespace', {
          user: user.name,
          email: user.email,
          access: user.role === 'viewer' ? 'viewer' : 'data-scientist',
          quota: user.quota,
          offboarded: user.offboarded,
          podSecurityVersion: `v${spec.kubernetes.version}`,
          platformEgress,
          reservedPriorityClasses: PLATFORM_PRIORITY_CLASSES,
          // Kubeflow's controllers and, through its routes, the gateway open connections to tenant pods.
          ...(profiles ? { ingressFromNamespaces: [PLATFORM_NAMESPACES.kubeflow], ingressFromGateway: props.gateway.peer } : {}),
          ...(profiles && owner ? { kubeflowOwner: owner.email, extraLabels: PROFILE_LABELS } : {}),
        }),
      );
      for (const volume of props.volumes.get(user.name) ?? []) volume.claim(tenantScope, `${volume.node.id}Claim`);
      // Only a tenant that may use GPUs gets their PodDefaults and queues.
      const usesGpus = !user.offboarded && user.quota.gpus > 0;
      const queues = usesGpus
        ? props.gpuPools.map((pool) => {
            const clusterQueue = props.queues?.clusterQueues.get(pool.name);
            return merged(pool, { queue: clusterQueue ? addLocalQueue(tenantScope, user.name, clusterQueue) : undefined });
          })
        : [];
      for (const { name, queue } of queues) if (queue) this.localQueues.set(`${user.name}/${name}`, queue);
      if (profiles && owner) {
        new KubeflowProfile(tenantScope, 'Profile', {
          namespace: user.name,
          ownerEmail: owner.email,
          userEmail: user.email,
          access: user.role === 'viewer' ? 'view' : 'edit',
          offboarded: user.offboarded,
        });
        const podDefaults = new TenantPodDefaults(tenantScope, 'PodDefaults', {
          namespace: user.name,
          issuer: props.issuer,
          mlflowTrackingUri: props.mlflow.trackingUri,
          s3Endpoint: props.objectStore.endpoint,
          datasetClaim: TENANT_CLAIMS.dataset,
          gpuPools: queues,
          pipelines,
          ...(publisher ? { modelsPublisher: publisher } : {}),
        });
        this.podDefaults.set(user.name, podDefaults);
        // The namespace is the user's MLflow workspace: their notebooks, pipeline steps and trials log with their rights.
        if (!user.offboarded) {
          new TenantMlflowAccess(tenantScope, 'MlflowAccess', {
            namespace: user.name,
            access: user.role === 'viewer' ? 'viewer' : 'data-scientist',
            workloadAccounts: [PROFILE_WORKLOAD_ACCOUNT],
          });
        }
        if (artifacts) {
          new TenantPipelineArtifacts(tenantScope, 'PipelineArtifacts', {
            namespace: user.name,
            access: artifacts,
            caSecret: podDefaults.caSecret,
          });
        }
      }
    }
    this.tenants = tenants;
  }

  /** The LocalQueue of `user` for GPU pool `pool`, when queues are on. */
  public queueOf(user: string, pool: string): string | undefined {
    return this.localQueues.get(`${user}/${pool}`);
  }

  /** Labels a trial pod of `user` sets to get MLflow, the dataset and GPU pool `pool` from its PodDefaults. */
  public trialLabels(user: string, pool: string): Record<string, string> {
    const selectors = this.podDefaults.get(user)?.selectors ?? {};
    return Object.assign({}, ...['platform-services', 'cell-dataset', `gpu-${pool}`].map((name) => selectors[name] ?? {}));
  }
}
