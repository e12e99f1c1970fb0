import { App as TerraformApp, type TerraformStack } from 'cdktf';
import { App as KubernetesApp, type Chart } from 'cdk8s';
import { ClusterStack } from '../stacks/cluster';
import { PlatformStack } from '../stacks/platform';
import { AccessChart } from '../charts/access';
import { BackupsChart } from '../charts/backups';
import { DataServicesChart } from '../charts/data-services';
import { GatewayChart } from '../charts/gateway';
import { PlatformBaseChart } from '../charts/platform-base';
import { ServingChart } from '../charts/serving';
import { StorageChart } from '../charts/storage';
import { TenantsChart, tenantPlatformEgress } from '../charts/tenants';
import { WorkflowsChart } from '../charts/workflows';
import { istioUnits, kubeflowUnits } from '../constructs/kubeflow/kubeflow-distribution';
import type { KustomizeUnit } from '../constructs/kubeflow/kustomize-unit';
import type { MlflowServer } from '../constructs/platform/mlflow-server';
import { PIPELINES_CA_SECRET } from '../constructs/kubeflow/pipelines';
import type { KubeflowSite, MeshSite } from '../constructs/kubeflow/site';
import { PLATFORM_NAMESPACES } from '../constructs/lib/naming';
import { poolCapacity } from '../constructs/lib/capacity';
import type { GuardrailFacts } from '../constructs/policy/guardrail';
import type { Suppression } from '../constructs/policy/guardrail-pack';
import { guardrailExemptions } from '../constructs/policy/exemptions';
import { kubeflowInstalled, type PlatformSpec } from '../environments/spec';
import { type DataItem, dataInventory } from './data-inventory';
import { type PlatformSecret, platformSecrets } from './platform-secrets';

/** A chart and the file it is written to (`40-tenants.k8s.yaml`: apply order in the name). */
export interface PlannedChart {
  readonly file: string;
  readonly chart: Chart;
}

/** Both apps of one environment, composed but not yet synthesized. */
export interface PlatformApps {
  readonly terraform: TerraformApp;
  readonly stacks: readonly TerraformStack[];
  readonly kubernetes: KubernetesApp;
  readonly charts: readonly PlannedChart[];
  /** Kustomize units over vendored upstream software (Kubeflow), written beside the charts' files. */
  readonly units: readonly KustomizeUnit[];
  /** Guardrail exemptions the constructs recorded, each with its reason. */
  readonly exemptions: readonly Suppression[];
  /** Every Secret the platform refers to and never holds. */
  readonly secrets: readonly PlatformSecret[];
  /** Every piece of state the site cannot recreate from the spec, with its backup and restore. */
  readonly inventory: readonly DataItem[];
  /** The MLflow tracking server, for the commands that act on it (the workspace migration). */
  readonly mlflow: MlflowServer;
}

/** Composes the Terraform stacks and the Kubernetes charts of `spec`; Terraform synthesizes into `terraformOutdir`. */
export function buildPlatform(spec: PlatformSpec, terraformOutdir: string): PlatformApps {
  const terraform = new TerraformApp({ outdir: terraformOutdir, stackTraces: false });
  const cluster = new ClusterStack(terraform, spec);
  const kubernetes = new KubernetesApp();
  const base = new PlatformBaseChart(kubernetes, 'PlatformBase', spec, cluster.gpuPools);
  const storage = new StorageChart(kubernetes, 'Storage', spec);
  const entry = new GatewayChart(kubernetes, 'Gateway', spec, { issuer: base.issuer });
  const { gateway } = entry;
  const data = new DataServicesChart(kubernetes, 'DataServices', spec, {
    issuer: base.issuer,
    platformStorageClass: cluster.storage.platformStorageClass,
    gateway,
  });
  const access = new AccessChart(kubernetes, 'Access', spec);
  const tenants = new TenantsChart(kubernetes, 'Tenants', spec, {
    mlflow: data.mlflow,
    tenantAccess: data.tenantAccess,
    issuer: base.issuer,
    objectStore: data.objectStore,
    queues: base.queues,
    gpuPools: cluster.gpuPools,
    volumes: storage.volumes,
    gateway,
  });
  const serving = new ServingChart(kubernetes, 'Serving', spec, { issuer: base.issuer, objectStore: data.objectStore, gateway, gpuPools: cluster.gpuPools });
  const backups = new BackupsChart(kubernetes, 'Backups', spec, { issuer: base.issuer, objectStore: data.objectStore });
  const workflows = new WorkflowsChart(kubernetes, 'Workflows', spec, {
    trialLabels: (user, pool) => tenants.trialLabels(user, pool),
    queueOf: (user, pool) => tenants.queueOf(user, pool),
  });
  const platform = new PlatformStack(terraform, spec);
  platform.addDependency(cluster);
  const signedOnHosts = data.mlflow.externalUrl ? [new URL(data.mlflow.externalUrl).host] : [];
  const mesh: MeshSite = {
    mirror: spec.registry.mirror,
    domain: spec.kubernetes.domain,
    gateway: { node: spec.vpn.gatewayNode, hosts: gateway.hosts, signedOnHosts },
  };
  const units = [...istioUnits(mesh), ...(kubeflowInstalled(spec) ? kubeflowUnits(kubeflowSite(spec, mesh, data, cluster)) : [])];
  const charts = [
    { file: '00-platform-base.k8s.yaml', chart: base },
    { file: '10-storage.k8s.yaml', chart: storage },
    { file: '20-data-services.k8s.yaml', chart: data },
    { file: '30-access.k8s.yaml', chart: access },
    { file: '39-gateway.k8s.yaml', chart: entry },
    { file: '40-tenants.k8s.yaml', chart: tenants },
    { file: '45-backups.k8s.yaml', chart: backups },
    { file: '50-serving.k8s.yaml', chart: serving },
    { file: '60-workflows.k8s.yaml', chart: workflows },
  ];
  // After the units: Kubeflow's grants are made while they are built.
  const secrets = platformSecrets(spec, data.objectStore);
  return {
    terraform,
    stacks: [cluster, platform],
    kubernetes,
    charts,
    units,
    exemptions: [...guardrailExemptions(terraform), ...guardrailExemptions(kubernetes)],
    secrets,
    inventory: dataInventory(spec, { secrets, objectStore: data.objectStore, dumps: backups.dumps }),
    mlflow: data.mlflow,
  };
}

