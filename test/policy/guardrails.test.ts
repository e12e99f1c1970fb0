import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Guardrail, GuardrailFacts, GuardrailInput, KubeObject } from '../../constructs/policy/guardrail';
import { GUARDRAILS_MD_IDS, NOT_APPLICABLE } from '../../constructs/policy/catalog';
import { formatFinding, GUARDRAILS, runGuardrails } from '../../constructs/policy/guardrail-pack';
import { findObject } from '../support/objects';
import { TENANT_FIXTURE } from './fixtures';

const facts: GuardrailFacts = {
  capacity: { gpus: 4, cpu: 64, memory: 512 * 2 ** 30, pools: [{ name: 'a100', gpus: 4, detail: '1 node x 4 GPUs' }] },
  overcommit: { gpus: 1, cpu: 1, memory: 1 },
  allowedRegistries: [],
  platformNamespaces: ['mlflow'],
  nas: { server: 'nas01.lab.internal', encryptedAtRest: true, encryptedInTransit: true },
  adminGroups: ['mlops-admins'],
  adminUsers: ['admin@lab.example.org'],
  vpnRanges: ['10.44.0.0/24'],
  backups: [
    { item: 'database/mlflow', by: 'ScheduledBackup/mlflow/mlflow-db-daily' },
    { item: 'state/test-cluster', by: 'site' },
  ],
  dataHomes: [
    { namespace: 'monitoring', items: ['secret/monitoring/alertmanager-key'] },
    { namespace: 'alice', items: ['secret/alice/s3-pipelines-alice'] },
  ],
};

/** alice's tenant as `TenantNamespace` builds it (kept current by tenant-fixture.test.ts). */
const tenant: KubeObject[] = JSON.parse(fs.readFileSync(TENANT_FIXTURE, 'utf8'));

const labels = { 'app.kubernetes.io/name': 'mlflow', 'app.kubernetes.io/instance': 'mlflow' };
const workload: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'mlflow', namespace: 'mlflow' },
  spec: {
    replicas: 2,
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: {
        serviceAccountName: 'mlflow',
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } },
        ],
        volumes: [
          { name: 'data', persistentVolumeClaim: { claimName: 'mlflow-data' } },
          { name: 'session-key', secret: { secretName: 'mlflow-secret-key' } },
        ],
        containers: [
          {
            name: 'mlflow',
            image: 'registry.lab.internal:5000/mlflow:3.1.1',
            command: ['/bin/sh', '-c'],
            args: ['exec mlflow server --enable-workspaces --workspace-store-uri kubernetes:// --app-name kubernetes-auth'],
            volumeMounts: [{ name: 'session-key', mountPath: '/var/run/secrets/session-key', readOnly: true }],
            env: [{ name: 'MLFLOW_PORT', value: '5000' }],
            ports: [{ containerPort: 5000 }],
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            resources: { requests: { cpu: '1', memory: '2Gi', 'nvidia.com/gpu': '1' }, limits: { memory: '2Gi', 'nvidia.com/gpu': '1' } },
            readinessProbe: { httpGet: { path: '/health', port: 5000 } },
          },
        ],
      },
    },
  },
};
const workloadPolicy: KubeObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'mlflow', namespace: 'mlflow' },
  spec: {
    podSelector: { matchLabels: labels },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'alice' } } }] }],
  },
};
const platformClaim: KubeObject = {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'mlflow-data', namespace: 'mlflow' },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'nfs-platform', resources: { requests: { storage: '10Gi' } } },
};
const nfsClass = (name: string, reclaimPolicy: string) => ({
  metadata: [{ name }],
  storage_provisioner: 'nfs.csi.k8s.io',
  reclaim_policy: reclaimPolicy,
  parameters: { server: 'nas01.lab.internal', share: '/export/mlops', subDir: 'x/$${pvc.metadata.name}', onDelete: 'retain', mountPermissions: '0' },
});
const budget: KubeObject = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'mlflow', namespace: 'mlflow' },
  spec: { maxUnavailable: 1, selector: { matchLabels: labels }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
};
const GATEWAY_PODS = { app: 'istio-ingressgateway', istio: 'ingressgateway' };
const caIssuer: KubeObject = {
  apiVersion: 'cert-manager.io/v1',
  kind: 'ClusterIssuer',
  metadata: { name: 'platform-ca' },
  spec: { ca: { secretName: 'platform-ca' } },
};
const certificate: KubeObject = {
  apiVersion: 'cert-manager.io/v1',
  kind: 'Certificate',
  metadata: { name: 'mlflow', namespace: 'istio-system' },
  spec: { secretName: 'mlflow-tls', dnsNames: ['mlflow.lab.internal'], issuerRef: { name: 'platform-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' } },
};
const gateway: KubeObject = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  metadata: { name: 'platform-gateway', namespace: 'istio-system' },
  spec: {
    selector: GATEWAY_PODS,
    servers: [
      {
        port: { number: 443, name: 'https-mlflow', protocol: 'HTTPS' },
        hosts: ['mlflow.lab.internal'],
        tls: { mode: 'SIMPLE', credentialName: 'mlflow-tls', minProtocolVersion: 'TLSV1_2' },
      },
      { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['mlflow.lab.internal'], tls: { httpsRedirect: true } },
    ],
  },
};
const vpnOnly: KubeObject = {
  apiVersion: 'security.istio.io/v1',
  kind: 'AuthorizationPolicy',
  metadata: { name: 'vpn-only', namespace: 'istio-system' },
  spec: { selector: { matchLabels: GATEWAY_PODS }, action: 'DENY', rules: [{ from: [{ source: { notIpBlocks: ['10.44.0.0/24'] } }] }] },
};
const route: KubeObject = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'mlflow', namespace: 'istio-system' },
  spec: {
    hosts: ['mlflow.lab.internal'],
    gateways: ['istio-system/platform-gateway'],
    http: [{ route: [{ destination: { host: 'mlflow.mlflow.svc.cluster.local', port: { number: 443 } } }] }],
  },
};
const adminRole: KubeObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'platform-admin' },
  rules: [{ apiGroups: [''], resources: ['secrets', 'namespaces', 'pods/exec'], verbs: ['get', 'list', 'create', 'patch'] }],
};
const adminBinding: KubeObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'platform-admin' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'platform-admin' },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'mlops-admins' }],
};
const tenantStore: KubeObject = {
  apiVersion: 'minio.min.io/v2',
  kind: 'Tenant',
  metadata: { name: 'store', namespace: 'object-store' },
  spec: {
    image: 'quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z',
    pools: [
      {
        servers: 2,
        volumesPerServer: 2,
        resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } },
        securityContext: { runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
        containerSecurityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      },
    ],
    env: [{ name: 'MINIO_KMS_SECRET_KEY_FILE', value: '/kms/key' }],
    externalCertSecret: [{ name: 'minio-tls' }],
    requestAutoCert: false,
  },
};
/** For an operator's pods: the ServiceAccount it runs them as, here without a token, and a NetworkPolicy selecting them. */
function operatorPods(namespace: string, account: string, pods: Record<string, string>): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: account, namespace }, automountServiceAccountToken: false } as KubeObject,
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `allow-${account}`, namespace },
      spec: { podSelector: { matchLabels: pods }, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] },
    },
  ];
}
/** MinIO's operator runs the pools as `<tenant>-sa`. */
const storePods = operatorPods('object-store', 'store-sa', { 'v1.min.io/tenant': 'store' });
const bucketPlan: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'object-store-setup', namespace: 'object-store', labels: { 'mlops-platform.io/bucket-plan': 'true' } },
  data: {
    'buckets.json': JSON.stringify([
      { name: 'models', versioning: true, objectLock: true, retentionDays: 30, forceDestroy: false },
      { name: 'mlflow-artifacts', versioning: true, objectLock: false, retentionDays: 0, forceDestroy: false },
    ]),
    'policy-serving.json': JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::models/*'] }] }),
  },
};
const database: KubeObject = {
  apiVersion: 'postgresql.cnpg.io/v1',
  kind: 'Cluster',
  metadata: { name: 'mlflow-db', namespace: 'mlflow' },
  spec: {
    imageName: 'ghcr.io/cloudnative-pg/postgresql:17.5',
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
    podSecurityContext: { runAsUser: 10026, runAsGroup: 10026, fsGroup: 10026 },
    certificates: { serverTLSSecret: 'mlflow-db-server-tls', serverCASecret: 'mlflow-db-server-tls' },
    backup: { barmanObjectStore: { destinationPath: 's3://backups/mlflow-db', endpointURL: 'https://minio.object-store.svc.cluster.local' } },
  },
};
/** CloudNativePG runs the instances as the Cluster's name. */
const databasePods = operatorPods('mlflow', 'mlflow-db', { 'cnpg.io/cluster': 'mlflow-db' });
const dailyBackup: KubeObject = {
  apiVersion: 'postgresql.cnpg.io/v1',
  kind: 'ScheduledBackup',
  metadata: { name: 'mlflow-db-daily', namespace: 'mlflow' },
  spec: { cluster: { name: 'mlflow-db' } },
};
const profile: KubeObject = {
  apiVersion: 'kubeflow.org/v1',
  kind: 'Profile',
  metadata: { name: 'alice' },
  spec: { owner: { kind: 'User', name: 'admin@lab.example.org' } },
};
const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mlflow', namespace: 'mlflow' }, data: { MLFLOW_HOST: '0.0.0.0' } };

/** A platform that passes every rule. */
const good: GuardrailInput = {
  objects: [
    ...tenant,
    workload,
    workloadPolicy,
    platformClaim,
    configMap,
    budget,
    caIssuer,
    certificate,
    gateway,
    vpnOnly,
    route,
    tenantStore,
    ...storePods,
    bucketPlan,
    database,
    ...databasePods,
    dailyBackup,
    adminRole,
    adminBinding,
    profile,
  ],
  stacks: [
    {
      stack: 'test-cluster',
      json: {
        terraform: { backend: { kubernetes: { secret_suffix: 'test-cluster' } } },
        resource: {
          helm_release: { gpu_operator: { name: 'gpu-operator', namespace: 'gpu-operator', values: ['driver:\n  enabled: false\n'] } },
          kubernetes_namespace_v1: {
            namespace_monitoring: {
              metadata: [{ name: 'monitoring', labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'mlops-platform.io/holds-data': 'true' } }],
              lifecycle: { prevent_destroy: true },
            },
          },
          kubernetes_storage_class_v1: {
            storage_class_nfs_platform: nfsClass('nfs-platform', 'Retain'),
            storage_class_nfs_tenant: nfsClass('nfs-tenant', 'Delete'),
          },
        },
      },
    },
  ],
  facts,
};

