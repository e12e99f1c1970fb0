/** Read-only helpers the guardrail rules share to look into synthesized objects. */
import { NAMESPACE_NAME_LABEL, TENANT_LABEL } from '../lib/labels';
import { type KubeObject, objectRef, resourceRef, terraformMetadata, terraformResources, type TerraformStackJson, ofKind } from './guardrail';
import { NFS_CSI_DRIVER } from '../lib/nfs';

/** Kinds that have no namespace. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'CSIDriver',
  'IngressClass',
  'RuntimeClass',
  'PriorityClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'APIService',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'ClusterIssuer',
  'ClusterPolicy',
  'Profile',
  'ResourceFlavor',
  'ClusterQueue',
  'VolumeSnapshotClass',
  'ClusterServingRuntime',
]);

/**
 * Caches a derived view of an object list: every rule asks the same questions
 * of the same list, and at a thousand tenants recomputing them adds up.
 */
function memoized<T>(compute: (objects: readonly KubeObject[]) => T): (objects: readonly KubeObject[]) => T {
  const cache = new WeakMap<readonly KubeObject[], T>();
  return (objects) => {
    if (!cache.has(objects)) cache.set(objects, compute(objects));
    return cache.get(objects)!;
  };
}

/** The names of tenant namespaces: Namespaces labelled as a tenant's. */
export const tenantNamespaces: (objects: readonly KubeObject[]) => ReadonlySet<string> = memoized(
  (objects) =>
    new Set(
      ofKind(objects, 'Namespace')
        .filter((o) => o.metadata.labels?.[TENANT_LABEL])
        .map((o) => o.metadata.name),
    ),
);

/** A kind's objects by namespace, built once per kind's list: rules look up per tenant, and a scan per tenant is quadratic. */
const byNamespace = new WeakMap<readonly KubeObject[], Map<string, KubeObject[]>>();

/** A volume claim an operator or a StatefulSet makes from a template in its owner. */
export interface ClaimTemplate {
  readonly owner: KubeObject;
  readonly storageClassName: string;
}

/**
 * The named StorageClasses of the claims objects make from templates: StatefulSet `volumeClaimTemplates`, a
 * CloudNativePG Cluster's `storage` and `walStorage`, a MinIO Tenant pool's `volumeClaimTemplate`.
 */
export function claimTemplates(objects: readonly KubeObject[]): ClaimTemplate[] {
  return ofKind(objects, 'StatefulSet', 'Cluster', 'Tenant').flatMap((owner) => {
    const spec: Record<string, any> = owner.spec ?? {};
    const classes =
      owner.kind === 'StatefulSet'
        ? (spec.volumeClaimTemplates ?? []).map((t: any) => t.spec?.storageClassName)
        : owner.kind === 'Cluster' && owner.apiVersion.startsWith('postgresql.cnpg.io/')
          ? [spec.storage?.storageClass, spec.walStorage?.storageClass]
          : owner.kind === 'Tenant' && owner.apiVersion.startsWith('minio.min.io/')
            ? (spec.pools ?? []).map((p: any) => p.volumeClaimTemplate?.spec?.storageClassName)
            : [];
    return classes.filter((c: unknown): c is string => typeof c === 'string').map((storageClassName: string) => ({ owner, storageClassName }));
  });
}

/** Objects of one kind in one namespace. */
export function objectsIn(objects: readonly KubeObject[], namespace: string, kind: string): readonly KubeObject[] {
  const ofThisKind = ofKind(objects, kind);
  let index = byNamespace.get(ofThisKind);
  if (!index) {
    index = new Map();
    for (const o of ofThisKind) {
      const list = index.get(o.metadata.namespace ?? '');
      if (list) list.push(o);
      else index.set(o.metadata.namespace ?? '', [o]);
    }
    byNamespace.set(ofThisKind, index);
  }
  return index.get(namespace) ?? [];
}

/** A pod template found in a workload, with what owns it. */
export interface PodTemplate {
  readonly owner: KubeObject;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: Record<string, any>;
  /** How many pods run from it at once (replicas, parallelism). */
  readonly replicas: number;
  /** The most pods it may run at once: an autoscaler's `maxReplicas` when one targets it, else `replicas`; for capacity. */
  readonly maxReplicas: number;
}

/**
 * The pods of a MinIO Tenant pool, as far as the Tenant decides them: the pool's pod and container security
 * contexts, resources and scheduling, the Tenant's image, env, extra volumes and mounts (the operator adds its own
 * init container and sidecar, and the drives).
 */
