/**
 * Each condition a rule checks, failed on its own by an object that is present but wrong, and passed by its
 * right form: the failing fixtures of guardrails.test.ts prove each rule fires; these prove what it looks at.
 */
import type { Guardrail, GuardrailFacts, KubeObject, TerraformStackJson } from '../../constructs/policy/guardrail';
import { plt01VolumeClaimPairing } from '../../constructs/policy/rules/plt-01-volume-claim-pairing';
import { plt02PlatformPodSecurity } from '../../constructs/policy/rules/plt-02-platform-pod-security';
import { rel08StateLocking } from '../../constructs/policy/rules/rel-08-state-locking';
import { rel09DisruptionBudget } from '../../constructs/policy/rules/rel-09-disruption-budget';
import { rel10DatabaseBackups } from '../../constructs/policy/rules/rel-10-database-backups';
import { sec14AppArmor } from '../../constructs/policy/rules/sec-14-apparmor';
import { sec17WholeGpus } from '../../constructs/policy/rules/sec-17-whole-gpus';
import { sec23DefaultServiceAccount } from '../../constructs/policy/rules/sec-23-default-service-account';
import { sec26CredentialsInConfig } from '../../constructs/policy/rules/sec-26-credentials-in-config';
import { plt05VpnOnlyGateway } from '../../constructs/policy/rules/plt-05-vpn-only-gateway';
import { sec48aTlsEndpoints } from '../../constructs/policy/rules/sec-48a-tls-endpoints';
import { sec48bStrictMtls } from '../../constructs/policy/rules/sec-48b-strict-mtls';
import { sec48dObjectStoreEncryption } from '../../constructs/policy/rules/sec-48d-object-store-encryption';
import { rel02ClaimRetention } from '../../constructs/policy/rules/rel-02-claim-retention';
import { sec35ExecInOwnNamespace } from '../../constructs/policy/rules/sec-35-exec-in-own-namespace';
import { sec39PodSecurityLabels } from '../../constructs/policy/rules/sec-39-pod-security-labels';
import { sec42NamespaceSelector } from '../../constructs/policy/rules/sec-42-namespace-selector';
import { plt06MlflowAuthorization } from '../../constructs/policy/rules/plt-06-mlflow-authorization';
import { sec47QuotaWithinCapacity } from '../../constructs/policy/rules/sec-47-quota-within-capacity';
import { plt09NoAdminConsumerKeys } from '../../constructs/policy/rules/plt-09-no-admin-consumer-keys';
import { rel01RetainedPlatformClaims } from '../../constructs/policy/rules/rel-01-retained-platform-claims';
import { rel12SpreadReplicas } from '../../constructs/policy/rules/rel-12-spread-replicas';
import { sec03Capabilities } from '../../constructs/policy/rules/sec-03-capabilities';
import { sec36ProfileOwner } from '../../constructs/policy/rules/sec-36-profile-owner';
import { sec37ExplicitNamespace } from '../../constructs/policy/rules/sec-37-explicit-namespace';
import { sec41DnsAndPlatformEgress } from '../../constructs/policy/rules/sec-41-dns-and-platform-egress';
import { kubeObject, tenantNamespaceObject } from '../support/objects';

const facts = {
  adminGroups: ['mlops-admins'],
  adminUsers: ['admin@lab'],
  platformNamespaces: ['mlflow'],
  vpnRanges: ['10.44.0.0/24'],
} as unknown as GuardrailFacts;
/** `object: message` of each violation of `rule`. */
const check = (rule: Guardrail, objects: KubeObject[], stacks: TerraformStackJson[] = []) =>
  rule.check({ objects, stacks, facts }).map((v) => `${v.object}: ${v.message}`);
const stack = (resource: Record<string, Record<string, unknown>>, terraform: Record<string, unknown> = {}): TerraformStackJson[] => [
  { stack: 's', json: { terraform, resource } },
];
const deployment = (name: string, pod: Record<string, unknown>, rest: Record<string, unknown> = {}) =>
  kubeObject('apps/v1', 'Deployment', name, 'x', { spec: { ...rest, template: { metadata: { labels: { app: name } }, spec: pod } } });

describe('PLT-01 volumes and their claims', () => {
  const claim = (spec: Record<string, unknown>) => kubeObject('v1', 'PersistentVolumeClaim', 'data', 'alice', { spec });
  const volume = (spec: Record<string, unknown>) => kubeObject('v1', 'PersistentVolume', 'data-alice', undefined, { spec });
  const good = {
    claim: { volumeName: 'data-alice', storageClassName: '', accessModes: ['ReadOnlyMany'], resources: { requests: { storage: '1Ti' } } },
    volume: { claimRef: { namespace: 'alice', name: 'data' }, storageClassName: '', accessModes: ['ReadOnlyMany'], capacity: { storage: '2Ti' } },
  };
  const at = 'PersistentVolume//data-alice';

  test('a pair that agrees passes; a volume without claimRef and a claim of a dynamic volume are not pairs', () => {
    expect(check(plt01VolumeClaimPairing, [claim(good.claim), volume(good.volume)])).toEqual([]);
    expect(check(plt01VolumeClaimPairing, [volume({}), claim({ storageClassName: 'nfs' })])).toEqual([]);
  });

  test('each disagreement on its own', () => {
    expect(check(plt01VolumeClaimPairing, [volume(good.volume)])).toEqual([`${at}: is reserved for claim alice/data, which does not exist`]);
    expect(check(plt01VolumeClaimPairing, [claim({ ...good.claim, volumeName: undefined }), volume(good.volume)])).toEqual([
      `${at}: claim alice/data names volume (none)`,
    ]);
    expect(check(plt01VolumeClaimPairing, [claim({ ...good.claim, storageClassName: 'nfs' }), volume(good.volume)])).toEqual([
      `${at}: StorageClass "" differs from its claim's "nfs"`,
    ]);
    expect(check(plt01VolumeClaimPairing, [claim({ ...good.claim, storageClassName: undefined }), volume(good.volume)])).toEqual([
      `${at}: StorageClass "" differs from its claim's undefined`,
    ]);
    expect(
      check(plt01VolumeClaimPairing, [claim({ ...good.claim, storageClassName: undefined }), volume({ ...good.volume, storageClassName: undefined })]),
    ).toEqual([]);
    expect(check(plt01VolumeClaimPairing, [claim({ ...good.claim, accessModes: ['ReadOnlyMany', 'ReadWriteMany'] }), volume(good.volume)])).toEqual([
      `${at}: lacks access modes ReadWriteMany that its claim asks for`,
    ]);
    expect(check(plt01VolumeClaimPairing, [claim({ ...good.claim, accessModes: undefined }), volume({ ...good.volume, accessModes: undefined })])).toEqual([]);
    expect(check(plt01VolumeClaimPairing, [claim(good.claim), volume({ ...good.volume, accessModes: undefined })])).toEqual([
      `${at}: lacks access modes ReadOnlyMany that its claim asks for`,
    ]);
    expect(check(plt01VolumeClaimPairing, [claim({ ...good.claim, resources: { requests: { storage: '3Ti' } } }), volume(good.volume)])).toEqual([
      `${at}: holds 2Ti, less than its claim requests (3Ti)`,
    ]);
    expect(check(plt01VolumeClaimPairing, [claim({ ...good.claim, resources: { requests: { storage: '2Ti' } } }), volume(good.volume)])).toEqual([]);
    expect(check(plt01VolumeClaimPairing, [claim({ ...good.claim, resources: undefined }), volume({ ...good.volume, capacity: undefined })])).toEqual([]);
    expect(check(plt01VolumeClaimPairing, [claim(good.claim), volume({ ...good.volume, capacity: undefined })])).toEqual([
      `${at}: holds undefined, less than its claim requests (1Ti)`,
    ]);
  });

  test('a claim naming a volume reserved for another claim, or for none', () => {
    const other = { ...good.volume, claimRef: { namespace: 'bob', name: 'data' } };
    expect(check(plt01VolumeClaimPairing, [claim(good.claim), volume({ ...good.volume, claimRef: undefined })])).toEqual([
      'PersistentVolumeClaim/alice/data: names volume data-alice, which is not reserved for it (claimRef)',
    ]);
    expect(check(plt01VolumeClaimPairing, [claim(good.claim), volume(other)])).toContain(
      'PersistentVolumeClaim/alice/data: names volume data-alice, which is not reserved for it (claimRef)',
    );
    expect(check(plt01VolumeClaimPairing, [claim(good.claim), volume({ ...good.volume, claimRef: { namespace: 'alice', name: 'other' } })])).toContain(
      'PersistentVolumeClaim/alice/data: names volume data-alice, which is not reserved for it (claimRef)',
    );
    expect(check(plt01VolumeClaimPairing, [claim({ ...good.claim, volumeName: 'elsewhere' })])).toEqual([]);
  });
});