/**
 * A copy of `good` changed by `change`, which edits the objects and stacks in place. Made when a test first reads
 * it, so loading this file (once per mutant under `npm run mutate`) builds none of the hundred or so inputs.
 */
function broken(change: (objects: KubeObject[], stacks: any[], input: { facts: GuardrailFacts }) => void): GuardrailInput {
  let copy: { objects: KubeObject[]; stacks: any[]; facts: GuardrailFacts } | undefined;
  const made = () => {
    if (!copy) {
      copy = structuredClone(good) as { objects: KubeObject[]; stacks: any[]; facts: GuardrailFacts };
      change(copy.objects, copy.stacks, copy);
    }
    return copy;
  };
  return {
    get objects() {
      return made().objects;
    },
    get stacks() {
      return made().stacks;
    },
    get facts() {
      return made().facts;
    },
  };
}

/** The rule with this ID, alone: a test of one rule runs that rule, so a mutant elsewhere does not pay for the whole pack. */
const only = (id: string): Guardrail[] => GUARDRAILS.filter((r) => r.id === id);
const get = (objects: KubeObject[], kind: string, name: string, namespace?: string) => findObject(objects, kind, name, namespace) as any;
const without = (objects: KubeObject[], kind: string, name: string) =>
  objects.splice(
    objects.findIndex((o) => o.kind === kind && o.metadata.name === name),
    1,
  );

/** For every rule: an input that breaks it and the message expected. The passing fixture is `good`. */
const container = (o: KubeObject[]) => get(o, 'Deployment', 'mlflow').spec.template.spec.containers[0];
const pod = (o: KubeObject[]) => get(o, 'Deployment', 'mlflow').spec.template.spec;
const tenantRole = (o: KubeObject[]) => get(o, 'Role', 'tenant-data-scientist', 'alice');
const bindTenantsClusterWide = (o: KubeObject[], role: string, rules: object[]) => {
  o.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: role }, rules } as KubeObject);
  o.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: role },
    roleRef: { kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'Group', name: 'mlops-data-scientists' }],
  } as KubeObject);
};

