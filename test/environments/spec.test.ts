import { ValidationError } from '../../constructs/lib/problems';
import { dev } from '../../environments/dev';
import { onprem } from '../../environments/onprem';
import { validateSpec } from '../../environments/spec';
import { copyOf } from '../support/synth';

/** The problems validateSpec reports for `spec`; fails the test when it accepts it. */
function problemsOf(spec: unknown): readonly string[] {
  try {
    validateSpec(spec);
  } catch (error) {
    if (error instanceof ValidationError) return error.problems;
    throw error;
  }
  throw new Error('the spec was accepted');
}

type Mutation = (spec: any) => void;

const BAD_SPECS: [string, Mutation, string][] = [
  ['a fractional GPU quota', (s) => (s.users[1].quota.gpus = 1.5), 'users[1].quota.gpus: must be a whole number >= 0, got 1.5'],
  ['a negative GPU quota', (s) => (s.users[0].quota.gpus = -1), 'users[0].quota.gpus: must be a whole number >= 0, got -1'],
  ['a malformed CPU quantity', (s) => (s.users[0].quota.cpu = 'eight'), 'users[0].quota.cpu: must be a Kubernetes quantity such as "8", "500m" or "64Gi", got "eight"'],
  ['a malformed memory quantity', (s) => (s.users[2].quota.memory = '4GB'), 'users[2].quota.memory: must be a Kubernetes quantity'],
  ['a user name that is not a DNS label', (s) => (s.users[0].name = 'Alice.Smith'), 'users[0].name: must be a DNS label'],
  ['a user name starting with kube-', (s) => (s.users[0].name = 'kube-alice'), 'users[0].name: must not start with "kube-"'],
  ['a user named after a platform namespace', (s) => (s.users[1].name = 'mlflow'), 'users[1].name: is a reserved namespace of Kubernetes or the platform, got "mlflow"'],
  ['a user named default', (s) => (s.users[1].name = 'default'), 'users[1].name: is a reserved namespace'],
  ['two users with one name', (s) => (s.users[2].name = s.users[0].name), 'users[2].name: must be unique among users, got "alice"'],
  ['two users with one email', (s) => (s.users[2].email = s.users[0].email.toUpperCase()), 'users[2].email: must be unique among users'],
  ['an unknown role', (s) => (s.users[0].role = 'owner'), 'users[0].role: must be "admin", "data-scientist" or "viewer", got "owner"'],
  ['an invalid email', (s) => (s.users[0].email = 'alice'), 'users[0].email: must be an email address, got "alice"'],
  ['an unknown field in a user', (s) => (s.users[0].gpu = 1), 'users[0].gpu: is not a known field'],
  ['an unknown top-level field', (s) => (s.clusterName = 'x'), 'clusterName: is not a known field'],
  ['a missing quota', (s) => delete s.users[0].quota, 'users[0].quota: is required'],
  ['no users', (s) => (s.users = []), 'users: must list at least one user'],
  ['users that are not a list', (s) => (s.users = 'alice'), 'users: must be a list of users'],
  ['an environment name with capitals', (s) => (s.name = 'Dev'), 'name: must be a DNS label'],
  ['an unknown state backend', (s) => (s.state = { backend: 'consul' }), 'state.backend: must have backend "local", "kubernetes" or "s3"'],
  ['an unpinned Kubernetes version', (s) => (s.kubernetes.version = 'latest'), 'kubernetes.version: must be a Kubernetes minor version such as "1.31", got "latest"'],
  ['a GPU pool without nodes', (s) => (s.gpuPools[0].nodes = []), 'gpuPools[0].nodes: must list at least one node'],
  ['a node in two GPU pools', (s) => s.gpuPools.push({ ...s.gpuPools[0], name: 'second' }), 'gpuPools[1].nodes[0]: is already in another GPU pool, got "ws-gpu01"'],
  ['time-slicing with one replica', (s) => (s.gpuPools[0].sharing = { mode: 'time-slicing', replicas: 1 }), 'gpuPools[0].sharing.replicas: must be a whole number from 2 to 48, got 1'],
  ['an unknown MIG profile', (s) => (s.gpuPools[0].sharing = { mode: 'mig', profile: 'half' }), 'gpuPools[0].sharing.profile: must be a MIG profile such as "1g.10gb", got "half"'],
  ['GPU quotas without GPU pools', (s) => (s.gpuPools = []), 'users[0].quota.gpus: needs a GPU pool, but gpuPools is empty, got 1'],
  ['a relative NFS share', (s) => (s.storage.nfs.share = 'export'), 'storage.nfs.share: must be an absolute path, got "export"'],
  ['an unstated NAS encryption', (s) => delete s.storage.nfs.encryptedAtRest, 'storage.nfs.encryptedAtRest: is required'],
  ['a VPN CIDR with host bits', (s) => (s.vpn.cidr = '10.44.0.1/24'), 'vpn.cidr: must be an IPv4 CIDR such as "10.44.0.0/24", got "10.44.0.1/24"'],
  ['a VPN CIDR too small for the peers', (s) => (s.vpn.cidr = '10.44.0.0/30'), 'vpn.cidr: is too small: it holds 1 peers besides the gateway, and 3 users have VPN keys'],
  ['a duplicate VPN key', (s) => (s.users[1].vpnPublicKey = s.users[0].vpnPublicKey), 'users[1].vpnPublicKey: must be unique among users'],
  ['a VPN private key in place of a public key', (s) => (s.users[0].vpnPublicKey = 'not-a-key'), 'users[0].vpnPublicKey: must be a WireGuard public key'],
  ['a private key pasted as a Secret name', (s) => (s.mlflow.auth.adminSecret = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn'), 'mlflow.auth.adminSecret: looks like a private key'],
  ['a password inside a URL', (s) => (s.objectStore = { kind: 'external-s3', endpoint: 'https://admin:hunter2@s3.lab.internal', credentialsSecret: 's3-creds' }), 'objectStore.endpoint: looks like a URL with a password'],
  ['a FastAPI server without an image', (s) => (s.serving = [{ name: 'api', model: 'm/1', runtime: 'fastapi' }]), 'serving[0].image: is required when runtime is "fastapi"'],
  ['a suppression without a reason', (s) => (s.guardrails = { suppressions: [{ rule: 'SEC-44', object: 'Service/vpn/wireguard', reason: 'because' }] }), 'guardrails.suppressions[0].reason: must explain why (at least 10 characters)'],
  ['a suppression of an unknown rule format', (s) => (s.guardrails = { suppressions: [{ rule: 'no-privileged', object: 'Service/vpn/wireguard', reason: 'the VPN gateway needs it' }] }), 'guardrails.suppressions[0].rule: must be a guardrail ID such as "SEC-44"'],
  ['an overcommit below 1', (s) => (s.guardrails = { gpuOvercommit: 0.5 }), 'guardrails.gpuOvercommit: must be a number >= 1, got 0.5'],
  ['a Kerberos mount option without Kerberos', (s) => (s.storage.nfs.mountOptions = ['nfsvers=4.1', 'sec=krb5p']), 'storage.nfs.mountOptions[1]: needs storage.nfs.kerberos: true, got "sec=krb5p"'],
  [
    'MIG pools with different strategies',
    (s) =>
      s.gpuPools.push(
        { ...s.gpuPools[0], name: 'mig-a', nodes: ['mig-01'], sharing: { mode: 'mig', profile: '1g.10gb', strategy: 'single' } },
        { ...s.gpuPools[0], name: 'mig-b', nodes: ['mig-02'], sharing: { mode: 'mig', profile: '1g.10gb', strategy: 'mixed' } },
      ),
    'gpuPools[2].sharing.strategy: must be the same for every MIG pool',
  ],
  ['an unknown chart in the overrides', (s) => (s.charts = { nginx: { version: '1.0.0' } }), 'charts.nginx: is not a known field'],
  ['a VPN address outside the range', (s) => (s.users[0].vpnAddress = '10.45.0.9'), 'users[0].vpnAddress: must be a peer address inside 10.44.0.0/24'],
  ['a VPN address without a key', (s) => { delete s.users[2].vpnPublicKey; s.users[2].vpnAddress = '10.44.0.9'; }, 'users[2].vpnAddress: needs a vpnPublicKey'],
  ['two users pinned to one VPN address', (s) => { s.users[0].vpnAddress = '10.44.0.9'; s.users[1].vpnAddress = '10.44.0.9'; }, "users[1].vpnAddress: is needed: the derived VPN address 10.44.0.9 is alice's; pin a free one such as"],
  ['a model server on an unknown pool', (s) => (s.serving = [{ name: 'm', model: 'm/1', runtime: 'tf-serving', gpu: 1, pool: 'nope' }]), 'serving[0].pool: must name a GPU pool, got "nope"'],
  ['an autoscaler bound below the replicas', (s) => (s.serving = [{ name: 'm', model: 'm/1', runtime: 'tf-serving', replicas: 3, maxReplicas: 2 }]), 'serving[0].maxReplicas: must be at least replicas (3), got 2'],
  ['an unpinned FastAPI image', (s) => (s.serving = [{ name: 'm', model: 'm/1', runtime: 'fastapi', image: 'registry.lab/api:latest' }]), 'serving[0].image: must pin a tag other than latest'],
  ['Kubeflow without a chart repository', (s) => delete s.kubeflow.chartRepository, 'kubeflow.chartRepository: is required: Kubeflow publishes kustomize manifests'],
  ['Kubeflow without single sign-on', (s) => delete s.access, 'access.oidc: is required when Kubeflow is on'],
  ['Kubeflow without an active admin', (s) => (s.users[0].role = 'data-scientist'), 'users: must include an active admin when Kubeflow is on'],
  ['a tuning user without GPUs', (s) => (s.kubeflow.tuning = { image: 'registry.lab/train:1.0.0', users: ['carol'] }), 'kubeflow.tuning.users[0]: must name an active user who may run jobs and has a GPU quota, got "carol"'],
  ['an unpinned notebook image', (s) => (s.kubeflow.notebookImages = ['jupyter:latest']), 'kubeflow.notebookImages[0]: must pin a tag other than latest'],
  ['a wrong type for a flag', (s) => (s.storage.nfs.kerberos = 'yes'), 'storage.nfs.kerberos: must be true or false, got "yes"'],
];

describe('validateSpec', () => {
  test.each(BAD_SPECS)('fails for %s', (_, mutate, expected) => {
    const spec = copyOf(dev);
    mutate(spec);
    expect(problemsOf(spec)).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });

  test('fails with every problem at once, each naming its field path', () => {
    const spec = copyOf(dev);
    spec.name = 'Dev';
    spec.users[0].quota.gpus = 0.5;
    spec.users[1].role = 'root';
    spec.storage.nfs.server = 'nas!';
    expect(problemsOf(spec)).toEqual([
      'name: must be a DNS label (at most 63 characters of a-z, 0-9 and -, starting and ending with a letter or digit), got "Dev"',
      'storage.nfs.server: must be a DNS name or an IP address, got "nas!"',
      'users[0].quota.gpus: must be a whole number >= 0, got 0.5',
      'users[1].role: must be "admin", "data-scientist" or "viewer", got "root"',
    ]);
  });

  test('resolves defaults', () => {
    const spec = validateSpec(dev);
    expect(spec.registry).toEqual({});
    expect(spec.guardrails).toEqual({ gpuOvercommit: 1, cpuOvercommit: 1, memoryOvercommit: 1, allowedRegistries: [], suppressions: [] });
    expect(spec.users.map((u) => u.offboarded)).toEqual([false, false, false]);
    expect(spec.storage.nfs.mountOptions).toEqual(['nfsvers=4.1', 'hard', 'noatime']);
    expect(spec.state).toEqual({ backend: 'local', directory: '.' });
  });

  test('accepts quantities written as numbers, as YAML files often do', () => {
    const spec = copyOf(dev);
    spec.users[0].quota.cpu = 8;
    expect(validateSpec(spec).users[0].quota.cpu).toBe('8');
  });

  test.each([
    ['dev', dev],
    ['onprem', onprem],
  ])('the shipped environment %s is valid', (_, input) => {
    expect(() => validateSpec(input)).not.toThrow();
  });

  test('onprem is the site the design describes: three nodes of four GPUs, ten active users, a NAS and cluster state', () => {
    const spec = validateSpec(onprem);
    expect(spec.gpuPools.flatMap((p) => p.nodes)).toHaveLength(3);
    expect(spec.gpuPools.every((p) => p.gpusPerNode === 4)).toBe(true);
    expect(spec.users.filter((u) => !u.offboarded)).toHaveLength(10);
    expect(spec.state.backend).toBe('kubernetes');
    expect(spec.storage.nfs).toMatchObject({ kerberos: true, encryptedAtRest: true });
  });
});