describe('PLT-02 platform namespaces are restricted', () => {
  const ns = (labels: Record<string, string>) => ({ metadata: [{ name: 'mlflow', labels }] });
  test('Terraform namespaces and manifest namespaces, tenants excluded', () => {
    const enforce = 'pod-security.kubernetes.io/enforce';
    expect(
      check(
        plt02PlatformPodSecurity,
        [
          kubeObject('v1', 'Namespace', 'kubeflow', undefined, { metadata: { labels: { [enforce]: 'baseline' } } }),
          kubeObject('v1', 'Namespace', 'bare', undefined),
          kubeObject('v1', 'Namespace', 'ok', undefined, { metadata: { labels: { [enforce]: 'restricted' } } }),
          tenantNamespaceObject('alice', { [enforce]: 'baseline' }),
          kubeObject('v1', 'ConfigMap', 'not', 'x'),
        ],
        stack({
          kubernetes_namespace_v1: { a: ns({ [enforce]: 'privileged' }), b: ns({ [enforce]: 'restricted' }) },
          kubernetes_namespace: { c: { metadata: { name: 'old' } } },
          kubernetes_namespace_v1x: { d: ns({}) },
        }),
      ),
    ).toEqual([
      's:kubernetes_namespace_v1.a: namespace mlflow enforces Pod Security privileged',
      's:kubernetes_namespace.c: namespace old enforces Pod Security (nothing)',
      'Namespace//kubeflow: enforces Pod Security baseline',
      'Namespace//bare: enforces Pod Security (nothing)',
    ]);
  });
});

describe('REL-08 state locking', () => {
  const backend = (backend?: Record<string, unknown>) => ({ stack: 'x', json: backend ? { terraform: { backend } } : {} });
  test('locking backends pass; s3 only with a lock, http only with a lock address', () => {
    const stacks = [
      backend({ kubernetes: {} }),
      backend({ pg: {} }),
      backend({ s3: { use_lockfile: true } }),
      backend({ s3: { dynamodb_table: 't' } }),
      backend({ http: { lock_address: 'https://x' } }),
    ];
    expect(rel08StateLocking.check({ objects: [], stacks, facts })).toEqual([]);
    const unlocked = [backend({ s3: { use_lockfile: 'true' } }), backend({ http: {} }), backend({ local: {} }), backend(), backend({ gcs: {}, local: {} })];
    expect(rel08StateLocking.check({ objects: [], stacks: unlocked, facts }).map((v) => `${v.object}: ${v.message}`)).toEqual([
      'TerraformStack//x: keeps its state in a s3 backend without locking',
      'TerraformStack//x: keeps its state in a http backend without locking',
      'TerraformStack//x: keeps its state in a local backend without locking',
      'TerraformStack//x: keeps its state in a local backend without locking',
    ]);
  });
});

describe('REL-09 disruption budgets', () => {
  const pdb = (name: string, spec: Record<string, unknown>, namespace = 'x') =>
    kubeObject('policy/v1', 'PodDisruptionBudget', name, namespace, { spec: { selector: { matchLabels: { app: 'web' } }, ...spec } });
  const web = (replicas?: number) => deployment('web', {}, replicas === undefined ? {} : { replicas });
  const evict = { unhealthyPodEvictionPolicy: 'AlwaysAllow' };

  test('one replica needs none; two need one that allows a disruption and says how to evict unhealthy pods', () => {
    expect(check(rel09DisruptionBudget, [web()])).toEqual([]);
    expect(check(rel09DisruptionBudget, [web(1)])).toEqual([]);
    expect(check(rel09DisruptionBudget, [web(2)])).toEqual(['Deployment/x/web: has 2 replicas and no PDB']);
    const statefulSet = kubeObject('apps/v1', 'StatefulSet', 'db', 'x', { spec: { replicas: 3, template: { metadata: { labels: { app: 'db' } } } } });
    expect(check(rel09DisruptionBudget, [statefulSet])).toEqual(['StatefulSet/x/db: has 3 replicas and no PDB']);
    expect(check(rel09DisruptionBudget, [kubeObject('apps/v1', 'DaemonSet', 'd', 'x', { spec: { replicas: 3 } })])).toEqual([]);
  });

  test.each([
    [{ maxUnavailable: 1, ...evict }, true],
    [{ maxUnavailable: '1', ...evict }, true],
    [{ maxUnavailable: 0, ...evict }, false],
    [{ maxUnavailable: 1 }, false],
    [{ minAvailable: 2, ...evict }, true],
    [{ minAvailable: 3, ...evict }, false],
    [{ ...evict }, false],
    [{ maxUnavailable: 0, minAvailable: 1, ...evict }, false],
  ])('a budget %j for 3 replicas counts: %s', (spec, counts) => {
    const found = check(rel09DisruptionBudget, [web(3), pdb('web', spec)]);
    expect(found).toEqual(counts ? [] : ['Deployment/x/web: has 3 replicas and no PDB that allows a disruption and sets unhealthyPodEvictionPolicy']);
  });

  test('a budget of other pods or of another namespace does not count', () => {
    expect(check(rel09DisruptionBudget, [web(2), pdb('other', { maxUnavailable: 1, ...evict, selector: { matchLabels: { app: 'db' } } })])).toEqual([
      'Deployment/x/web: has 2 replicas and no PDB',
    ]);
    expect(check(rel09DisruptionBudget, [web(2), pdb('web', { maxUnavailable: 1, ...evict }, 'y')])).toEqual(['Deployment/x/web: has 2 replicas and no PDB']);
  });
});

describe('REL-10 database backups', () => {
  const cluster = (backup?: Record<string, unknown>, plugins?: unknown[], apiVersion = 'postgresql.cnpg.io/v1') =>
    kubeObject(apiVersion, 'Cluster', 'db', 'x', { spec: { ...(backup ? { backup } : {}), ...(plugins ? { plugins } : {}) } });
  const schedule = (cluster: string, namespace = 'x') =>
    kubeObject('postgresql.cnpg.io/v1', 'ScheduledBackup', 'daily', namespace, { spec: { cluster: { name: cluster } } });
  const store = { barmanObjectStore: { destinationPath: 's3://backups/db' } };

  test('an object store outside the artifact bucket (or a backup plugin) and a schedule of this cluster', () => {
    expect(check(rel10DatabaseBackups, [cluster(store), schedule('db')])).toEqual([]);
    expect(check(rel10DatabaseBackups, [cluster(undefined, [{ name: 'barman-cloud.cloudnative-pg.io' }]), schedule('db')])).toEqual([]);
    expect(check(rel10DatabaseBackups, [cluster(undefined, []), schedule('db')])).toEqual(['Cluster/x/db: has no backup object store']);
    expect(check(rel10DatabaseBackups, [cluster({}), schedule('db')])).toEqual(['Cluster/x/db: has no backup object store']);
    expect(check(rel10DatabaseBackups, [cluster({ barmanObjectStore: { destinationPath: 's3://mlflow-artifacts/db' } }), schedule('db')])).toEqual([
      'Cluster/x/db: backs up into the artifact bucket (s3://mlflow-artifacts/db)',
    ]);
    expect(check(rel10DatabaseBackups, [cluster(store), schedule('other'), schedule('db', 'y')])).toEqual(['Cluster/x/db: has no ScheduledBackup']);
    expect(check(rel10DatabaseBackups, [cluster(store), kubeObject('postgresql.cnpg.io/v1', 'ScheduledBackup', 'bare', 'x')])).toEqual([
      'Cluster/x/db: has no ScheduledBackup',
    ]);
    expect(check(rel10DatabaseBackups, [cluster(undefined, undefined, 'cluster.x-k8s.io/v1beta1')])).toEqual([]);
  });
});

