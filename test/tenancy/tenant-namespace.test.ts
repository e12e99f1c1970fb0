import { TenantNamespace, type TenantNamespaceProps } from '../../constructs/tenancy/tenant-namespace';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { findObject, synthConstruct } from '../support/synth';

const base: TenantNamespaceProps = {
  user: 'alice',
  email: 'alice@lab.example.org',
  access: 'data-scientist',
  quota: { gpus: 2, cpu: '16', memory: '64Gi', storage: '500Gi' },
  podSecurityVersion: 'v1.31',
};

function synth(props: Partial<TenantNamespaceProps> = {}): KubeObject[] {
  return synthConstruct((scope) => new TenantNamespace(scope, 'Tenant', { ...base, ...props }));
}

function build(props: Partial<TenantNamespaceProps>): () => void {
  return () => synth(props);
}

describe('TenantNamespace', () => {
  describe('secure defaults', () => {
    const objects = synth({
      platformEgress: [{ namespace: 'mlflow', ports: [{ port: 5000 }] }],
      ingressFromNamespaces: ['kubeflow'],
      ingressFromGateway: { ipBlock: { cidr: '10.10.0.5/32' } },
    });

    test('the namespace enforces, warns and audits Pod Security restricted at the pinned version', () => {
      expect(findObject(objects, 'Namespace', 'alice').metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.31',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'mlops-platform.io/tenant': 'alice',
        'app.kubernetes.io/part-of': 'mlops-platform',
      });
    });

    test('the quota covers compute, GPUs with the requests. prefix only, storage, claims, pods and exposed services', () => {
      expect(findObject(objects, 'ResourceQuota', 'tenant-quota', 'alice').spec.hard).toEqual({
        'requests.cpu': '16',
        'requests.memory': '64Gi',
        'limits.memory': '64Gi',
        'requests.nvidia.com/gpu': '2',
        'requests.storage': '500Gi',
        persistentvolumeclaims: '20',
        pods: '50',
        'services.nodeports': '0',
        'services.loadbalancers': '0',
      });
    });

    test('containers without requests get defaults from the LimitRange', () => {
      expect(findObject(objects, 'LimitRange', 'tenant-limits', 'alice').spec.limits).toEqual([
        { type: 'Container', default: { cpu: '2', memory: '2Gi' }, defaultRequest: { cpu: '100m', memory: '256Mi' } },
      ]);
    });

    test('all traffic is denied unless a narrower policy allows it', () => {
      expect(findObject(objects, 'NetworkPolicy', 'default-deny', 'alice').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    });

    test('DNS is allowed to kube-dns in kube-system on UDP and TCP 53', () => {
      expect(findObject(objects, 'NetworkPolicy', 'allow-dns', 'alice').spec.egress).toEqual([
        {
          to: [
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ]);
    });

    test('platform endpoints and ingress sources are selected by the immutable namespace name label', () => {
      expect(findObject(objects, 'NetworkPolicy', 'allow-platform-egress', 'alice').spec.egress).toEqual([
        { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mlflow' } } }], ports: [{ protocol: 'TCP', port: 5000 }] },
      ]);
      expect(findObject(objects, 'NetworkPolicy', 'allow-platform-ingress', 'alice').spec.ingress).toEqual([
        { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kubeflow' } } }, { ipBlock: { cidr: '10.10.0.5/32' } }] },
      ]);
    });

    test('a tenant may run no pod at the platform’s priority classes', () => {
      const reserved = synth({ reservedPriorityClasses: ['mlops-platform-critical', 'mlops-platform-data'] });
      expect(findObject(reserved, 'ResourceQuota', 'reserved-priority', 'alice').spec).toEqual({
        hard: { pods: 0 },
        scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['mlops-platform-critical', 'mlops-platform-data'] }] },
      });
      expect(objects.filter((o) => o.kind === 'ResourceQuota').map((o) => o.metadata.name)).toEqual(['tenant-quota']);
    });

    test('inside the mesh only mutual TLS is accepted', () => {
      expect(findObject(objects, 'PeerAuthentication', 'default', 'alice').spec).toEqual({ mtls: { mode: 'STRICT' } });
    });

    test('the default ServiceAccount mounts no token', () => {
      expect(findObject(objects, 'ServiceAccount', 'default', 'alice').automountServiceAccountToken).toBe(false);
    });

    test('the user is bound to the namespaced data-scientist Role by their identity', () => {
      expect(findObject(objects, 'RoleBinding', 'tenant-data-scientist-alice', 'alice')).toMatchObject({
        roleRef: { kind: 'Role', name: 'tenant-data-scientist' },
        subjects: [{ kind: 'User', name: 'alice@lab.example.org' }],
      });
    });

    test('the Role cannot write RBAC, quotas, limit ranges, network policies or namespaces, nor mint tokens', () => {
      const rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] = findObject(objects, 'Role', 'tenant-data-scientist', 'alice').rules;
      const writes = rules.filter((r) => r.verbs.some((v) => !['get', 'list', 'watch'].includes(v))).flatMap((r) => r.resources);
      expect(writes).toContain('notebooks');
      for (const forbidden of [
        'roles',
        'rolebindings',
        'resourcequotas',
        'limitranges',
        'networkpolicies',
        'namespaces',
        'serviceaccounts',
        'serviceaccounts/token',
      ]) {
        expect(writes).not.toContain(forbidden);
      }
      expect(rules.flatMap((r) => [...r.verbs, ...r.resources, ...r.apiGroups])).not.toContain('*');
    });
  });

  test('a viewer gets a read-only Role without exec or secrets', () => {
    const rules: { resources: string[]; verbs: string[] }[] = findObject(synth({ access: 'viewer' }), 'Role', 'tenant-viewer', 'alice').rules;
    expect(new Set(rules.flatMap((r) => r.verbs))).toEqual(new Set(['get', 'list', 'watch']));
    expect(rules.flatMap((r) => r.resources)).not.toContain('pods/exec');
    expect(rules.flatMap((r) => r.resources)).not.toContain('secrets');
  });

  test('an offboarded user loses the RoleBinding and compute, while the namespace and storage quota stay', () => {
    const objects = synth({ offboarded: true });
    expect(objects.filter((o) => o.kind === 'RoleBinding')).toEqual([]);
    expect(findObject(objects, 'Namespace', 'alice').metadata.labels).toMatchObject({ 'mlops-platform.io/offboarded': 'true' });
    expect(findObject(objects, 'ResourceQuota', 'tenant-quota', 'alice').spec.hard).toMatchObject({
      'requests.cpu': '0',
      'requests.nvidia.com/gpu': '0',
      pods: '0',
      'requests.storage': '500Gi',
      persistentvolumeclaims: '20',
    });
  });

  test('the default memory limit shrinks to fit a small memory quota', () => {
    const objects = synth({ quota: { ...base.quota, memory: '1Gi' } });
    expect(findObject(objects, 'LimitRange', 'tenant-limits', 'alice').spec.limits[0].default.memory).toBe('1Gi');
  });

  test('no egress or ingress policy is written when no platform endpoint is given', () => {
    const names = synth()
      .filter((o) => o.kind === 'NetworkPolicy')
      .map((o) => o.metadata.name);
    expect(names.sort()).toEqual(['allow-dns', 'allow-same-namespace', 'default-deny']);
  });

  describe('validation', () => {
    test('fails when the user name is reserved', () => {
      expect(build({ user: 'kube-system' })).toThrow('user: must not start with "kube-"');
    });
    test('fails when the user name is not a DNS label', () => {
      expect(build({ user: 'Alice_B' })).toThrow('user: must be a DNS label');
    });
    test('fails when the GPU quota is fractional', () => {
      expect(build({ quota: { ...base.quota, gpus: 1.5 } })).toThrow('quota.gpus: must be a whole number >= 0, got 1.5');
    });
    test('fails when a quantity is malformed', () => {
      expect(build({ quota: { ...base.quota, memory: 'lots' } })).toThrow('quota.memory: must be a Kubernetes quantity >= 0, got "lots"');
    });
    test('fails when the Pod Security version is not pinned', () => {
      expect(build({ podSecurityVersion: 'latest' })).toThrow('podSecurityVersion: must be a pinned version');
    });
    test('fails when the default memory limit exceeds the quota', () => {
      expect(build({ containerDefaults: { memoryLimit: '128Gi' } })).toThrow('containerDefaults.memoryLimit: must fit in the memory quota (64Gi)');
    });
    test('fails when pod and claim counts are not positive', () => {
      expect(build({ maxPods: 0, maxPersistentVolumeClaims: -1 })).toThrow(/maxPods: must be a whole number >= 1, got 0\n.*maxPersistentVolumeClaims/);
    });
    test('fails when a platform endpoint lists no port', () => {
      expect(build({ platformEgress: [{ namespace: 'mlflow', ports: [] }] })).toThrow('platformEgress[0].ports: must list at least one port');
    });
    test('fails with every problem at once', () => {
      expect(build({ user: 'default', quota: { gpus: -1, cpu: 'x', memory: '1Gi', storage: '1Gi' } })).toThrow(
        /user: is a reserved namespace[\s\S]*quota\.gpus[\s\S]*quota\.cpu/,
      );
    });
  });
});