/** Kubeflow's view of the site: the spec, and the platform's handles it is wired to. */
function kubeflowSite(spec: PlatformSpec, mesh: MeshSite, data: DataServicesChart, cluster: ClusterStack): KubeflowSite {
  const s3 = data.objectStore.grant({ name: 'kubeflow-pipelines', namespace: PLATFORM_NAMESPACES.kubeflow }, 'pipelines', 'write');
  const endpoint = new URL(s3.endpoint);
  const admin = spec.users.find((u) => u.role === 'admin' && !u.offboarded)!;
  // With Kubeflow comes the sign-on, and with it MLflow's host on the gateway, which the dashboard links to.
  if (!data.mlflow.externalUrl) throw new Error('Kubeflow is on but MLflow has no host on the gateway: the sign-on is missing');
  return {
    ...mesh,
    oidc: spec.access.oidc!,
    adminEmail: admin.email,
    mlflowUrl: data.mlflow.externalUrl,
    storageClass: cluster.storage.platformStorageClass,
    components: spec.kubeflow.components,
    notebookImages: spec.kubeflow.notebookImages,
    gpuPools: cluster.gpuPools,
    storageOwner: spec.storage.owner,
    pipelinesStore: {
      host: endpoint.hostname,
      port: Number(endpoint.port || 443),
      region: s3.region,
      bucket: s3.bucket,
      credentialsSecret: s3.credentialsSecret,
      caSecret: data.objectStore.caSecret(PIPELINES_CA_SECRET),
    },
  };
}

/** What the guardrails need to know of the spec besides the synthesized objects. */
export function guardrailFacts(spec: PlatformSpec, inventory: readonly DataItem[] = []): GuardrailFacts {
  const pools = spec.gpuPools.map((pool) => ({ name: pool.name, ...poolCapacity(pool) }));
  const sum = (key: 'gpus' | 'cpu' | 'memory') => pools.reduce((total, p) => total + p[key], 0);
  return {
    capacity: { gpus: sum('gpus'), cpu: sum('cpu'), memory: sum('memory'), pools: pools.map(({ name, gpus, detail }) => ({ name, gpus, detail })) },
    overcommit: { gpus: spec.guardrails.gpuOvercommit, cpu: spec.guardrails.cpuOvercommit, memory: spec.guardrails.memoryOvercommit },
    allowedRegistries: spec.guardrails.allowedRegistries,
    platformNamespaces: [...new Set(tenantPlatformEgress(spec).map((e) => e.namespace))],
    nas: { server: spec.storage.nfs.server, encryptedAtRest: spec.storage.nfs.encryptedAtRest, encryptedInTransit: spec.storage.nfs.encryptedInTransit },
    adminGroups: [spec.access.groups.admins],
    adminUsers: spec.users.filter((u) => u.role === 'admin' && !u.offboarded).map((u) => u.email),
    vpnRanges: [spec.vpn.cidr],
    ...(spec.objectStore.kind === 'minio'
      ? { siteStorageClasses: [{ name: spec.objectStore.drives.storageClass, reclaimPolicy: spec.objectStore.drives.reclaimPolicy }] }
      : {}),
    backups: inventory.filter((i) => i.kind === 'database' || i.kind === 'state').map((i) => ({ item: i.id, ...(i.backedUpBy ? { by: i.backedUpBy } : {}) })),
    dataHomes: dataHomes(inventory),
  };
}

/** Each namespace holding data, in order of first mention, with the items it holds. */
function dataHomes(inventory: readonly DataItem[]): { namespace: string; items: string[] }[] {
  const homes = new Map<string, string[]>();
  for (const item of inventory) {
    if (!item.namespace) continue;
    const items = homes.get(item.namespace) ?? [];
    items.push(item.id);
    homes.set(item.namespace, items);
  }
  return [...homes].map(([namespace, items]) => ({ namespace, items }));
}