describe('SEC-14 AppArmor', () => {
  const profile = (type: string) => ({ appArmorProfile: { type } });
  test('the pod and every container confined, by field or by the legacy annotation', () => {
    const confined = { securityContext: profile('RuntimeDefault'), containers: [{ name: 'c' }] };
    expect(check(sec14AppArmor, [deployment('a', confined)])).toEqual([]);
    expect(
      check(sec14AppArmor, [
        deployment('a', { securityContext: profile('Localhost'), containers: [{ name: 'c', securityContext: profile('RuntimeDefault') }] }),
      ]),
    ).toEqual([]);
    expect(check(sec14AppArmor, [deployment('a', { securityContext: profile('Unconfined'), containers: [{ name: 'c' }] })])).toEqual([
      'Deployment/x/a: runs without AppArmor confinement',
    ]);
    expect(check(sec14AppArmor, [deployment('a', { ...confined, containers: [{ name: 'c', securityContext: profile('Unconfined') }] })])).toEqual([
      'Deployment/x/a: runs without AppArmor confinement',
    ]);
    const annotated = (value: string) =>
      kubeObject('apps/v1', 'Deployment', 'a', 'x', {
        spec: { template: { metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/c': value, other: 'unconfined' } }, spec: confined } },
      });
    expect(check(sec14AppArmor, [annotated('runtime/default')])).toEqual([]);
    expect(check(sec14AppArmor, [annotated('localhost/lab')])).toEqual([]);
    expect(check(sec14AppArmor, [annotated('unconfined')])).toEqual(['Deployment/x/a: runs without AppArmor confinement']);
  });
});

describe('SEC-17 whole GPUs', () => {
  const gpu = (resources: Record<string, unknown>) => deployment('t', { containers: [{ name: 'c', resources }] });
  test.each([
    [{}, true],
    [{ limits: { 'nvidia.com/gpu': '1' } }, true],
    [{ requests: { 'nvidia.com/gpu': 2 }, limits: { 'nvidia.com/gpu': '2' } }, true],
    [{ requests: { 'nvidia.com/gpu': '1' } }, true],
    [{ requests: { 'nvidia.com/gpu': '500m' }, limits: { 'nvidia.com/gpu': '500m' } }, false],
    [{ limits: { 'nvidia.com/gpu': '1.5' } }, false],
    [{ requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '2' } }, false],
  ])('%j passes: %s', (resources, ok) => {
    expect(check(sec17WholeGpus, [gpu(resources)])).toEqual(
      ok
        ? []
        : [
            `Deployment/x/t: container c asks for GPUs ${JSON.stringify({ requests: (resources as any).requests?.['nvidia.com/gpu'], limits: (resources as any).limits?.['nvidia.com/gpu'] })}`,
          ],
    );
  });
});

describe('SEC-23 default ServiceAccounts', () => {
  const account = (namespace: string, automount?: boolean) =>
    kubeObject('v1', 'ServiceAccount', 'default', namespace, automount === undefined ? {} : { automountServiceAccountToken: automount });
  test('every tenant’s default account without a token; pods and bindings never use a default account', () => {
    expect(
      check(sec23DefaultServiceAccount, [
        tenantNamespaceObject('alice'),
        account('alice', false),
        tenantNamespaceObject('bob'),
        account('bob'),
        tenantNamespaceObject('carol'),
        account('alice', true),
      ]),
    ).toEqual([
      'ServiceAccount/bob/default: mounts its token (automountServiceAccountToken is not false)',
      'Namespace//carol: has no default ServiceAccount with automountServiceAccountToken: false',
    ]);
    expect(check(sec23DefaultServiceAccount, [account('mlflow')])).toEqual([]);
    expect(
      check(sec23DefaultServiceAccount, [
        deployment('a', { serviceAccountName: 'a' }),
        deployment('b', { serviceAccount: 'b' }),
        deployment('c', {}),
        deployment('d', { serviceAccountName: 'default' }),
        deployment('e', { serviceAccount: 'default' }),
      ]),
    ).toEqual([
      'Deployment/x/c: runs as ServiceAccount "default"',
      'Deployment/x/d: runs as ServiceAccount "default"',
      'Deployment/x/e: runs as ServiceAccount "default"',
    ]);
    const binding = (kind: string, subjects?: object[]) => kubeObject('rbac.authorization.k8s.io/v1', kind, 'b', 'x', subjects ? { subjects } : {});
    expect(
      check(sec23DefaultServiceAccount, [
        binding('RoleBinding', [{ kind: 'ServiceAccount', name: 'default', namespace: 'x' }]),
        binding('ClusterRoleBinding', [
          { kind: 'User', name: 'u' },
          { kind: 'ServiceAccount', name: 'default', namespace: 'x' },
        ]),
        binding('RoleBinding', [
          { kind: 'User', name: 'default' },
          { kind: 'ServiceAccount', name: 'mlflow' },
        ]),
        binding('RoleBinding'),
        binding('ConfigMap', [{ kind: 'ServiceAccount', name: 'default' }]),
      ]),
    ).toEqual(['RoleBinding/x/b: binds the default ServiceAccount', 'ClusterRoleBinding/x/b: binds the default ServiceAccount']);
  });
});

describe('SEC-26 credentials in configuration', () => {
  const configMap = (data?: Record<string, unknown>) => kubeObject('v1', 'ConfigMap', 'cm', 'x', data ? { data } : {});
  test('credential-looking keys with literal values and private keys, wherever they sit; references and switches are fine', () => {
    expect(
      check(sec26CredentialsInConfig, [
        configMap({
          DB_PASSWORD: 'hunter2',
          API_TOKEN: 12345,
          PASSWORD_ENABLED: 'true',
          EMPTY_SECRET: '',
          passwordSecret: 'db-credentials',
          tokenSecretName: 'tok',
          secretRef: 'ref',
          'key.pem': '-----BEGIN RSA PRIVATE KEY-----',
          plain: 'value',
        }),
        configMap(),
        kubeObject('v1', 'Secret', 's', 'x', { data: { password: 'x' } }),
      ]),
    ).toEqual([
      'ConfigMap/x/cm: data.DB_PASSWORD holds a credential',
      'ConfigMap/x/cm: data.API_TOKEN holds a credential',
      'ConfigMap/x/cm: data.key.pem holds a credential',
    ]);
  });

  test('Terraform ConfigMaps and Helm values, parsed, nested and in lists, and set entries', () => {
    const found = check(
      sec26CredentialsInConfig,
      [],
      stack({
        kubernetes_config_map_v1: { a: { data: { password: 'x' } }, b: {} },
        kubernetes_config_map: { c: { data: { token: 'y' } } },
        kubernetes_secret_v1: { d: { data: { password: 'x' } } },
        helm_release: {
          e: {
            values: ['db:\n  auth:\n    password: hunter2\n  users:\n    - name: a\n      token: t\n', 'not: [valid', 'x: -----BEGIN PRIVATE KEY-----'],
            set: [
              { name: 'admin.password', value: 'p' },
              { name: 'admin.existingSecret', value: 's' },
            ],
          },
          f: {},
        },
      }),
    );
    expect(found).toEqual([
      's:kubernetes_config_map_v1.a: data.password holds a credential',
      's:kubernetes_config_map.c: data.token holds a credential',
      's:helm_release.e: values[0].db.auth.password holds a credential',
      's:helm_release.e: values[0].db.users[0].token holds a credential',
      's:helm_release.e: values[2].x holds a credential',
      's:helm_release.e: set.admin.password holds a credential',
    ]);
  });
});

describe('SEC-41 tenant egress', () => {
  const ks = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } };
  const dnsPorts = [{ protocol: 'UDP', port: 53 }, { port: 53 }];
  const policy = (name: string, egress?: unknown[]) => kubeObject('networking.k8s.io/v1', 'NetworkPolicy', name, 'alice', { spec: egress ? { egress } : {} });
  const dns = policy('dns', [{ to: [ks], ports: dnsPorts }]);

  test('DNS needs kube-system on both UDP and TCP 53 in one rule', () => {
    const missing = 'Namespace//alice: has no egress allow to cluster DNS on UDP and TCP 53';
    expect(check(sec41DnsAndPlatformEgress, [tenantNamespaceObject('alice'), dns])).toEqual([]);
    expect(check(sec41DnsAndPlatformEgress, [tenantNamespaceObject('alice'), kubeObject('v1', 'Namespace', 'plain', undefined), policy('empty')])).toEqual([
      missing,
    ]);
    const notListed = (name: string) => `NetworkPolicy/alice/${name}: allows egress to namespace kube-system, which is not a listed platform endpoint`;
    expect(check(sec41DnsAndPlatformEgress, [tenantNamespaceObject('alice'), policy('udp', [{ to: [ks], ports: [{ protocol: 'UDP', port: 53 }] }])])).toEqual([
      missing,
      notListed('udp'),
    ]);
    expect(check(sec41DnsAndPlatformEgress, [tenantNamespaceObject('alice'), policy('tcp', [{ to: [ks], ports: [{ port: '53' }] }])])).toEqual([
      missing,
      notListed('tcp'),
    ]);
    expect(
      check(sec41DnsAndPlatformEgress, [tenantNamespaceObject('alice'), policy('port', [{ to: [ks], ports: [{ protocol: 'UDP', port: 54 }, { port: 53 }] }])]),
    ).toEqual([missing, notListed('port')]);
    const elsewhere = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mlflow' } } };
    expect(check(sec41DnsAndPlatformEgress, [tenantNamespaceObject('alice'), policy('mlflow', [{ to: [elsewhere], ports: dnsPorts }])])).toEqual([missing]);
  });

  test('other egress only to listed platform namespaces; the tenant’s own pods are fine; no open rule, no ipBlock, no loose selector', () => {
    const to = (...peers: unknown[]) => [{ to: peers }];
    expect(
      check(sec41DnsAndPlatformEgress, [
        tenantNamespaceObject('alice'),
        dns,
        policy('ok', to({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mlflow' } } }, { podSelector: {} })),
        policy('open', [{ ports: [{ port: 443 }] }, { to: [] }]),
        policy('ip', to({ ipBlock: { cidr: '10.0.0.0/8' } })),
        policy('other', to({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'bob' } } })),
        policy('any', to({ namespaceSelector: {} })),
        policy('ks', to(ks)),
      ]),
    ).toEqual([
      'NetworkPolicy/alice/open: has an egress rule without destinations (allows every destination)',
      'NetworkPolicy/alice/open: has an egress rule without destinations (allows every destination)',
      'NetworkPolicy/alice/ip: allows egress to ipBlock 10.0.0.0/8',
      'NetworkPolicy/alice/other: allows egress to namespace bob, which is not a listed platform endpoint',
      'NetworkPolicy/alice/any: allows egress to namespace (selector), which is not a listed platform endpoint',
      'NetworkPolicy/alice/ks: allows egress to namespace kube-system, which is not a listed platform endpoint',
    ]);
  });
});