function minioPoolPod(name: string, tenant: Record<string, any>, pool: Record<string, any>): Record<string, any> {
  return {
    ...(pool.securityContext ? { securityContext: pool.securityContext } : {}),
    ...(tenant.priorityClassName ? { priorityClassName: tenant.priorityClassName } : {}),
    ...(pool.nodeSelector ? { nodeSelector: pool.nodeSelector } : {}),
    ...(pool.tolerations ? { tolerations: pool.tolerations } : {}),
    // Without one, the operator runs the pools as `<tenant>-sa`, a ServiceAccount it creates and binds to read the
    // Tenant (operator v7.1.1 pkg/apis/minio.min.io/v2/helper.go EnsureDefaults, pkg/controller/service-account.go):
    // its init container and sidecar in every pod call the API with that token.
    serviceAccountName: tenant.serviceAccountName ?? `${name}-sa`,
    volumes: tenant.additionalVolumes ?? [],
    containers: [
      {
        name: 'minio',
        image: tenant.image,
        ...(tenant.imagePullPolicy ? { imagePullPolicy: tenant.imagePullPolicy } : {}),
        env: tenant.env ?? [],
        volumeMounts: tenant.additionalVolumeMounts ?? [],
        ...(pool.containerSecurityContext ? { securityContext: pool.containerSecurityContext } : {}),
        ...(pool.resources ? { resources: pool.resources } : {}),
      },
    ],
  };
}

/**
 * The instance pods of a CloudNativePG Cluster as the operator builds them (v1.30.0 pkg/specs/pods.go
 * createPostgresPodSpec and GetPodSecurityContext, pkg/specs/containers.go GetSecurityContext, api/v1
 * cluster_funcs.go GetServiceAccountName): the postgres user (26) with the runtime's seccomp profile unless the
 * Cluster sets its own, a hardened container with start-up, readiness and liveness probes on the status port and
 * the Cluster's resources, and a ServiceAccount named after the Cluster, whose token the instance manager uses.
 */
function cnpgInstancePod(name: string, cluster: Record<string, any>): Record<string, any> {
  const seccompProfile = { type: 'RuntimeDefault' };
  const probe = (path: string) => ({ httpGet: { path, port: 8000 } });
  // A security context the Cluster sets replaces the default; only the user, group and seccomp profile are filled in.
  const podDefaults = { runAsNonRoot: true, runAsUser: 26, runAsGroup: 26, fsGroup: 26, seccompProfile };
  const podSecurity = cluster.podSecurityContext ? { runAsUser: 26, runAsGroup: 26, seccompProfile, ...cluster.podSecurityContext } : podDefaults;
  const containerDefaults = {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile,
  };
  const containerSecurity = cluster.securityContext ? { seccompProfile, ...cluster.securityContext } : containerDefaults;
  return {
    securityContext: podSecurity,
    serviceAccountName: cluster.serviceAccountName ?? name,
    ...(cluster.priorityClassName ? { priorityClassName: cluster.priorityClassName } : {}),
    containers: [
      {
        name: 'postgres',
        image: cluster.imageName,
        ...(cluster.imagePullPolicy ? { imagePullPolicy: cluster.imagePullPolicy } : {}),
        ...(cluster.resources ? { resources: cluster.resources } : {}),
        securityContext: containerSecurity,
        startupProbe: probe('/startupz'),
        readinessProbe: probe('/readyz'),
        livenessProbe: probe('/healthz'),
      },
    ],
  };
}

/** The kinds {@link podTemplates} finds pods in: each case of its switch. */
const POD_OWNER_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'Job', 'CronJob', 'Tenant', 'Cluster', 'Experiment'];

/**
 * Every pod template of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs, and of the
 * custom resources whose pods the platform describes: MinIO Tenant pools, CloudNativePG Clusters and Katib
 * Experiments' trial Jobs.
 */