const FAILING: Record<string, [GuardrailInput, string]> = {
  'SEC-09': [broken((o) => (pod(o).securityContext.runAsUser = 1000)), 'container mlflow runs with a UID below 10000'],
  'SEC-11': [broken((o) => (container(o).securityContext.seLinuxOptions = { type: 'spc_t' })), 'container mlflow sets custom SELinux options'],
  'SEC-12': [broken((o) => (container(o).securityContext.procMount = 'Unmasked')), 'container mlflow sets procMount Unmasked'],
  'SEC-13': [broken((o) => (pod(o).securityContext.sysctls = [{ name: 'net.ipv4.ip_forward', value: '1' }])), 'sets unsafe sysctl net.ipv4.ip_forward'],
  'SEC-14': [broken((o) => (container(o).securityContext.appArmorProfile = { type: 'Unconfined' })), 'runs without AppArmor confinement'],
  'SEC-17': [broken((o) => (container(o).resources.requests['nvidia.com/gpu'] = '500m')), 'container mlflow asks for GPUs'],
  'SEC-22': [broken((o) => (pod(o).automountServiceAccountToken = true)), 'Deployment/mlflow/mlflow: mounts a service account token'],
  'SEC-25': [
    broken((o) => container(o).env.push({ name: 'DB_URI', valueFrom: { secretKeyRef: { name: 'db', key: 'uri' } } })),
    'container mlflow reads Secrets from environment variables (DB_URI)',
  ],
  'REL-02': [
    broken((o) =>
      o.push({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db', namespace: 'mlflow' },
        spec: { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' } },
      }),
    ),
    'StatefulSet/mlflow/db: deletes its volumes with the StatefulSet',
  ],
  'REL-07': [
    broken((_, s) => delete s[0].json.resource.kubernetes_namespace_v1.namespace_monitoring.lifecycle),
    'test-cluster:kubernetes_namespace_v1.namespace_monitoring: holds data but can be destroyed',
  ],
  'REL-08': [
    broken((_, s) => (s[0].json.terraform = { backend: { local: { path: 'x.tfstate' } } })),
    'TerraformStack//test-cluster: keeps its state in a local backend without locking',
  ],
  'REL-12': [broken((o) => delete pod(o).topologySpreadConstraints), 'Deployment/mlflow/mlflow: has replicas but no anti-affinity or topology spread'],
  'SEC-01': [broken((o) => (pod(o).hostNetwork = true)), 'Deployment/mlflow/mlflow: sets hostNetwork'],
  'SEC-02': [broken((o) => (container(o).securityContext.privileged = true)), 'container mlflow is privileged'],
  'SEC-03': [
    broken((o) => (container(o).securityContext.capabilities = { drop: ['ALL'], add: ['SYS_ADMIN'] })),
    'container mlflow keeps capabilities (drop ["ALL"], add ["SYS_ADMIN"])',
  ],
  'SEC-06': [broken((o) => (container(o).ports = [{ containerPort: 5000, hostPort: 5000 }])), 'container mlflow binds a host port'],
  'SEC-07': [broken((o) => delete container(o).securityContext.allowPrivilegeEscalation), 'container mlflow does not set allowPrivilegeEscalation: false'],
  'SEC-08': [broken((o) => (container(o).securityContext.runAsUser = 0)), 'container mlflow may run as root'],
  'SEC-10': [broken((o) => delete pod(o).securityContext.seccompProfile), 'container mlflow has no seccomp profile'],
  'SEC-15': [broken((o) => (container(o).securityContext.readOnlyRootFilesystem = false)), 'container mlflow has a writable root filesystem'],
  'SEC-16': [broken((o) => delete container(o).resources.limits.memory), 'container mlflow misses cpu/memory requests or a memory limit'],
  'SEC-18': [broken((o) => delete container(o).readinessProbe), 'container mlflow has no probe'],
  'SEC-19': [broken((o) => (container(o).image = 'registry.lab.internal:5000/mlflow:latest')), 'uses unpinned image registry.lab.internal:5000/mlflow:latest'],
  'SEC-20': [
    broken((o, _, i) => {
      container(o).image = 'docker.io/mlflow:3.1.1';
      i.facts = { ...facts, allowedRegistries: ['registry.lab.internal:5000'] };
    }),
    'pulls docker.io/mlflow:3.1.1, outside registry.lab.internal:5000',
  ],
  'SEC-27': [
    broken((o) => {
      o.push({
        ...adminBinding,
        metadata: { name: 'oops' },
        roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'User', name: 'alice@lab.example.org' }],
      });
    }),
    'ClusterRoleBinding//oops: makes a tenant cluster-admin',
  ],
  'SEC-28': [
    broken((o) => (get(o, 'RoleBinding', 'tenant-data-scientist-alice', 'alice').roleRef = { kind: 'ClusterRole', name: 'admin' })),
    'binds ClusterRole admin',
  ],
  'SEC-29': [
    broken((o) => tenantRole(o).rules.push({ apiGroups: ['*'], resources: ['pods'], verbs: ['get'] })),
    'Role/alice/tenant-data-scientist: has a wildcard rule',
  ],
  'SEC-30': [
    broken((o) => tenantRole(o).rules.push({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['escalate'] })),
    'grants bind, escalate or impersonate',
  ],
  'SEC-31': [
    broken((o) => tenantRole(o).rules.push({ apiGroups: [''], resources: ['persistentvolumes'], verbs: ['create'] })),
    'grants create on persistentvolumes',
  ],
  'SEC-32': [
    broken((o) => bindTenantsClusterWide(o, 'read-secrets', [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }])),
    'ClusterRoleBinding//read-secrets: grants reading Secrets cluster-wide',
  ],
  'SEC-33': [
    broken((o) => tenantRole(o).rules.push({ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] })),
    'grants node proxy, token, CSR approval or webhook access',
  ],
  'SEC-34': [
    broken((o) => tenantRole(o).rules.push({ apiGroups: [''], resources: ['resourcequotas'], verbs: ['patch'] })),
    'writes namespaces, quotas or limit ranges',
  ],
  'SEC-35': [
    broken((o) => bindTenantsClusterWide(o, 'exec-anywhere', [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }])),
    'ClusterRoleBinding//exec-anywhere: grants exec or attach outside a namespaced Role',
  ],
  'SEC-36': [
    broken((o) => (get(o, 'Profile', 'alice').spec.owner.name = 'alice@lab.example.org')),
    'Profile//alice: is owned by User alice@lab.example.org, not a platform admin',
  ],
  'PLT-06': [
    broken((o) => (container(o).args = ['exec mlflow server --app-name basic-auth'])),
    'Deployment/mlflow/mlflow: container mlflow runs MLflow without workspaces and Kubernetes authorization',
  ],
  'PLT-05': [
    broken((o) => (get(o, 'AuthorizationPolicy', 'vpn-only').spec.rules[0].from[0].source.notIpBlocks = ['0.0.0.0/0'])),
    'Gateway/istio-system/platform-gateway: admits 0.0.0.0/0, outside the VPN range',
  ],
  'SEC-04': [
    broken((o) => get(o, 'Deployment', 'mlflow').spec.template.spec.volumes.push({ name: 'sock', hostPath: { path: '/run/containerd/containerd.sock' } })),
    'volume sock mounts host path /run/containerd/containerd.sock',
  ],
  'SEC-05': [
    broken((o) => get(o, 'Deployment', 'mlflow').spec.template.spec.volumes.push({ name: 'nas', nfs: { server: 'nas01', path: '/export' } })),
    'volume nas is of type nfs',
  ],
  'SEC-23': [
    broken((o) => (get(o, 'ServiceAccount', 'default', 'alice').automountServiceAccountToken = true)),
    'ServiceAccount/alice/default: mounts its token',
  ],
  'SEC-24': [
    broken((o) => get(o, 'Deployment', 'mlflow').spec.template.spec.containers[0].env.push({ name: 'DB_PASSWORD', value: 'hunter2' })),
    'sets DB_PASSWORD to a literal value',
  ],
  'SEC-26': [
    broken((_, s) => s[0].json.resource.helm_release.gpu_operator.values.push('auth:\n  password: hunter2\n')),
    'test-cluster:helm_release.gpu_operator: values[1].auth.password holds a credential',
  ],
  'SEC-37': [broken((o) => (get(o, 'ConfigMap', 'mlflow').metadata.namespace = 'default')), 'ConfigMap/default/mlflow: is in the default namespace'],
  'SEC-38': [broken((o) => (get(o, 'Namespace', 'alice').metadata.name = 'kube-alice')), 'Namespace//kube-alice: name must not start with "kube-"'],
  'SEC-39': [
    broken((o) => (get(o, 'Namespace', 'alice').metadata.labels['pod-security.kubernetes.io/enforce-version'] = 'latest')),
    'enforce-version is "latest", not a pinned version',
  ],
  'SEC-40': [broken((o) => without(o, 'NetworkPolicy', 'default-deny')), 'Namespace//alice: has no default-deny NetworkPolicy'],
  'SEC-41': [
    broken((o) => get(o, 'NetworkPolicy', 'allow-platform-egress', 'alice').spec.egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] })),
    'allows egress to ipBlock 0.0.0.0/0',
  ],
  'SEC-42': [
    broken((o) => (get(o, 'NetworkPolicy', 'mlflow').spec.ingress[0].from[0].namespaceSelector = {})),
    'NetworkPolicy/mlflow/mlflow: has namespaceSelector {}',
  ],
  'SEC-43': [broken((o) => without(o, 'NetworkPolicy', 'mlflow')), 'Deployment/mlflow/mlflow: runs pods no NetworkPolicy selects'],
  'SEC-44': [
    broken((o) =>
      o.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'jupyter', namespace: 'alice' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } }),
    ),
    'Service/alice/jupyter: is of type NodePort',
  ],
  'SEC-45': [
    broken((o) => (get(o, 'ResourceQuota', 'tenant-quota').spec.hard['limits.nvidia.com/gpu'] = '2')),
    'without the requests. prefix: limits.nvidia.com/gpu',
  ],
  'SEC-46': [broken((o) => without(o, 'LimitRange', 'tenant-limits')), 'Namespace//alice: has no LimitRange'],
  'SEC-47': [
    broken((o) => (get(o, 'ResourceQuota', 'tenant-quota').spec.hard['requests.nvidia.com/gpu'] = '4')),
    'GPU quotas add up to 6 (tenants 4, platform workloads 2), but capacity is 4 (a100: 1 node x 4 GPUs = 4) x guardrails.gpuOvercommit 1 = 4',
  ],
  'SEC-48a': [
    broken((o) => delete get(o, 'Gateway', 'platform-gateway').spec.servers[1].tls),
    'Gateway/istio-system/platform-gateway: server http serves mlflow.lab.internal over plain HTTP, not only a redirect to HTTPS',
  ],
  'SEC-48b': [broken((o) => without(o, 'PeerAuthentication', 'default')), 'Namespace//alice: has no STRICT PeerAuthentication, and the mesh has none'],
  'SEC-48c': [broken((o) => (get(o, 'Tenant', 'store').spec.externalCertSecret = [])), 'Tenant/object-store/store: serves S3 over plain HTTP (no certificate)'],
  'SEC-48d': [broken((o) => (get(o, 'Tenant', 'store').spec.env = [])), 'Tenant/object-store/store: has no KMS key'],
  'REL-04': [
    broken(
      (o) =>
        (get(o, 'ConfigMap', 'object-store-setup').data['buckets.json'] = JSON.stringify([
          { name: 'models', versioning: false, objectLock: true, retentionDays: 30 },
        ])),
    ),
    'bucket models is not versioned',
  ],
  'REL-05': [
    broken(
      (o) =>
        (get(o, 'ConfigMap', 'object-store-setup').data['buckets.json'] = JSON.stringify([
          { name: 'models', versioning: true, objectLock: false, retentionDays: 0 },
        ])),
    ),
    'bucket models has objectLock false and retention 0 days',
  ],
  'REL-06': [
    broken(
      (o) => (get(o, 'ConfigMap', 'object-store-setup').data['buckets.json'] = JSON.stringify([{ name: 'pipelines', versioning: true, forceDestroy: true }])),
    ),
    'bucket pipelines has forceDestroy',
  ],
  'REL-09': [broken((o) => without(o, 'PodDisruptionBudget', 'mlflow')), 'Deployment/mlflow/mlflow: has 2 replicas and no PDB'],
  'REL-10': [broken((o) => without(o, 'ScheduledBackup', 'mlflow-db-daily')), 'Cluster/mlflow/mlflow-db: has no ScheduledBackup'],
  'REL-11': [broken((o) => (get(o, 'Tenant', 'store').spec.pools = [{ servers: 1, volumesPerServer: 2 }])), 'Tenant/object-store/store: has 2 drives'],
  'REL-01': [
    broken((o) => (get(o, 'PersistentVolumeClaim', 'mlflow-data').spec.storageClassName = 'nfs-tenant')),
    'PersistentVolumeClaim/mlflow/mlflow-data: uses StorageClass nfs-tenant whose reclaim policy is Delete',
  ],
  'REL-03': [
    broken((_, s) => (s[0].json.resource.kubernetes_storage_class_v1.storage_class_nfs_tenant.parameters.onDelete = 'delete')),
    'test-cluster:kubernetes_storage_class_v1.storage_class_nfs_tenant: StorageClass nfs-tenant has onDelete delete',
  ],
  'PLT-07': [
    broken((_, s) => delete s[0].json.resource.kubernetes_namespace_v1.namespace_monitoring.lifecycle),
    'test-cluster:kubernetes_namespace_v1.namespace_monitoring: holds secret/monitoring/alertmanager-key, but Terraform may destroy it (no lifecycle.prevent_destroy)',
  ],
  'PLT-08': [
    broken((o) => without(o, 'ScheduledBackup', 'mlflow-db-daily')),
    'DataItem//database/mlflow: is backed up by ScheduledBackup/mlflow/mlflow-db-daily, which the output does not hold',
  ],
  'PLT-09': [
    broken(
      (o) =>
        (get(o, 'ConfigMap', 'object-store-setup').data['policy-serving.json'] = JSON.stringify({
          Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:BypassGovernanceRetention'] }],
        })),
    ),
    'ConfigMap/object-store/object-store-setup: policy of consumer serving allows s3:BypassGovernanceRetention',
  ],
  'PLT-01': [
    broken((o) => (get(o, 'PersistentVolumeClaim', 'dataset', 'alice').spec.volumeName = 'dataset-bob')),
    'PersistentVolume//dataset-alice: claim alice/dataset names volume dataset-bob',
  ],
  'PLT-02': [
    broken((_, s) => (s[0].json.resource.kubernetes_namespace_v1.namespace_monitoring.metadata[0].labels['pod-security.kubernetes.io/enforce'] = 'privileged')),
    'test-cluster:kubernetes_namespace_v1.namespace_monitoring: namespace monitoring enforces Pod Security privileged',
  ],
  'PLT-03': [
    broken((_, __, i) => (i.facts = { ...facts, nas: { server: 'nas01.lab.internal', encryptedAtRest: false, encryptedInTransit: true } })),
    'NasStorage//nas01.lab.internal: does not encrypt data at rest',
  ],
  'PLT-10': [
    broken((_, __, i) => (i.facts = { ...facts, nas: { server: 'nas01.lab.internal', encryptedAtRest: true, encryptedInTransit: false } })),
    'NasStorage//nas01.lab.internal: traffic to the NAS is not encrypted in transit',
  ],
  'PLT-04': [
    broken((_, s) => (s[0].json.resource.kubernetes_storage_class_v1.storage_class_nfs_tenant.parameters.mountPermissions = '0777')),
    'StorageClass nfs-tenant sets mountPermissions 0777',
  ],
};