describe('REL-01 platform claims retain their data', () => {
  const claim = (namespace: string, spec: Record<string, unknown>, name = 'data') => kubeObject('v1', 'PersistentVolumeClaim', name, namespace, { spec });
  const volume = (name: string, policy?: string) =>
    kubeObject('v1', 'PersistentVolume', name, undefined, { spec: policy ? { persistentVolumeReclaimPolicy: policy } : {} });
  const storageClass = (name: string, reclaimPolicy?: string) =>
    kubeObject('storage.k8s.io/v1', 'StorageClass', name, undefined, reclaimPolicy ? { reclaimPolicy } : {});

  test('a bound claim by its volume’s policy, a dynamic one by its class’s; tenant claims are the tenant’s', () => {
    const objects = [
      tenantNamespaceObject('alice'),
      volume('kept', 'Retain'),
      volume('lost', 'Delete'),
      volume('bare'),
      storageClass('retain', 'Retain'),
      storageClass('delete'),
      claim('mlflow', { volumeName: 'kept' }, 'a'),
      claim('mlflow', { volumeName: 'lost' }, 'b'),
      claim('mlflow', { volumeName: 'bare' }, 'c'),
      claim('mlflow', { volumeName: 'missing' }, 'd'),
      claim('mlflow', { storageClassName: 'retain' }, 'e'),
      claim('mlflow', { storageClassName: 'delete' }, 'f'),
      claim('mlflow', { storageClassName: 'unknown' }, 'g'),
      claim('mlflow', {}, 'h'),
      claim('alice', { storageClassName: 'delete' }, 'i'),
    ];
    expect(check(rel01RetainedPlatformClaims, objects)).toEqual([
      'PersistentVolumeClaim/mlflow/b: binds PersistentVolume lost with reclaim policy Delete',
      'PersistentVolumeClaim/mlflow/c: binds PersistentVolume bare with reclaim policy (unknown)',
      'PersistentVolumeClaim/mlflow/d: binds PersistentVolume missing with reclaim policy (unknown)',
      'PersistentVolumeClaim/mlflow/f: uses StorageClass delete whose reclaim policy is Delete',
      'PersistentVolumeClaim/mlflow/g: uses StorageClass unknown whose reclaim policy is unknown',
      'PersistentVolumeClaim/mlflow/h: uses StorageClass (cluster default) whose reclaim policy is unknown',
    ]);
  });

  test('claim templates by their class, from either output or the site’s; unknown classes and tenants’ templates are left alone', () => {
    const set = (namespace: string, className: string) =>
      kubeObject('apps/v1', 'StatefulSet', className, namespace, { spec: { volumeClaimTemplates: [{ spec: { storageClassName: className } }] } });
    const site = {
      ...facts,
      siteStorageClasses: [
        { name: 'site-delete', reclaimPolicy: 'Delete' },
        { name: 'site-retain', reclaimPolicy: 'Retain' },
      ],
    };
    const objects = [
      tenantNamespaceObject('alice'),
      storageClass('delete'),
      set('mlflow', 'delete'),
      set('mlflow', 'site-delete'),
      set('mlflow', 'site-retain'),
      set('mlflow', 'nowhere'),
      set('alice', 'delete'),
    ];
    const found = rel01RetainedPlatformClaims.check({ objects, stacks: [], facts: site }).map((v) => `${v.object}: ${v.message}`);
    expect(found).toEqual([
      'StatefulSet/mlflow/delete: claims volumes of StorageClass delete whose reclaim policy is Delete',
      'StatefulSet/mlflow/site-delete: claims volumes of StorageClass site-delete whose reclaim policy is Delete',
    ]);
    const overridden = [{ name: 'delete', reclaimPolicy: 'Retain' }];
    expect(
      rel01RetainedPlatformClaims.check({
        objects: [storageClass('delete'), set('mlflow', 'delete')],
        stacks: [],
        facts: { ...facts, siteStorageClasses: overridden },
      }),
    ).toHaveLength(1);
  });
});