export const podTemplates: (objects: readonly KubeObject[]) => readonly PodTemplate[] = memoized((objects) => {
  const scaledTo = new Map<string, number>();
  for (const hpa of ofKind(objects, 'HorizontalPodAutoscaler')) {
    const target = hpa.spec?.scaleTargetRef ?? {};
    scaledTo.set(`${hpa.metadata.namespace}/${target.kind}/${target.name}`, hpa.spec?.maxReplicas ?? 0);
  }
  const out: PodTemplate[] = [];
  const push = (template: Omit<PodTemplate, 'maxReplicas'>) => {
    const { owner } = template;
    out.push({ ...template, maxReplicas: Math.max(template.replicas, scaledTo.get(`${owner.metadata.namespace}/${owner.kind}/${owner.metadata.name}`) ?? 0) });
  };
  for (const owner of ofKind(objects, ...POD_OWNER_KINDS)) {
    const spec = owner.spec ?? {};
    // A case added here is a kind added to POD_OWNER_KINDS.
    switch (owner.kind) {
      case 'Pod':
        push({ owner, labels: owner.metadata.labels ?? {}, spec, replicas: 1 });
        break;
      case 'Deployment':
      case 'StatefulSet':
      case 'ReplicaSet':
      case 'DaemonSet':
        push({ owner, labels: spec.template?.metadata?.labels ?? {}, spec: spec.template?.spec ?? {}, replicas: spec.replicas ?? 1 });
        break;
      case 'Job':
        push({ owner, labels: spec.template?.metadata?.labels ?? {}, spec: spec.template?.spec ?? {}, replicas: spec.parallelism ?? 1 });
        break;
      case 'CronJob': {
        const job = spec.jobTemplate?.spec ?? {};
        push({ owner, labels: job.template?.metadata?.labels ?? {}, spec: job.template?.spec ?? {}, replicas: job.parallelism ?? 1 });
        break;
      }
      case 'Tenant':
        if (!owner.apiVersion.startsWith('minio.min.io/')) break;
        for (const pool of spec.pools ?? [])
          push({
            owner,
            labels: { 'v1.min.io/tenant': owner.metadata.name },
            spec: minioPoolPod(owner.metadata.name, spec, pool),
            replicas: pool.servers ?? 1,
          });
        break;
      case 'Cluster':
        if (!owner.apiVersion.startsWith('postgresql.cnpg.io/')) break;
        push({ owner, labels: { 'cnpg.io/cluster': owner.metadata.name }, spec: cnpgInstancePod(owner.metadata.name, spec), replicas: spec.instances ?? 1 });
        break;
      case 'Experiment': {
        if (!owner.apiVersion.startsWith('kubeflow.org/')) break;
        const trial = spec.trialTemplate?.trialSpec;
        if (trial?.kind !== 'Job') break;
        push({ owner, labels: trial.spec?.template?.metadata?.labels ?? {}, spec: trial.spec?.template?.spec ?? {}, replicas: spec.parallelTrialCount ?? 1 });
        break;
      }
    }
  }
  return out;
});

/** Containers, init containers and ephemeral containers of a pod spec. */
export function containersOf(podSpec: Record<string, any>): Record<string, any>[] {
  return [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? []), ...(podSpec.ephemeralContainers ?? [])];
}

interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { key: string; operator: string; values?: readonly string[] }[];
}

/** Whether a label selector selects these labels (an empty selector selects everything). */
export function selects(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return false;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return key in labels && values.includes(labels[key]);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key]);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
      default:
        return false;
    }
  });
  return byLabel && byExpression;
}

/** The one namespace a NetworkPolicy peer's `namespaceSelector` names, if it names exactly one by its immutable label. */
export function peerNamespace(peer: { namespaceSelector?: LabelSelector }): string | undefined {
  const labels = peer.namespaceSelector?.matchLabels ?? {};
  return labels[NAMESPACE_NAME_LABEL];
}

/** Credential-looking env var names (Polaris `sensitiveContainerEnvVar`, kube-linter `env-var-secret`). */
export const SECRET_NAME = /password|token|bearer|secret|^AWS_SECRET_ACCESS_KEY$|^AZURE_.+KEY$/i;

export { PRIVATE_KEY_VALUE } from '../lib/pasted-secrets';

/** A StorageClass from either output, normalized. */
export interface StorageClassInfo {
  /** `Kind//name` or `stack:type.name`. */
  readonly ref: string;
  readonly name: string;
  readonly provisioner: string;
  readonly reclaimPolicy: string;
  readonly parameters: Readonly<Record<string, string>>;
}

/** Every StorageClass of both outputs: Terraform `kubernetes_storage_class(_v1)` and manifest objects. */
export function storageClasses(objects: readonly KubeObject[], stacks: readonly TerraformStackJson[]): StorageClassInfo[] {
  const fromTerraform = terraformResources(stacks)
    .filter((r) => /^kubernetes_storage_class(_v1)?$/.test(r.type))
    .map((r) => ({
      ref: resourceRef(r),
      name: terraformMetadata(r).name ?? '',
      provisioner: r.body.storage_provisioner ?? '',
      reclaimPolicy: r.body.reclaim_policy ?? 'Delete',
      parameters: r.body.parameters ?? {},
    }));
  const fromManifests = ofKind(objects, 'StorageClass').map((o) => ({
    ref: objectRef(o),
    name: o.metadata.name,
    provisioner: o.provisioner ?? '',
    reclaimPolicy: o.reclaimPolicy ?? 'Delete',
    parameters: o.parameters ?? {},
  }));
  return [...fromTerraform, ...fromManifests];
}

/** StorageClasses of both outputs that csi-driver-nfs provisions. */
export function nfsStorageClasses(objects: readonly KubeObject[], stacks: readonly TerraformStackJson[]): StorageClassInfo[] {
  return storageClasses(objects, stacks).filter((c) => c.provisioner === NFS_CSI_DRIVER);
}