describe('guardrail pack', () => {
  test('every rule has a failing fixture, and every fixture a rule', () => {
    expect(Object.keys(FAILING).sort()).toEqual(GUARDRAILS.map((r) => r.id).sort());
  });

  test('the catalogue lists exactly the rule IDs of docs/GUARDRAILS.md', () => {
    const documented = [...fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'GUARDRAILS.md'), 'utf8').matchAll(/^\| ((?:SEC|REL)-\d+[a-z]?) \|/gm)].map(
      (m) => m[1],
    );
    expect(documented.length).toBeGreaterThan(60);
    expect([...GUARDRAILS_MD_IDS].sort()).toEqual(documented.sort());
  });

  test('every rule of GUARDRAILS.md is implemented or marked not applicable with a reason', () => {
    const implemented = new Set(GUARDRAILS.map((r) => r.id));
    const unaccounted = GUARDRAILS_MD_IDS.filter((id) => !implemented.has(id) && !(NOT_APPLICABLE[id]?.length > 40));
    expect(unaccounted).toEqual([]);
    expect(Object.keys(NOT_APPLICABLE).filter((id) => implemented.has(id))).toEqual([]);
  });

  test('rule IDs are unique and each rule explains itself and its fix', () => {
    expect(new Set(GUARDRAILS.map((r) => r.id)).size).toBe(GUARDRAILS.length);
    for (const rule of GUARDRAILS) expect([rule.id, rule.title.length > 20, rule.fix.length > 10]).toEqual([rule.id, true, true]);
  });

  test('the passing fixture passes every rule', () => {
    expect(runGuardrails(good).errors).toEqual([]);
  });

  test.each(GUARDRAILS.map((r) => [r.id, r] as const))('%s passes the good fixture and fails its failing one', (id, rule) => {
    const [input, message] = FAILING[id];
    expect(rule.check(good)).toEqual([]);
    expect(rule.check(input).map((v) => `${v.object}: ${v.message}`)).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });

  const rule = (id: string, level: 'error' | 'warning', objects: string[]): Guardrail => ({
    id,
    level,
    title: id,
    fix: `fix ${id}`,
    check: () => objects.map((object) => ({ object, message: `breaks ${id}` })),
  });

  test('errors and warnings by the rule’s level; a suppression takes its one object of its one rule', () => {
    const rules = [rule('E-1', 'error', ['A', 'B']), rule('W-1', 'warning', ['A'])];
    const suppressions = [
      { rule: 'E-1', object: 'B', reason: 'why' },
      { rule: 'W-1', object: 'B', reason: 'stale' },
      { rule: 'X-1', object: 'A', reason: 'no such rule' },
    ];
    const input: GuardrailInput = { objects: [], stacks: [], facts };
    const report = runGuardrails(input, suppressions, rules);
    expect(report.errors).toEqual([{ rule: 'E-1', level: 'error', object: 'A', message: 'breaks E-1', fix: 'fix E-1' }]);
    expect(report.warnings).toEqual([{ rule: 'W-1', level: 'warning', object: 'A', message: 'breaks W-1', fix: 'fix W-1' }]);
    expect(report.suppressed).toEqual([{ rule: 'E-1', level: 'error', object: 'B', message: 'breaks E-1', fix: 'fix E-1', reason: 'why' }]);
    expect(report.unusedSuppressions).toEqual(suppressions.slice(1));
    expect(runGuardrails(input, [], [])).toEqual({ errors: [], warnings: [], suppressed: [], unusedSuppressions: [] });
    expect(formatFinding(report.errors[0])).toBe('E-1 A: breaks E-1\n    fix: fix E-1');
  });

  test('of two suppressions of one finding the first applies, and the second is reported as unused', () => {
    const suppressions = [
      { rule: 'E-1', object: 'A', reason: 'first' },
      { rule: 'E-1', object: 'A', reason: 'second' },
    ];
    const report = runGuardrails({ objects: [], stacks: [], facts }, suppressions, [rule('E-1', 'error', ['A'])]);
    expect(report.suppressed.map((s) => s.reason)).toEqual(['first']);
    expect(report.unusedSuppressions).toEqual([suppressions[1]]);
  });

  test('a suppression exempts one object from one rule and carries its reason', () => {
    const input = FAILING['SEC-44'][0];
    const report = runGuardrails(input, [{ rule: 'SEC-44', object: 'Service/alice/jupyter', reason: 'temporary demo for the lab open day' }], only('SEC-44'));
    expect(report.errors).toEqual([]);
    expect(report.suppressed).toEqual([
      expect.objectContaining({ rule: 'SEC-44', object: 'Service/alice/jupyter', reason: 'temporary demo for the lab open day' }),
    ]);
  });

  test('a suppression of another object does not apply, and is reported as unused', () => {
    const input = FAILING['SEC-44'][0];
    const stale = { rule: 'SEC-44', object: 'Service/bob/jupyter', reason: 'temporary demo for the lab open day' };
    const report = runGuardrails(input, [stale], only('SEC-44'));
    expect(report.errors.map((f) => f.object)).toEqual(['Service/alice/jupyter']);
    expect(report.unusedSuppressions).toEqual([stale]);
  });

  test('an error names the rule, the object and how to fix it', () => {
    const [finding] = runGuardrails(FAILING['SEC-40'][0], [], only('SEC-40')).errors;
    expect(formatFinding(finding)).toMatch(/^SEC-40 Namespace\/\/alice: has no default-deny NetworkPolicy.*\n {4}fix: .+/);
  });

  test('a workload an autoscaler may scale out counts at its maxReplicas', () => {
    const input = broken((o) =>
      o.push({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'mlflow', namespace: 'mlflow' },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'mlflow' }, minReplicas: 2, maxReplicas: 3 },
      }),
    );
    expect(runGuardrails(good, [], only('SEC-47')).errors).toEqual([]);
    expect(runGuardrails(input, [], only('SEC-47')).errors.map((f) => f.message)).toEqual([
      expect.stringContaining('GPU quotas add up to 5 (tenants 2, platform workloads 3)'),
    ]);
  });

  test('overcommit lets quotas exceed capacity knowingly', () => {
    const input = broken((o, _, i) => {
      get(o, 'ResourceQuota', 'tenant-quota').spec.hard['requests.nvidia.com/gpu'] = '4';
      i.facts = { ...facts, overcommit: { ...facts.overcommit, gpus: 1.5 } };
    });
    expect(runGuardrails(input, [], only('SEC-47')).errors).toEqual([]);
  });
});