describe('PLT-09 consumer keys', () => {
  const plan = (data: Record<string, string>, label = 'true') =>
    kubeObject('v1', 'ConfigMap', 'setup', 'object-store', { metadata: { labels: { 'mlops-platform.io/bucket-plan': label } }, data });
  const policy = (...statements: object[]) => JSON.stringify({ Statement: statements });
  test('Tenant users, unreadable policies and each forbidden action allowed; denials and other files are fine', () => {
    const found = check(plt09NoAdminConsumerKeys, [
      kubeObject('minio.min.io/v2', 'Tenant', 'store', 'object-store', { spec: { users: [{ name: 'a' }, { name: 'b' }] } }),
      kubeObject('minio.min.io/v2', 'Tenant', 'bare', 'object-store', { spec: {} }),
      kubeObject('other.io/v1', 'Tenant', 'x', 'object-store', { spec: { users: [{ name: 'c' }] } }),
      plan({
        'policy-ok.json': policy({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'] }, { Effect: 'Deny', Action: 's3:*' }),
        'policy-bad.json': policy(
          { Effect: 'Allow', Action: ['s3:*', 'admin:ServerInfo', 's3:BypassGovernanceRetention'] },
          { Effect: 'Allow', Action: 's3:PutObjectRetention' },
          { Effect: 'Allow', Action: ['s3:PutBucketObjectLockConfiguration', 's3:DeleteObjectVersion', 's3:DeleteBucket', '*', 's3:*'] },
          { Effect: 'Allow' },
        ),
        'policy-empty.json': '{}',
        'policy-broken.json': '{',
        'buckets.json': policy({ Effect: 'Allow', Action: '*' }),
        'xpolicy-a.json': policy({ Effect: 'Allow', Action: '*' }),
      }),
      plan({ 'policy-unlabelled.json': policy({ Effect: 'Allow', Action: '*' }) }, 'false'),
    ]);
    expect(found).toEqual([
      'Tenant/object-store/store: lists user a in spec.users, which the operator makes consoleAdmin',
      'Tenant/object-store/store: lists user b in spec.users, which the operator makes consoleAdmin',
      'ConfigMap/object-store/setup: policy of consumer bad allows s3:*, admin:ServerInfo, s3:BypassGovernanceRetention, s3:PutObjectRetention, s3:PutBucketObjectLockConfiguration, s3:DeleteObjectVersion, s3:DeleteBucket, *',
      'ConfigMap/object-store/setup: policy-broken.json is not a JSON policy',
    ]);
    expect(
      check(plt09NoAdminConsumerKeys, [plan({ 'policy-a.json': policy({ Effect: 'Allow', Action: ['s3:GetObjectRetention', 'xs3:*', 's3:DeleteObject'] }) })]),
    ).toEqual([]);
  });
});

describe('REL-12 spread replicas', () => {
  test('two replicas need a spread or anti-affinity; Deployments roll', () => {
    const spread = { topologySpreadConstraints: [{ topologyKey: 'kubernetes.io/hostname' }] };
    expect(
      check(rel12SpreadReplicas, [
        deployment('one', {}, { replicas: 1 }),
        deployment('spread', spread, { replicas: 2 }),
        deployment('anti', { affinity: { podAntiAffinity: {} } }, { replicas: 2 }),
        deployment('none', { topologySpreadConstraints: [] }, { replicas: 2 }),
        deployment('recreate', spread, { replicas: 2, strategy: { type: 'Recreate' } }),
        deployment('rolling', spread, { replicas: 2, strategy: { type: 'RollingUpdate' } }),
        kubeObject('apps/v1', 'StatefulSet', 'set', 'x', { spec: { replicas: 3, template: { spec: {} } } }),
        kubeObject('apps/v1', 'StatefulSet', 'ordered', 'x', { spec: { replicas: 3, updateStrategy: { type: 'OnDelete' }, template: { spec: spread } } }),
        kubeObject('apps/v1', 'DaemonSet', 'd', 'x', { spec: { replicas: 3, template: { spec: {} } } }),
      ]),
    ).toEqual([
      'Deployment/x/none: has replicas but no anti-affinity or topology spread',
      'Deployment/x/recreate: updates with strategy Recreate',
      'StatefulSet/x/set: has replicas but no anti-affinity or topology spread',
    ]);
  });
});

describe('SEC-03 capabilities', () => {
  const caps = (capabilities?: Record<string, unknown>) =>
    deployment('c', { containers: [{ name: 'c', ...(capabilities ? { securityContext: { capabilities } } : {}) }] });
  test.each([
    [{ drop: ['ALL'] }, undefined],
    [{ drop: ['ALL'], add: ['NET_BIND_SERVICE'] }, undefined],
    [{ drop: ['ALL'], add: ['NET_BIND_SERVICE', 'NET_RAW'] }, 'drop ["ALL"], add ["NET_BIND_SERVICE","NET_RAW"]'],
    [{ drop: ['NET_RAW'] }, 'drop ["NET_RAW"], add []'],
    [undefined, 'drop [], add []'],
  ])('%j', (capabilities, kept) => {
    expect(check(sec03Capabilities, [caps(capabilities)])).toEqual(kept ? [`Deployment/x/c: container c keeps capabilities (${kept})`] : []);
  });
});

describe('SEC-36 and SEC-37: owners and namespaces', () => {
  test('a Profile is owned by an admin user', () => {
    const profile = (owner?: object, apiVersion = 'kubeflow.org/v1') => kubeObject(apiVersion, 'Profile', 'p', undefined, { spec: owner ? { owner } : {} });
    expect(
      check(sec36ProfileOwner, [
        profile({ kind: 'User', name: 'admin@lab' }),
        profile({ kind: 'Group', name: 'admin@lab' }),
        profile({ kind: 'User', name: 'alice@lab' }),
        profile(),
        profile({ kind: 'User', name: 'bob' }, 'other.io/v1'),
      ]),
    ).toEqual([
      'Profile//p: is owned by Group admin@lab, not a platform admin',
      'Profile//p: is owned by User alice@lab, not a platform admin',
      'Profile//p: is owned by ? (nobody), not a platform admin',
    ]);
    expect(
      sec36ProfileOwner.check({ objects: [profile({ kind: 'User', name: 'admin@lab' })], stacks: [], facts: { ...facts, adminUsers: undefined } }),
    ).toHaveLength(1);
  });

  test('every namespaced object and Helm release names a namespace other than default', () => {
    expect(
      check(
        sec37ExplicitNamespace,
        [
          kubeObject('v1', 'ConfigMap', 'a', undefined),
          kubeObject('v1', 'ConfigMap', 'b', 'default'),
          kubeObject('v1', 'ConfigMap', 'c', 'x'),
          kubeObject('v1', 'Namespace', 'n', undefined),
        ],
        stack({ helm_release: { a: {}, b: { namespace: 'default' }, c: { namespace: 'x' } }, kubernetes_config_map_v1: { d: {} } }),
      ),
    ).toEqual([
      'ConfigMap//a: sets no namespace',
      'ConfigMap/default/b: is in the default namespace',
      's:helm_release.a: installs into the default namespace',
      's:helm_release.b: installs into the default namespace',
    ]);
  });
});

describe('SEC-48a TLS at every gateway host', () => {
  const issuer = (kind: string, name: string, namespace?: string, ca = true) =>
    kubeObject('cert-manager.io/v1', kind, name, namespace, { spec: ca ? { ca: { secretName: 'ca' } } : { selfSigned: {} } });
  const certificate = (name: string, secretName: string, dnsNames: string[] | undefined, issuerRef: object, namespace = 'istio-system') =>
    kubeObject('cert-manager.io/v1', 'Certificate', name, namespace, { spec: { secretName, ...(dnsNames ? { dnsNames } : {}), issuerRef } });
  const gateway = (...servers: object[]) => kubeObject('networking.istio.io/v1', 'Gateway', 'gw', 'istio-system', { spec: { servers } });
  const https = (name: string | undefined, credentialName: string, hosts: string[], tls: object = {}) => ({
    port: { number: 443, ...(name ? { name } : {}), protocol: 'HTTPS' },
    hosts,
    tls: { mode: 'SIMPLE', credentialName, minProtocolVersion: 'TLSV1_2', ...tls },
  });
  const base = [
    issuer('ClusterIssuer', 'platform-ca'),
    issuer('Issuer', 'local-ca', 'istio-system'),
    issuer('ClusterIssuer', 'self', undefined, false),
    certificate('a', 'a-tls', ['a.lab'], { name: 'platform-ca', kind: 'ClusterIssuer' }),
    certificate('b', 'b-tls', ['b.lab'], { name: 'local-ca' }),
    certificate('c', 'c-tls', ['c.lab'], { name: 'self', kind: 'ClusterIssuer' }),
    certificate('d', 'd-tls', undefined, { name: 'local-ca', kind: 'Issuer' }),
    certificate('e', 'e-tls', ['e.lab'], { name: 'platform-ca', kind: 'Issuer' }),
    certificate('f', 'f-tls', ['f.lab'], { name: 'local-ca' }, 'other'),
  ];

  test('each server: a redirect only over plain protocols, TLS 1.2+ terminated with a certificate of the internal CA naming its hosts', () => {
    const found = check(sec48aTlsEndpoints, [
      ...base,
      gateway(
        https('a', 'a-tls', ['a.lab']),
        https('b', 'b-tls', ['b.lab'], { mode: 'MUTUAL', minProtocolVersion: 'TLSV1_3' }),
        { port: { number: 80, name: 'http', protocol: 'http' }, hosts: ['a.lab'], tls: { httpsRedirect: true } },
        { port: { number: 80, name: 'plain', protocol: 'HTTP' }, hosts: ['a.lab', 'b.lab'] },
        { port: { number: 81, protocol: 'GRPC' }, hosts: ['g.lab'], tls: { httpsRedirect: false } },
        { port: { number: 82, name: 'tcp', protocol: 'TCP' }, hosts: ['t.lab'] },
        https('pass', 'a-tls', ['a.lab'], { mode: 'PASSTHROUGH' }),
        { port: { number: 444, name: 'none', protocol: 'HTTPS' }, hosts: ['a.lab'] },
        https('old', 'a-tls', ['a.lab'], { minProtocolVersion: 'TLSV1_1' }),
        https('unset', 'a-tls', ['a.lab'], { minProtocolVersion: undefined }),
        https('ghost', 'ghost-tls', ['a.lab']),
        https('other-ns', 'f-tls', ['f.lab']),
        https('names', 'a-tls', ['a.lab', 'x.lab', 'y.lab']),
        https('nodns', 'd-tls', ['d.lab']),
        https('self', 'c-tls', ['c.lab']),
        https('kind', 'e-tls', ['e.lab']),
        https(undefined, 'a-tls', ['a.lab']),
      ),
      gateway(),
      kubeObject('networking.istio.io/v1', 'Gateway', 'bare', 'istio-system'),
    ]);
    const at = 'Gateway/istio-system/gw: server';
    expect(found).toEqual([
      `${at} plain serves a.lab, b.lab over plain HTTP, not only a redirect to HTTPS`,
      `${at} 81 serves g.lab over plain GRPC, not only a redirect to HTTPS`,
      `${at} tcp serves t.lab over plain TCP, not only a redirect to HTTPS`,
      `${at} pass does not terminate TLS (mode PASSTHROUGH)`,
      `${at} none does not terminate TLS (mode unset)`,
      `${at} old accepts TLS older than 1.2 (minProtocolVersion TLSV1_1)`,
      `${at} unset accepts TLS older than 1.2 (minProtocolVersion unset)`,
      `${at} ghost uses Secret ghost-tls, which no Certificate in istio-system issues`,
      `${at} other-ns uses Secret f-tls, which no Certificate in istio-system issues`,
      `${at} names: certificate a does not name x.lab, y.lab`,
      `${at} nodns: certificate d does not name d.lab`,
      `${at} self: certificate c is not issued by the internal CA (ClusterIssuer self)`,
      `${at} kind: certificate e is not issued by the internal CA (Issuer platform-ca)`,
    ]);
  });
});

describe('PLT-05 one way in', () => {
  const gateway = (name: string, namespace = 'istio-system', selector: Record<string, string> | undefined = { istio: 'ingressgateway' }) =>
    kubeObject('networking.istio.io/v1', 'Gateway', name, namespace, { spec: { ...(selector ? { selector } : {}), servers: [{ hosts: ['a.lab'] }] } });
  const deny = (name: string, rules: object[], namespace = 'istio-system', rest: object = {}) =>
    kubeObject('security.istio.io/v1', 'AuthorizationPolicy', name, namespace, {
      spec: { action: 'DENY', selector: { matchLabels: { istio: 'ingressgateway' } }, rules, ...rest },
    });
  const vpnOnly = { from: [{ source: { notIpBlocks: ['10.44.0.0/24'] } }] };
  const gatewayFinding = (objects: KubeObject[]) => check(plt05VpnOnlyGateway, [gateway('gw'), ...objects]);

  test('a DENY of every address outside the VPN on the gateway’s pods, in its namespace or the mesh root', () => {
    expect(gatewayFinding([deny('vpn', [vpnOnly])])).toEqual([]);
    expect(check(plt05VpnOnlyGateway, [gateway('gw', 'edge'), deny('vpn', [vpnOnly])])).toEqual([]);
    expect(check(plt05VpnOnlyGateway, [gateway('gw', 'edge'), deny('vpn', [vpnOnly], 'edge')])).toEqual([]);
    const open = 'Gateway/istio-system/gw: is open to every address: no DENY policy on its pods admits only 10.44.0.0/24';
    expect(gatewayFinding([])).toEqual([open]);
    expect(check(plt05VpnOnlyGateway, [gateway('gw', 'edge'), deny('vpn', [vpnOnly], 'elsewhere')])).toEqual([open.replace('istio-system', 'edge')]);
    expect(gatewayFinding([deny('vpn', [vpnOnly], 'istio-system', { action: 'ALLOW' })])).toEqual([open]);
    expect(
      gatewayFinding([kubeObject('security.istio.io/v1', 'PeerAuthentication', 'vpn', 'istio-system', { spec: { action: 'DENY', rules: [vpnOnly] } })]),
    ).toEqual([open]);
    expect(gatewayFinding([deny('vpn', [vpnOnly], 'istio-system', { selector: { matchLabels: { istio: 'eastwest' } } })])).toEqual([open]);
    expect(gatewayFinding([deny('vpn', [vpnOnly], 'istio-system', { selector: undefined })])).toEqual([]);
    expect(gatewayFinding([deny('none', [])])).toEqual([open]);
    expect(gatewayFinding([deny('bare', undefined as never)])).toEqual([open]);
    expect(check(plt05VpnOnlyGateway, [gateway('gw', 'istio-system', {}), deny('vpn', [vpnOnly])])).toEqual([open]);
    const noRange = plt05VpnOnlyGateway.check({ objects: [gateway('gw')], stacks: [], facts: { ...facts, vpnRanges: undefined } });
    expect(noRange.map((v) => v.message)).toEqual(['is open to every address: no DENY policy on its pods admits only the VPN range']);
  });

  test('a DENY rule that is not VPN-only says why', () => {
    const problem = (rule: object) => gatewayFinding([deny('vpn', [rule])]);
    const at = 'Gateway/istio-system/gw:';
    expect(problem({ from: [{ source: { notRemoteIpBlocks: ['10.44.0.0/24'] } }] })).toEqual([
      `${at} checks notRemoteIpBlocks, a client address taken from forwarded headers, not the connection’s own address`,
    ]);
    expect(problem({ from: [{ source: { notIpBlocks: ['10.44.0.0/24'], principals: ['x'] } }] })).toEqual([
      `${at} narrows its VPN-only rule to some sources (notIpBlocks, principals)`,
    ]);
    expect(problem({ ...vpnOnly, to: [{ operation: { ports: ['443'] } }] })).toEqual([
      `${at} applies its VPN-only rule to some listeners, hosts or paths only`,
    ]);
    expect(problem({ ...vpnOnly, when: [{ key: 'request.headers[x]' }] })).toEqual([`${at} applies its VPN-only rule to some listeners, hosts or paths only`]);
    expect(problem({ from: [{ source: { notIpBlocks: ['10.0.0.0/8'] } }] })).toEqual([`${at} admits 10.0.0.0/8, outside the VPN range`]);
    expect(problem({ from: [{ source: { ipBlocks: ['1.2.3.4'] } }] })).toEqual([
      `${at} is open to every address: no DENY policy on its pods admits only 10.44.0.0/24`,
    ]);
    expect(problem({ from: [vpnOnly.from[0], vpnOnly.from[0]] })).toEqual([
      `${at} is open to every address: no DENY policy on its pods admits only 10.44.0.0/24`,
    ]);
    expect(problem({ from: [{}] })).toEqual([`${at} is open to every address: no DENY policy on its pods admits only 10.44.0.0/24`]);
    expect(problem({})).toEqual([`${at} is open to every address: no DENY policy on its pods admits only 10.44.0.0/24`]);
    expect(gatewayFinding([deny('vpn', [{ from: [{ source: { notIpBlocks: ['10.0.0.0/8'] } }] }, vpnOnly])])).toEqual([]);
  });

  test('Ingresses and Gateway API gateways are second ways in; routes bind to defined gateways and their hosts', () => {
    const route = (name: string, gateways: string[] | undefined, hosts?: string[]) =>
      kubeObject('networking.istio.io/v1', 'VirtualService', name, 'istio-system', {
        spec: { ...(gateways ? { gateways } : {}), ...(hosts ? { hosts } : {}) },
      });
    expect(
      check(plt05VpnOnlyGateway, [
        gateway('gw'),
        deny('vpn', [vpnOnly]),
        kubeObject('networking.k8s.io/v1', 'Ingress', 'i', 'x'),
        kubeObject('gateway.networking.k8s.io/v1', 'Gateway', 'api', 'x'),
        route('ok', ['gw', 'mesh'], ['a.lab']),
        route('ghost', ['istio-system/ghost'], ['a.lab']),
        route('wild', ['istio-system/gw'], ['*.lab', 'b.lab']),
        route('mesh', ['mesh'], ['*']),
        route('bare', undefined),
        route('nohosts', ['gw']),
      ]),
    ).toEqual([
      'Ingress/x/i: serves around the platform gateway (an Ingress)',
      'Gateway/x/api: is a second gateway (Gateway API) beside the platform gateway',
      'VirtualService/istio-system/ghost: binds to gateway istio-system/ghost, which the platform does not define',
      'VirtualService/istio-system/wild: serves any host matching *.lab on istio-system/gw',
      'VirtualService/istio-system/wild: serves b.lab, for which istio-system/gw has no server',
    ]);
  });
});

describe('SEC-48b STRICT mutual TLS', () => {
  const peer = (name: string, namespace: string, spec?: Record<string, unknown>, reason?: string) =>
    kubeObject('security.istio.io/v1', 'PeerAuthentication', name, namespace, {
      ...(reason !== undefined ? { metadata: { annotations: { 'mlops-platform.io/plaintext-reason': reason } } } : {}),
      ...(spec ? { spec } : {}),
    });
  const strict = (namespace: string) => peer('default', namespace, { mtls: { mode: 'STRICT' } });
  const kubeflowObject = kubeObject('v1', 'ConfigMap', 'cm', 'kubeflow');

  test('kubeflow (when anything is there) and every tenant namespace, by their own policy or the mesh’s', () => {
    expect(check(sec48bStrictMtls, [tenantNamespaceObject('alice'), strict('alice'), kubeflowObject, strict('kubeflow')])).toEqual([]);
    expect(check(sec48bStrictMtls, [tenantNamespaceObject('alice'), kubeflowObject, strict('istio-system')])).toEqual([]);
    expect(
      check(sec48bStrictMtls, [
        tenantNamespaceObject('bob'),
        tenantNamespaceObject('alice'),
        kubeflowObject,
        peer('mesh', 'istio-system', { mtls: { mode: 'PERMISSIVE' } }),
      ]),
    ).toEqual([
      'Namespace//alice: has no STRICT PeerAuthentication, and the mesh has none',
      'Namespace//bob: has no STRICT PeerAuthentication, and the mesh has none',
      'Namespace//kubeflow: has no STRICT PeerAuthentication, and the mesh has none',
    ]);
    expect(check(sec48bStrictMtls, [kubeObject('v1', 'ConfigMap', 'cm', 'mlflow')])).toEqual([]);
    expect(
      check(sec48bStrictMtls, [
        tenantNamespaceObject('alice'),
        peer('sel', 'istio-system', { selector: { matchLabels: { a: 'b' } }, mtls: { mode: 'STRICT' } }),
      ]),
    ).toEqual(['Namespace//alice: has no STRICT PeerAuthentication, and the mesh has none']);
    expect(check(sec48bStrictMtls, [tenantNamespaceObject('alice'), peer('unset', 'alice', {}), peer('bare', 'alice')])).toEqual([
      'Namespace//alice: has no STRICT PeerAuthentication, and the mesh has none',
    ]);
    expect(
      check(sec48bStrictMtls, [tenantNamespaceObject('alice'), kubeObject('v1', 'ConfigMap', 'default', 'alice', { spec: { mtls: { mode: 'STRICT' } } })]),
    ).toEqual(['Namespace//alice: has no STRICT PeerAuthentication, and the mesh has none']);
  });

  test('a namespace-wide weaker mode fails even beside a STRICT one', () => {
    expect(
      check(sec48bStrictMtls, [
        tenantNamespaceObject('alice'),
        strict('alice'),
        peer('open', 'alice', { mtls: { mode: 'PERMISSIVE' } }),
        strict('istio-system'),
      ]),
    ).toEqual(['PeerAuthentication/alice/open: lets every workload in alice accept plain text (mode PERMISSIVE)']);
    expect(check(sec48bStrictMtls, [tenantNamespaceObject('alice'), peer('off', 'alice', { mtls: { mode: 'DISABLE' } })])).toEqual([
      'PeerAuthentication/alice/off: lets every workload in alice accept plain text (mode DISABLE)',
    ]);
  });

  test('a workload or port exception in a covered namespace needs a reason of 20 characters', () => {
    const selector = { matchLabels: { app: 'x' } };
    const reason = '12345678901234567890';
    const found = check(sec48bStrictMtls, [
      tenantNamespaceObject('alice'),
      strict('alice'),
      peer('all', 'alice', { selector, mtls: { mode: 'PERMISSIVE' } }),
      peer('ports', 'alice', { selector, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'DISABLE' }, 9090: { mode: 'STRICT' }, 9091: {} } }),
      peer('both', 'alice', { selector, mtls: { mode: 'DISABLE' }, portLevelMtls: { 8080: { mode: 'PERMISSIVE' } } }, '  short  '),
      peer('reasoned', 'alice', { selector, mtls: { mode: 'PERMISSIVE' } }, reason),
      peer('reasoned-trim', 'alice', { selector, mtls: { mode: 'PERMISSIVE' } }, ` ${reason.slice(1)} `),
      peer('strict', 'alice', { selector, mtls: { mode: 'STRICT' } }),
      peer('elsewhere', 'mlflow', { selector, mtls: { mode: 'DISABLE' } }),
      kubeObject('v1', 'ConfigMap', 'lookalike', 'alice', { spec: { selector, mtls: { mode: 'PERMISSIVE' } } }),
    ]);
    const annotation = 'mlops-platform.io/plaintext-reason';
    expect(found).toEqual([
      `PeerAuthentication/alice/all: accepts plain text on every port without a reason (annotation ${annotation})`,
      `PeerAuthentication/alice/ports: accepts plain text on port 8080 without a reason (annotation ${annotation})`,
      `PeerAuthentication/alice/both: accepts plain text on every port, port 8080 without a reason (annotation ${annotation})`,
      `PeerAuthentication/alice/reasoned-trim: accepts plain text on every port without a reason (annotation ${annotation})`,
    ]);
  });
});