describe('SEC-45 one complete quota per tenant', () => {
  const quota = (name: string, spec: object) => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace: 'alice' }, spec }) as KubeObject;
  test('a scoped quota only narrows the tenant’s quota and does not count; a second unscoped one does', () => {
    const narrowing = {
      hard: { pods: '0' },
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['mlops-platform-critical'] }] },
    };
    expect(
      findings(
        'SEC-45',
        broken((o) => o.push(quota('reserved-priority', narrowing))),
      ),
    ).toEqual([]);
    expect(
      findings(
        'SEC-45',
        broken((o) => o.push(quota('extra', { hard: { pods: '5' } }))),
      ),
    ).toEqual(expect.arrayContaining(['Namespace//alice: has 2 unscoped ResourceQuotas, not exactly one']));
    expect(
      findings(
        'SEC-45',
        broken((o) => o.push(quota('gpu', { hard: { 'limits.nvidia.com/gpu': '1' }, scopes: ['NotBestEffort'] }))),
      ),
    ).toEqual(['ResourceQuota/alice/gpu: limits extended resources without the requests. prefix: limits.nvidia.com/gpu']);
  });
});

describe('REL-01 claims made from templates', () => {
  test('an operator’s or a StatefulSet’s claims on a platform class that deletes fail; on a site’s class, they are the site’s', () => {
    const onClass = (storageClass: string) =>
      findings(
        'REL-01',
        broken((o) => {
          get(o, 'Cluster', 'mlflow-db').spec.storage = { storageClass, size: '10Gi' };
          o.push({
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            metadata: { name: 'cache', namespace: 'mlflow' },
            spec: { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: storageClass } }] },
          });
        }),
      );
    expect(onClass('nfs-tenant')).toEqual([
      'Cluster/mlflow/mlflow-db: claims volumes of StorageClass nfs-tenant whose reclaim policy is Delete',
      'StatefulSet/mlflow/cache: claims volumes of StorageClass nfs-tenant whose reclaim policy is Delete',
    ]);
    expect(onClass('nfs-platform')).toEqual([]);
    // A class neither the platform defines nor the spec states is unknown here.
    expect(onClass('local-nvme')).toEqual([]);
  });

  test('the object store’s drives claim from the site’s class, as the spec states its reclaim policy', () => {
    const drives = (reclaimPolicy: string) =>
      findings(
        'REL-01',
        broken((o, _, input) => {
          get(o, 'Tenant', 'store').spec.pools[0].volumeClaimTemplate = { spec: { storageClassName: 'local-nvme' } };
          input.facts = { ...input.facts, siteStorageClasses: [{ name: 'local-nvme', reclaimPolicy }] };
        }),
      );
    expect(drives('Delete')).toEqual(['Tenant/object-store/store: claims volumes of StorageClass local-nvme whose reclaim policy is Delete']);
    expect(drives('Retain')).toEqual([]);
  });
});

describe('PLT-06 MLflow authorization', () => {
  const plt06 = (input: GuardrailInput) => runGuardrails(input, [], only('PLT-06')).errors.map((f) => f.message);
  const trustsHeaders = (o: KubeObject[]) => container(o).env.push({ name: 'MLFLOW_K8S_AUTH_AUTHORIZATION_MODE', value: 'subject_access_review' });

  test('workspaces without the authorization plugin, or the plugin without workspaces, fail', () => {
    for (const args of ['exec mlflow server --enable-workspaces', 'exec mlflow server --app-name kubernetes-auth'])
      expect(plt06(broken((o) => (container(o).args = [args])))).toEqual(['container mlflow runs MLflow without workspaces and Kubernetes authorization']);
  });

  test('a server trusting forwarded identities fails when a NetworkPolicy admits pods or everyone, and passes behind addresses only', () => {
    const message = 'container mlflow trusts forwarded identity headers, and NetworkPolicy mlflow admits pods, not only the gateway';
    expect(plt06(broken(trustsHeaders))).toEqual([message]);
    const admitting = (ingress: object[]) =>
      broken((o) => {
        trustsHeaders(o);
        get(o, 'NetworkPolicy', 'mlflow').spec.ingress = ingress;
      });
    expect(plt06(admitting([{ ports: [{ port: 5000 }] }]))).toEqual([message]);
    expect(plt06(admitting([{ from: [{ ipBlock: { cidr: '10.10.0.5/32' } }] }]))).toEqual([]);
    // The same policy in front of a server that checks each caller's own token is fine.
    expect(plt06(broken(() => undefined))).toEqual([]);
  });
});

/** Messages a rule reports for an input, as `object: message`. */
const findings = (id: string, input: GuardrailInput) => runGuardrails(input, [], only(id)).errors.map((f) => `${f.object}: ${f.message}`);

describe('PLT-05 one way in, VPN only', () => {
  const vpnOnlyRule = (o: KubeObject[]) => get(o, 'AuthorizationPolicy', 'vpn-only').spec.rules[0];
  test.each([
    [
      'an Ingress beside the gateway',
      broken((o) => o.push({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'direct', namespace: 'mlflow' }, spec: {} })),
      'Ingress/mlflow/direct: serves around the platform gateway',
    ],
    [
      'a Gateway API gateway',
      broken((o) => o.push({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'other', namespace: 'mlflow' }, spec: {} })),
      'Gateway/mlflow/other: is a second gateway',
    ],
    ['no VPN-only policy', broken((o) => without(o, 'AuthorizationPolicy', 'vpn-only')), 'Gateway/istio-system/platform-gateway: is open to every address'],
    [
      'a second Gateway on other pods, which the policy does not select',
      broken((o) =>
        o.push({
          ...structuredClone(gateway),
          metadata: { name: 'side-door', namespace: 'istio-system' },
          spec: { ...structuredClone(gateway.spec), selector: { istio: 'eastwestgateway' } },
        }),
      ),
      'Gateway/istio-system/side-door: is open to every address',
    ],
    [
      'a policy on a listener port only',
      broken((o) => (vpnOnlyRule(o).to = [{ operation: { ports: ['8443'] } }])),
      'applies its VPN-only rule to some listeners, hosts or paths only',
    ],
    [
      'a policy on some hosts only',
      broken((o) => (vpnOnlyRule(o).to = [{ operation: { hosts: ['mlflow.lab.internal'] } }])),
      'applies its VPN-only rule to some listeners, hosts or paths only',
    ],
    [
      'a client address from forwarded headers',
      broken((o) => (vpnOnlyRule(o).from[0].source = { notRemoteIpBlocks: ['10.44.0.0/24'] })),
      'checks notRemoteIpBlocks',
    ],
    [
      'a policy in a namespace that does not reach the gateway',
      broken((o) => (get(o, 'AuthorizationPolicy', 'vpn-only').metadata.namespace = 'mlflow')),
      'is open to every address',
    ],
    [
      'a route for any host',
      broken((o) => (get(o, 'VirtualService', 'mlflow').spec.hosts = ['*'])),
      'VirtualService/istio-system/mlflow: serves any host matching * on istio-system/platform-gateway',
    ],
    [
      'a route on an undefined gateway',
      broken((o) => (get(o, 'VirtualService', 'mlflow').spec.gateways = ['kubeflow/kubeflow-gateway'])),
      'binds to gateway kubeflow/kubeflow-gateway, which the platform does not define',
    ],
    [
      'a route for a host the gateway does not serve',
      broken((o) => (get(o, 'VirtualService', 'mlflow').spec.hosts = ['minio.lab.internal'])),
      'serves minio.lab.internal, for which istio-system/platform-gateway has no server',
    ],
  ])('fails on %s', (_, input, message) => {
    expect(findings('PLT-05', input)).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });

  test('a mesh-internal route (gateway `mesh`) is not an endpoint', () => {
    expect(
      findings(
        'PLT-05',
        broken((o) => (get(o, 'VirtualService', 'mlflow').spec.gateways = ['mesh'])),
      ),
    ).toEqual([]);
  });
});