describe('SEC-48d object store encryption', () => {
  const store = (spec?: Record<string, unknown>, apiVersion = 'minio.min.io/v2') =>
    kubeObject(apiVersion, 'Tenant', 'store', 'object-store', spec ? { spec } : {});
  const tls = { externalCertSecret: [{ name: 'minio-tls' }], requestAutoCert: false };
  test.each([
    [{ env: [{ name: 'MINIO_KMS_SECRET_KEY' }], ...tls }, []],
    [{ env: [{ name: 'MINIO_KMS_SECRET_KEY_FILE' }], ...tls }, []],
    [{ env: [{ name: 'MINIO_KMS_KES_ENDPOINT' }], ...tls }, []],
    [{ kes: { image: 'kes' }, ...tls }, []],
    [{ env: [{ name: 'XMINIO_KMS_SECRET_KEY' }, { name: 'MINIO_KMS_SECRET_KEY_X' }], ...tls }, ['has no KMS key (objects would be stored unencrypted)']],
    [{ env: [{ name: 'MINIO_KMS_SECRET_KEY' }], externalCertSecret: [{ name: 'minio-tls' }] }, ['does not serve a cert-manager certificate']],
    [{ env: [{ name: 'MINIO_KMS_SECRET_KEY' }], externalCertSecret: [], requestAutoCert: false }, ['does not serve a cert-manager certificate']],
    [{ env: [{ name: 'MINIO_KMS_SECRET_KEY' }], requestAutoCert: false }, ['does not serve a cert-manager certificate']],
    [undefined, ['has no KMS key (objects would be stored unencrypted)', 'does not serve a cert-manager certificate']],
  ])('%j', (spec, problems) => {
    expect(check(sec48dObjectStoreEncryption, [store(spec)])).toEqual(problems.map((p) => `Tenant/object-store/store: ${p}`));
  });

  test('another group’s Tenant is not MinIO’s', () => {
    expect(check(sec48dObjectStoreEncryption, [store(undefined, 'other.io/v1')])).toEqual([]);
  });
});