describe('SEC-48a TLS at every gateway host', () => {
  const server = (o: KubeObject[]) => get(o, 'Gateway', 'platform-gateway').spec.servers[0];
  test.each([
    ['TLS passed through', broken((o) => (server(o).tls.mode = 'PASSTHROUGH')), 'server https-mlflow does not terminate TLS (mode PASSTHROUGH)'],
    ['TLS 1.0 accepted', broken((o) => (server(o).tls.minProtocolVersion = 'TLSV1_0')), 'server https-mlflow accepts TLS older than 1.2'],
    [
      'a Secret no Certificate issues',
      broken((o) => (server(o).tls.credentialName = 'pasted-tls')),
      'server https-mlflow uses Secret pasted-tls, which no Certificate in istio-system issues',
    ],
    [
      'a certificate for another name',
      broken((o) => (get(o, 'Certificate', 'mlflow').spec.dnsNames = ['other.lab.internal'])),
      'certificate mlflow does not name mlflow.lab.internal',
    ],
    [
      'a certificate from a non-CA issuer',
      broken((o) => (get(o, 'Certificate', 'mlflow').spec.issuerRef = { name: 'selfsigned', kind: 'ClusterIssuer' })),
      'is not issued by the internal CA (ClusterIssuer selfsigned)',
    ],
  ])('fails on %s', (_, input, message) => {
    expect(findings('SEC-48a', input)).toEqual([expect.stringContaining(message)]);
  });
});

describe('SEC-48b STRICT mutual TLS', () => {
  const strictInRoot = {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'default', namespace: 'istio-system' },
    spec: { mtls: { mode: 'STRICT' } },
  };
  const exception = (reason?: string) => ({
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'webhook-plaintext-ports', namespace: 'alice', ...(reason ? { annotations: { 'mlops-platform.io/plaintext-reason': reason } } : {}) },
    spec: { selector: { matchLabels: { app: 'webhook' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { '8443': { mode: 'PERMISSIVE' } } },
  });
  test.each([
    [
      'a PERMISSIVE namespace',
      broken((o) => (get(o, 'PeerAuthentication', 'default', 'alice').spec.mtls.mode = 'PERMISSIVE')),
      'PeerAuthentication/alice/default: lets every workload in alice accept plain text (mode PERMISSIVE)',
    ],
    [
      'a plain-text port without a reason',
      broken((o) => o.push(exception())),
      'PeerAuthentication/alice/webhook-plaintext-ports: accepts plain text on port 8443 without a reason',
    ],
    [
      'kubeflow without STRICT',
      broken((o) => o.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'dashboard', namespace: 'kubeflow' } })),
      'Namespace//kubeflow: has no STRICT PeerAuthentication',
    ],
  ])('fails on %s', (_, input, message) => {
    expect(findings('SEC-48b', input)).toEqual([expect.stringContaining(message)]);
  });

  test('a mesh-wide STRICT policy covers a namespace; an exception with its reason passes', () => {
    expect(
      findings(
        'SEC-48b',
        broken((o) => {
          without(o, 'PeerAuthentication', 'default');
          o.push(strictInRoot);
        }),
      ),
    ).toEqual([]);
    expect(
      findings(
        'SEC-48b',
        broken((o) => o.push(exception('the API server calls this webhook from outside the mesh'))),
      ),
    ).toEqual([]);
  });
});

describe('SEC-48c TLS to the data services', () => {
  const args = (o: KubeObject[]) => container(o).args;
  test.each([
    [
      'a database on the operator’s own certificate',
      broken((o) => delete get(o, 'Cluster', 'mlflow-db').spec.certificates),
      'Cluster/mlflow/mlflow-db: serves with the operator’s self-signed certificate',
    ],
    [
      'backups over plain HTTP',
      broken((o) => (get(o, 'Cluster', 'mlflow-db').spec.backup.barmanObjectStore.endpointURL = 'http://minio.object-store')),
      'backs up to http://minio.object-store over plain HTTP',
    ],
    [
      'mc over plain HTTP',
      broken((o) => (args(o)[0] = 'mc alias set store http://minio.object-store.svc "$U" "$P"')),
      'container mlflow reaches the object store over plain HTTP (its command)',
    ],
    [
      'an S3 endpoint over plain HTTP',
      broken((o) => container(o).env.push({ name: 'MLFLOW_S3_ENDPOINT_URL', value: 'http://minio.object-store.svc' })),
      'reaches the object store over plain HTTP (MLFLOW_S3_ENDPOINT_URL)',
    ],
    [
      'PostgreSQL without verification',
      broken((o) => (args(o)[0] = 'exec mlflow server --backend-store-uri "$(cat /db/uri)"')),
      'connects to PostgreSQL without sslmode=verify-full (its command)',
    ],
    [
      'PostgreSQL with sslmode=require',
      broken((o) => container(o).env.push({ name: 'DATABASE_URL', value: 'postgresql://db.mlflow/mlflow?sslmode=require' })),
      'connects to PostgreSQL without sslmode=verify-full (DATABASE_URL)',
    ],
  ])('fails on %s', (_, input, message) => {
    expect(findings('SEC-48c', input)).toEqual([expect.stringContaining(message)]);
  });
});

describe('PLT-07 data homes', () => {
  test('a manifest namespace holding data without the holds-data label may be pruned; a namespace neither tool manages is outside the rule', () => {
    expect(
      findings(
        'PLT-07',
        broken((o) => delete get(o, 'Namespace', 'alice').metadata.labels['mlops-platform.io/holds-data']),
      ),
    ).toEqual(['Namespace//alice: holds secret/alice/s3-pipelines-alice, but an apply may prune it (no mlops-platform.io/holds-data label)']);
    expect(
      findings(
        'PLT-07',
        broken((_, __, i) => (i.facts = { ...facts, dataHomes: [{ namespace: 'terraform-state', items: ['state/x'] }] })),
      ),
    ).toEqual([]);
  });
});

/**
 * Each rule fails not only when its object is missing but when the object is there and wrong: a rule weakened to
 * "some such object exists" fails these.
 */
describe('rules check what the object says, not only that it exists', () => {
  test('SEC-40: a default-deny that leaves egress open, selects some pods or allows something is not one', () => {
    const policy = (change: (spec: any) => void) => broken((o) => change(get(o, 'NetworkPolicy', 'default-deny', 'alice').spec));
    for (const weakened of [
      policy((s) => (s.policyTypes = ['Ingress'])),
      policy((s) => (s.podSelector = { matchLabels: { app: 'x' } })),
      policy((s) => (s.egress = [{}])),
    ]) {
      expect(findings('SEC-40', weakened)).toEqual(['Namespace//alice: has no default-deny NetworkPolicy for ingress and egress']);
    }
  });

  test('SEC-46: a LimitRange without container defaults, or for pods only, is not enough', () => {
    const limits = (value: unknown[]) => broken((o) => (get(o, 'LimitRange', 'tenant-limits', 'alice').spec.limits = value));
    expect(findings('SEC-46', limits([{ type: 'Container', max: { cpu: '4' } }]))).toEqual([
      'Namespace//alice: has no LimitRange with Container default and defaultRequest',
    ]);
    expect(findings('SEC-46', limits([{ type: 'Pod', default: { cpu: '1' }, defaultRequest: { cpu: '1' } }]))).toHaveLength(1);
  });

  test('REL-09: a PDB of other pods, one that allows no disruption, or one without an eviction policy does not count', () => {
    const pdb = (change: (spec: any) => void) => broken((o) => change(get(o, 'PodDisruptionBudget', 'mlflow').spec));
    expect(
      findings(
        'REL-09',
        pdb((s) => (s.selector = { matchLabels: { app: 'other' } })),
      ),
    ).toEqual(['Deployment/mlflow/mlflow: has 2 replicas and no PDB']);
    expect(
      findings(
        'REL-09',
        pdb((s) => (s.maxUnavailable = 0)),
      ),
    ).toEqual(['Deployment/mlflow/mlflow: has 2 replicas and no PDB that allows a disruption and sets unhealthyPodEvictionPolicy']);
    expect(
      findings(
        'REL-09',
        pdb((s) => delete s.unhealthyPodEvictionPolicy),
      ),
    ).toHaveLength(1);
  });

  test('SEC-01: the host PID and IPC namespaces count as much as the host network', () => {
    for (const key of ['hostPID', 'hostIPC']) {
      expect(
        findings(
          'SEC-01',
          broken((o) => (get(o, 'Deployment', 'mlflow').spec.template.spec[key] = true)),
        ),
      ).toEqual([`Deployment/mlflow/mlflow: sets ${key}`]);
    }
  });

  test('SEC-22: a pod without its own setting takes its ServiceAccount’s, and a pod setting overrides it', () => {
    const account = (automount: boolean | undefined, pod: boolean | undefined) =>
      broken((o) => {
        const spec = get(o, 'Deployment', 'mlflow').spec.template.spec;
        if (pod === undefined) delete spec.automountServiceAccountToken;
        else spec.automountServiceAccountToken = pod;
        o.push({
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'mlflow', namespace: 'mlflow' },
          ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
        } as KubeObject);
      });
    expect(findings('SEC-22', account(false, undefined))).toEqual([]);
    expect(findings('SEC-22', account(true, undefined))).toEqual(['Deployment/mlflow/mlflow: mounts a service account token']);
    expect(findings('SEC-22', account(undefined, undefined))).toEqual(['Deployment/mlflow/mlflow: mounts a service account token']);
    expect(findings('SEC-22', account(true, false))).toEqual([]);
    expect(findings('SEC-22', account(false, true))).toEqual(['Deployment/mlflow/mlflow: mounts a service account token']);
  });
});

describe('pods inside custom resources', () => {
  const experiment = (container: Record<string, unknown>): KubeObject => ({
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { name: 'tuning', namespace: 'alice' },
    spec: {
      parallelTrialCount: 2,
      trialTemplate: {
        trialSpec: {
          apiVersion: 'batch/v1',
          kind: 'Job',
          spec: {
            template: {
              spec: {
                automountServiceAccountToken: false,
                securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
                containers: [{ name: 'training', ...container }],
              },
            },
          },
        },
      },
    },
  });
  const hardened = {
    image: 'registry.lab.internal:5000/train:1.0',
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } },
  };

  test('a Katib trial Job and a MinIO pool are checked like any workload', () => {
    const escalating = broken((o) => o.push(experiment({ ...hardened, securityContext: { ...hardened.securityContext, allowPrivilegeEscalation: true } })));
    expect(findings('SEC-07', escalating)).toEqual(['Experiment/alice/tuning: container training does not set allowPrivilegeEscalation: false']);
    expect(
      findings(
        'SEC-15',
        broken((o) => o.push(experiment({ ...hardened, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }))),
      ),
    ).toEqual(['Experiment/alice/tuning: container training has a writable root filesystem']);
    const pool = broken((o) => (get(o, 'Tenant', 'store').spec.pools[0].containerSecurityContext.allowPrivilegeEscalation = true));
    expect(findings('SEC-07', pool)).toEqual(['Tenant/object-store/store: container minio does not set allowPrivilegeEscalation: false']);
    // The operator runs the pools as <tenant>-sa: a token unless that ServiceAccount says otherwise.
    expect(
      findings(
        'SEC-22',
        broken((o) => without(o, 'ServiceAccount', 'store-sa')),
      ),
    ).toEqual(['Tenant/object-store/store: mounts a service account token']);
    // CloudNativePG's instances: the postgres user 26 unless the Cluster sets another, its ServiceAccount, its container settings.
    expect(
      findings(
        'SEC-22',
        broken((o) => without(o, 'ServiceAccount', 'mlflow-db')),
      ),
    ).toEqual(['Cluster/mlflow/mlflow-db: mounts a service account token']);
    expect(
      findings(
        'SEC-16',
        broken((o) => delete get(o, 'Cluster', 'mlflow-db').spec.resources),
      ),
    ).toEqual(['Cluster/mlflow/mlflow-db: container postgres misses cpu/memory requests or a memory limit']);
    expect(
      findings(
        'SEC-07',
        broken((o) => (get(o, 'Cluster', 'mlflow-db').spec.securityContext = { allowPrivilegeEscalation: true })),
      ),
    ).toHaveLength(1);
  });
});

describe('PLT-09 consumer keys', () => {
  test('a Tenant listing users (made consoleAdmin by the operator) and admin or wildcard actions fail', () => {
    expect(
      findings(
        'PLT-09',
        broken((o) => (get(o, 'Tenant', 'store').spec.users = [{ name: 's3-user-mlflow' }])),
      ),
    ).toEqual(['Tenant/object-store/store: lists user s3-user-mlflow in spec.users, which the operator makes consoleAdmin']);
    const policy = (Action: string[]) =>
      broken((o) => (get(o, 'ConfigMap', 'object-store-setup').data['policy-serving.json'] = JSON.stringify({ Statement: [{ Effect: 'Allow', Action }] })));
    expect(findings('PLT-09', policy(['admin:CreateUser', 's3:*']))).toEqual([
      'ConfigMap/object-store/object-store-setup: policy of consumer serving allows admin:CreateUser, s3:*',
    ]);
    expect(findings('PLT-09', policy(['s3:PutObject', 's3:DeleteObject']))).toEqual([]);
  });
});

describe('PLT-08 backups', () => {
  test('a database with nothing backing it up fails; the site’s own backup counts where the inventory says so', () => {
    expect(
      findings(
        'PLT-08',
        broken((_, __, i) => (i.facts = { ...facts, backups: [{ item: 'database/katib' }] })),
      ),
    ).toEqual(['DataItem//database/katib: has no backup']);
    expect(
      findings(
        'PLT-08',
        broken((_, __, i) => (i.facts = { ...facts, backups: [{ item: 'state/x', by: 'site' }] })),
      ),
    ).toEqual([]);
  });
});