describe('SEC-39, SEC-42, REL-02 and SEC-35', () => {
  test('tenant namespaces enforce, warn and audit restricted at a pinned version', () => {
    const psa = (labels: Record<string, string>) => tenantNamespaceObject('alice', labels);
    const all = {
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.31',
    };
    expect(check(sec39PodSecurityLabels, [psa(all), kubeObject('v1', 'Namespace', 'platform', undefined)])).toEqual([]);
    expect(
      check(sec39PodSecurityLabels, [psa({ ...all, 'pod-security.kubernetes.io/warn': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'latest' })]),
    ).toEqual([
      'Namespace//alice: pod-security.kubernetes.io/warn is "baseline", not "restricted"',
      'Namespace//alice: pod-security.kubernetes.io/enforce-version is "latest", not a pinned version',
    ]);
    expect(check(sec39PodSecurityLabels, [psa({})])).toEqual([
      'Namespace//alice: pod-security.kubernetes.io/enforce is null, not "restricted"',
      'Namespace//alice: pod-security.kubernetes.io/warn is null, not "restricted"',
      'Namespace//alice: pod-security.kubernetes.io/audit is null, not "restricted"',
      'Namespace//alice: pod-security.kubernetes.io/enforce-version is null, not a pinned version',
    ]);
    expect(check(sec39PodSecurityLabels, [psa({ ...all, 'pod-security.kubernetes.io/enforce-version': 'v1.31.2' })])).toHaveLength(1);
  });

  test('peers select namespaces by name, in ingress and egress', () => {
    const byName = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mlflow' } } };
    const policy = (name: string, spec: Record<string, unknown>) => kubeObject('networking.k8s.io/v1', 'NetworkPolicy', name, 'x', { spec });
    expect(
      check(sec42NamespaceSelector, [
        policy('ok', { ingress: [{ from: [byName, { podSelector: {} }] }, {}], egress: [{ to: [byName] }, {}] }),
        policy('empty', { ingress: [{ from: [{ namespaceSelector: {} }] }] }),
        policy('label', { egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'a' } } }] }] }),
        policy('bare', {}),
      ]),
    ).toEqual([
      'NetworkPolicy/x/empty: has namespaceSelector {} instead of one naming kubernetes.io/metadata.name',
      'NetworkPolicy/x/label: has namespaceSelector {"matchLabels":{"team":"a"}} instead of one naming kubernetes.io/metadata.name',
    ]);
  });

  test('StatefulSets keep their volumes when deleted or scaled down', () => {
    const set = (name: string, policy?: Record<string, string>) =>
      kubeObject('apps/v1', 'StatefulSet', name, 'x', { spec: policy ? { persistentVolumeClaimRetentionPolicy: policy } : {} });
    expect(
      check(rel02ClaimRetention, [
        set('unset'),
        set('retain', { whenDeleted: 'Retain', whenScaled: 'Retain' }),
        set('deleted', { whenDeleted: 'Delete' }),
        set('scaled', { whenScaled: 'Delete' }),
        kubeObject('apps/v1', 'Deployment', 'd', 'x', { spec: { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' } } }),
      ]),
    ).toEqual(['StatefulSet/x/deleted: deletes its volumes with the StatefulSet', 'StatefulSet/x/scaled: deletes its volumes with the StatefulSet']);
  });

  test('exec and attach only through a Role bound in the namespace', () => {
    const rbac = 'rbac.authorization.k8s.io/v1';
    const exec = [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }];
    const attach = [{ apiGroups: [''], resources: ['pods/attach'], verbs: ['get'] }];
    const user = [{ kind: 'User', name: 'alice@lab' }];
    const objects = [
      kubeObject(rbac, 'Role', 'exec', 'alice', { rules: exec }),
      kubeObject(rbac, 'ClusterRole', 'exec', undefined, { rules: exec }),
      kubeObject(rbac, 'ClusterRole', 'attach', undefined, { rules: attach }),
      kubeObject(rbac, 'ClusterRole', 'logs', undefined, { rules: [{ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] }] }),
      kubeObject(rbac, 'RoleBinding', 'own', 'alice', { roleRef: { kind: 'Role', name: 'exec' }, subjects: user }),
      kubeObject(rbac, 'RoleBinding', 'cluster-role', 'alice', { roleRef: { kind: 'ClusterRole', name: 'exec' }, subjects: user }),
      kubeObject(rbac, 'ClusterRoleBinding', 'wide', undefined, { roleRef: { kind: 'ClusterRole', name: 'attach' }, subjects: user }),
      kubeObject(rbac, 'ClusterRoleBinding', 'logs', undefined, { roleRef: { kind: 'ClusterRole', name: 'logs' }, subjects: user }),
    ];
    expect(check(sec35ExecInOwnNamespace, objects)).toEqual([
      'RoleBinding/alice/cluster-role: grants exec or attach outside a namespaced Role',
      'ClusterRoleBinding//wide: grants exec or attach outside a namespaced Role',
    ]);
  });
});

describe('PLT-06 MLflow authorization', () => {
  const server = (container: Record<string, unknown>, namespace = 'mlflow') =>
    kubeObject('apps/v1', 'Deployment', 'mlflow', namespace, {
      spec: { template: { metadata: { labels: { app: 'mlflow' } }, spec: { containers: [{ name: 'm', ...container }] } } },
    });
  const secure = 'mlflow server --enable-workspaces --app-name kubernetes-auth';
  const trusts = { env: [{ name: 'MLFLOW_K8S_AUTH_AUTHORIZATION_MODE', value: 'subject_access_review' }] };
  const policy = (name: string, spec: Record<string, unknown>) =>
    kubeObject('networking.k8s.io/v1', 'NetworkPolicy', name, 'mlflow', { spec: { podSelector: { matchLabels: { app: 'mlflow' } }, ...spec } });
  const gatewayOnly = [{ from: [{ ipBlock: { cidr: '10.10.0.5/32' } }] }];
  const trustsMessage = (name: string) =>
    `Deployment/mlflow/mlflow: container m trusts forwarded identity headers, and NetworkPolicy ${name} admits pods, not only the gateway`;

  test('the server command, from command or args, needs workspaces and the kubernetes-auth app', () => {
    const without = 'Deployment/mlflow/mlflow: container m runs MLflow without workspaces and Kubernetes authorization';
    expect(check(plt06MlflowAuthorization, [server({ command: ['mlflow', 'server', '--enable-workspaces'], args: ['--app-name=kubernetes-auth'] })])).toEqual(
      [],
    );
    expect(check(plt06MlflowAuthorization, [server({ args: [secure] })])).toEqual([]);
    expect(check(plt06MlflowAuthorization, [server({ command: ['sh', '-c', 'exec mlflow server --app-name kubernetes-authz --enable-workspaces'] })])).toEqual([
      without,
    ]);
    expect(check(plt06MlflowAuthorization, [server({ command: ['mlflow', 'server'] })])).toEqual([without]);
    expect(check(plt06MlflowAuthorization, [server({ command: ['mlflow', 'db', 'upgrade'] }), server({})])).toEqual([]);
  });

  test('a server trusting headers: every Ingress policy on its pods admits addresses only', () => {
    expect(check(plt06MlflowAuthorization, [server({ args: [secure], ...trusts }), policy('ok', { policyTypes: ['Ingress'], ingress: gatewayOnly })])).toEqual(
      [],
    );
    expect(check(plt06MlflowAuthorization, [server({ args: [secure], ...trusts }), policy('default', { ingress: gatewayOnly })])).toEqual([]);
    expect(check(plt06MlflowAuthorization, [server({ args: [secure], ...trusts }), policy('open', { ingress: [{ ports: [{ port: 5000 }] }] })])).toEqual([
      trustsMessage('open'),
    ]);
    expect(check(plt06MlflowAuthorization, [server({ args: [secure], ...trusts }), policy('empty-from', { ingress: [{ from: [] }] })])).toEqual([
      trustsMessage('empty-from'),
    ]);
    expect(
      check(plt06MlflowAuthorization, [
        server({ args: [secure], ...trusts }),
        policy('mixed', { ingress: [...gatewayOnly, { from: [{ ipBlock: { cidr: '10.0.0.1/32' } }, { podSelector: {} }] }] }),
      ]),
    ).toEqual([trustsMessage('mixed')]);
    expect(check(plt06MlflowAuthorization, [server({ args: [secure], ...trusts }), policy('egress', { policyTypes: ['Egress'], ingress: [{}] })])).toEqual([]);
    expect(
      check(plt06MlflowAuthorization, [
        server({ args: [secure], ...trusts }),
        policy('other', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{}] }),
      ]),
    ).toEqual([]);
    expect(check(plt06MlflowAuthorization, [server({ args: [secure], ...trusts }), policy('bare', {})])).toEqual([]);
    const elsewhere = kubeObject('networking.k8s.io/v1', 'NetworkPolicy', 'x', 'other', {
      spec: { podSelector: { matchLabels: { app: 'mlflow' } }, ingress: [{}] },
    });
    expect(check(plt06MlflowAuthorization, [server({ args: [secure], ...trusts }), elsewhere])).toEqual([]);
    const halfTrust = {
      env: [
        { name: 'MLFLOW_K8S_AUTH_AUTHORIZATION_MODE', value: 'self_subject_access_review' },
        { name: 'OTHER', value: 'subject_access_review' },
      ],
    };
    expect(check(plt06MlflowAuthorization, [server({ args: [secure], ...halfTrust }), policy('open', { ingress: [{}] })])).toEqual([]);
  });
});

describe('SEC-47 quotas within capacity', () => {
  const capacity = { gpus: 2, cpu: 8, memory: 16 * 2 ** 30, pools: [{ name: 'a100', gpus: 2, detail: '1 node x 2 GPUs' }] };
  const withCapacity = (overcommit = { gpus: 1, cpu: 1, memory: 1 }, pools = capacity.pools) =>
    ({ ...facts, capacity: { ...capacity, pools }, overcommit }) as GuardrailFacts;
  const quota = (namespace: string, hard?: Record<string, string>) => kubeObject('v1', 'ResourceQuota', 'q', namespace, hard ? { spec: { hard } } : {});
  const workload = (namespace: string, resources: Record<string, unknown>, replicas = 1) =>
    kubeObject('apps/v1', 'Deployment', `w-${namespace}`, namespace, {
      spec: { replicas, template: { spec: { containers: [{ name: 'c', resources }, { name: 'd' }] } } },
    });
  const run = (objects: KubeObject[], f = withCapacity()) =>
    sec47QuotaWithinCapacity.check({ objects, stacks: [], facts: f }).map((v) => `${v.object}: ${v.message}`);

  test('tenant quotas plus platform pods (requests, else limits) up to capacity x overcommit', () => {
    const objects = [
      tenantNamespaceObject('alice'),
      quota('alice', { 'requests.nvidia.com/gpu': '1', 'requests.cpu': '4', 'requests.memory': '8Gi' }),
      quota('alice'),
      quota('mlflow', { 'requests.nvidia.com/gpu': '9' }),
      workload('alice', { requests: { 'nvidia.com/gpu': '9' } }),
      workload('mlflow', { limits: { 'nvidia.com/gpu': '1', cpu: '2', memory: '4Gi' } }, 2),
    ];
    // Memory is at capacity exactly (8Gi + 2 x 4Gi), which fits; the tenant's own pod counts inside its quota.
    expect(run(objects)).toEqual([
      'ClusterCapacity//gpus: GPU quotas add up to 3 (tenants 1, platform workloads 2), but capacity is 2 (a100: 1 node x 2 GPUs = 2) x guardrails.gpuOvercommit 1 = 2',
    ]);
    expect(run(objects, withCapacity({ gpus: 1.5, cpu: 1, memory: 1 }))).toEqual([]);
    expect(run([workload('mlflow', { requests: { cpu: '6', memory: '20Gi' }, limits: { cpu: '1' } })])).toEqual([
      'ClusterCapacity//memory: memory quotas add up to 20Gi (tenants 0, platform workloads 20Gi), but capacity is 16Gi x guardrails.memoryOvercommit 1 = 16Gi',
    ]);
    expect(run([workload('mlflow', { requests: { cpu: '9' } })])).toEqual([
      'ClusterCapacity//cpu: CPU quotas add up to 9 (tenants 0, platform workloads 9), but capacity is 8 x guardrails.cpuOvercommit 1 = 8',
    ]);
    expect(run([workload('mlflow', { requests: { cpu: '8' } })])).toEqual([]);
    expect(run([workload('mlflow', { requests: { 'nvidia.com/gpu': '3' } })], withCapacity(undefined, []))).toEqual([
      'ClusterCapacity//gpus: GPU quotas add up to 3 (tenants 0, platform workloads 3), but capacity is 2 (no GPU pools) x guardrails.gpuOvercommit 1 = 2',
    ]);
  });
});
