import { Construct } from 'constructs';
import { plannedBuckets } from '../../constructs/policy/bucket-plan';
import { addGuardrailExemption, guardrailExemptions } from '../../constructs/policy/exemptions';
import { type GuardrailFacts, terraformMetadata, terraformResources } from '../../constructs/policy/guardrail';
import { gatewayHosts, istioGateways, rangesInside, resolveGateway, selectsPods } from '../../constructs/policy/mesh';
import { allRoleRules, effectiveRules, grants, tenantGrants } from '../../constructs/policy/rbac';
import { kubeObject, tenantNamespaceObject } from '../support/objects';

const facts = { adminGroups: ['mlops-admins'] } as unknown as GuardrailFacts;
const RBAC = 'rbac.authorization.k8s.io/v1';

describe('RBAC as the guardrails read it', () => {
  const tenantNamespace = tenantNamespaceObject('alice');
  const clusterRole = (name: string, rest: Record<string, unknown>) => kubeObject(RBAC, 'ClusterRole', name, undefined, rest);
  const binding = (kind: string, name: string, namespace: string | undefined, roleRef: object, subjects: object[]) =>
    kubeObject(RBAC, kind, name, namespace, { roleRef, subjects });

  test('a rule grants a verb on a resource in a group, wildcards included', () => {
    const rule = { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'] };
    expect(grants(rule, 'deployments', ['list'])).toBe(true);
    expect(grants(rule, 'deployments', ['list'], 'apps')).toBe(true);
    expect(grants(rule, 'deployments', ['list'], '')).toBe(false);
    expect(grants(rule, 'deployments', ['delete'])).toBe(false);
    expect(grants(rule, 'pods', ['get'])).toBe(false);
    expect(grants({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, 'secrets', ['delete'], '')).toBe(true);
    expect(grants({}, 'secrets', ['get'])).toBe(false);
    expect(grants({ resources: ['secrets'], verbs: ['get'] }, 'secrets', ['get'], '')).toBe(false);
    expect(grants({ resources: ['secrets'] }, 'secrets', ['get'])).toBe(false);
  });

  test('an aggregated ClusterRole grants the rules of the roles its selectors match, through further aggregation, once each', () => {
    const view = clusterRole('view', { metadata: { labels: { agg: 'edit' } }, rules: [{ verbs: ['get'] }] });
    const edit = clusterRole('edit', { metadata: { labels: { agg: 'admin' } }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'edit' } }] } });
    const admin = clusterRole('admin', { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'admin' } }, { matchLabels: { other: 'x' } }] } });
    const loop = clusterRole('loop', {
      metadata: { labels: { agg: 'loop' } },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'loop' } }] },
      rules: [{ verbs: ['no'] }],
    });
    const unrelated = clusterRole('unrelated', { metadata: { labels: { agg: 'none' } }, rules: [{ verbs: ['delete'] }] });
    const all = [view, edit, admin, loop, unrelated];
    expect(effectiveRules(admin, all)).toEqual([{ verbs: ['get'] }]);
    expect(effectiveRules(loop, all)).toEqual([]);
    expect(effectiveRules(view, all)).toEqual([{ verbs: ['get'] }]);
    expect(effectiveRules(clusterRole('empty', { aggregationRule: { clusterRoleSelectors: [] }, rules: [{ verbs: ['x'] }] }), all)).toEqual([{ verbs: ['x'] }]);
    expect(effectiveRules(clusterRole('bare', {}), all)).toEqual([]);
    const role = kubeObject(RBAC, 'Role', 'r', 'alice', {
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'edit' } }] },
      rules: [{ verbs: ['own'] }],
    });
    expect(effectiveRules(role, all)).toEqual([{ verbs: ['own'] }]);
    expect(effectiveRules(clusterRole('any', { aggregationRule: { clusterRoleSelectors: [{}] } }), [view])).toEqual([{ verbs: ['get'] }]);
  });

  test('tenant grants: users, non-admin groups and tenant ServiceAccounts, with the role each binding names', () => {
    const objects = [
      tenantNamespace,
      kubeObject(RBAC, 'Role', 'edit', 'alice', { rules: [{ verbs: ['create'] }] }),
      kubeObject(RBAC, 'Role', 'edit', 'bob', { rules: [{ verbs: ['other-namespace'] }] }),
      clusterRole('view', { rules: [{ verbs: ['get'] }] }),
      binding('RoleBinding', 'user', 'alice', { kind: 'Role', name: 'edit' }, [{ kind: 'User', name: 'alice@lab' }]),
      binding('ClusterRoleBinding', 'group', undefined, { kind: 'ClusterRole', name: 'view' }, [{ kind: 'Group', name: 'scientists' }]),
      binding('RoleBinding', 'sa', 'alice', { kind: 'ClusterRole', name: 'view' }, [{ kind: 'ServiceAccount', name: 'default-editor', namespace: 'alice' }]),
      binding('RoleBinding', 'missing', 'alice', { kind: 'Role', name: 'ghost' }, [{ kind: 'User', name: 'alice@lab' }]),
      binding('ClusterRoleBinding', 'admins', undefined, { kind: 'ClusterRole', name: 'view' }, [{ kind: 'Group', name: 'mlops-admins' }]),
      binding('RoleBinding', 'platform-sa', 'mlflow', { kind: 'ClusterRole', name: 'view' }, [{ kind: 'ServiceAccount', name: 'mlflow', namespace: 'mlflow' }]),
      binding('RoleBinding', 'no-namespace-sa', 'mlflow', { kind: 'ClusterRole', name: 'view' }, [{ kind: 'ServiceAccount', name: 'x' }]),
      binding('RoleBinding', 'odd', 'alice', { kind: 'Role', name: 'edit' }, [{ kind: 'Robot', name: 'r' }]),
      kubeObject(RBAC, 'RoleBinding', 'no-subjects', 'alice', { roleRef: { kind: 'Role', name: 'edit' } }),
      kubeObject('v1', 'ConfigMap', 'not-a-binding', 'alice', { subjects: [{ kind: 'User', name: 'u' }] }),
    ];
    const found = tenantGrants(objects, facts);
    expect(found).toEqual([
      { binding: 'RoleBinding/alice/user', clusterWide: false, namespace: 'alice', roleKind: 'Role', roleName: 'edit', rules: [{ verbs: ['create'] }] },
      { binding: 'ClusterRoleBinding//group', clusterWide: true, namespace: undefined, roleKind: 'ClusterRole', roleName: 'view', rules: [{ verbs: ['get'] }] },
      { binding: 'RoleBinding/alice/sa', clusterWide: false, namespace: 'alice', roleKind: 'ClusterRole', roleName: 'view', rules: [{ verbs: ['get'] }] },
      { binding: 'RoleBinding/alice/missing', clusterWide: false, namespace: 'alice', roleKind: 'Role', roleName: 'ghost', rules: [] },
    ]);
    expect(tenantGrants(objects, facts)).toBe(found);
    const noAdmins = { ...facts, adminGroups: undefined } as unknown as GuardrailFacts;
    expect(tenantGrants(objects, noAdmins).map((g) => g.binding)).toContain('ClusterRoleBinding//admins');
    expect(tenantGrants([kubeObject(RBAC, 'RoleBinding', 'b', 'x', { subjects: [{ kind: 'User', name: 'u' }] })], facts)[0]).toMatchObject({ rules: [] });
  });

  test('every rule of every role in both outputs, each with its owner', () => {
    const objects = [
      kubeObject(RBAC, 'Role', 'r', 'alice', { rules: [{ verbs: ['get'] }] }),
      clusterRole('c', { rules: [{ verbs: ['list'] }, { verbs: ['watch'] }] }),
      clusterRole('none', {}),
      kubeObject('v1', 'ConfigMap', 'cm', 'x', { rules: [{ verbs: ['no'] }] }),
    ];
    const rule = { api_groups: [''], resources: ['pods'], verbs: ['get'] };
    const stacks = [
      {
        stack: 's',
        json: {
          resource: {
            kubernetes_role_v1: { a: { rule: [rule] } },
            kubernetes_cluster_role: { b: { rule: [rule] } },
            kubernetes_cluster_role_v1: { c: {} },
            kubernetes_role_binding_v1: { d: { rule: [rule] } },
            my_kubernetes_role: { e: { rule: [rule] } },
          },
        },
      },
    ];
    const converted = { apiGroups: [''], resources: ['pods'], verbs: ['get'] };
    expect(allRoleRules(objects, stacks)).toEqual([
      { ref: 'Role/alice/r', rule: { verbs: ['get'] } },
      { ref: 'ClusterRole//c', rule: { verbs: ['list'] } },
      { ref: 'ClusterRole//c', rule: { verbs: ['watch'] } },
      { ref: 's:kubernetes_role_v1.a', rule: converted },
      { ref: 's:kubernetes_cluster_role.b', rule: converted },
    ]);
  });
});

describe('the mesh as the guardrails read it', () => {
  const gateway = (name: string, namespace: string, apiVersion = 'networking.istio.io/v1') =>
    kubeObject(apiVersion, 'Gateway', name, namespace, { spec: { servers: [{ hosts: ['a.lab', 'ns/b.lab'] }, {}] } });

  test('Istio gateways, found from a route by `namespace/name` or by name in the route’s namespace', () => {
    const objects = [gateway('gw', 'istio-system'), gateway('gw', 'other'), gateway('api', 'istio-system', 'gateway.networking.k8s.io/v1')];
    expect(istioGateways(objects).map((g) => g.metadata.namespace)).toEqual(['istio-system', 'other']);
    const route = kubeObject('networking.istio.io/v1', 'VirtualService', 'r', 'other');
    expect(resolveGateway(objects, route, 'istio-system/gw')?.metadata.namespace).toBe('istio-system');
    expect(resolveGateway(objects, route, 'gw')?.metadata.namespace).toBe('other');
    expect(resolveGateway(objects, route, 'istio-system/api')).toBeUndefined();
    expect(resolveGateway(objects, route, 'mesh')).toBeUndefined();
    expect(gatewayHosts(objects[0])).toEqual(['a.lab', 'b.lab']);
    expect(gatewayHosts(kubeObject('networking.istio.io/v1', 'Gateway', 'g', 'x'))).toEqual([]);
  });

  test('a policy without a selector covers every workload of its namespace', () => {
    expect(selectsPods(kubeObject('security.istio.io/v1', 'PeerAuthentication', 'p', 'x'), { app: 'a' })).toBe(true);
    expect(selectsPods(kubeObject('security.istio.io/v1', 'PeerAuthentication', 'p', 'x', { spec: {} }), { app: 'a' })).toBe(true);
    expect(
      selectsPods(kubeObject('security.istio.io/v1', 'PeerAuthentication', 'p', 'x', { spec: { selector: { matchLabels: { app: 'b' } } } }), { app: 'a' }),
    ).toBe(false);
    expect(
      selectsPods(kubeObject('security.istio.io/v1', 'PeerAuthentication', 'p', 'x', { spec: { selector: { matchLabels: { app: 'a' } } } }), { app: 'a' }),
    ).toBe(true);
  });

  test('address ranges inside the VPN ranges, single addresses included', () => {
    expect(rangesInside(['10.44.0.0/25', '10.44.0.7'], ['10.44.0.0/24'])).toBe(true);
    expect(rangesInside(['10.44.1.0/24'], ['10.44.0.0/24', '10.44.1.0/24'])).toBe(true);
    expect(rangesInside(['10.44.0.0/23'], ['10.44.0.0/24'])).toBe(false);
    expect(rangesInside(['0.0.0.0/0'], ['10.44.0.0/24'])).toBe(false);
    expect(rangesInside(['not-an-address'], ['0.0.0.0/0'])).toBe(false);
    expect(rangesInside(['10.44.0.1'], ['bad'])).toBe(false);
    expect(rangesInside([], [])).toBe(true);
  });
});

describe('what the rules share', () => {
  test('exemptions are kept on the root of the construct tree, in the order recorded', () => {
    const root = new Construct(undefined as never, '');
    const child = new Construct(new Construct(root, 'A'), 'B');
    expect(guardrailExemptions(root)).toEqual([]);
    addGuardrailExemption(child, { rule: 'SEC-01', object: 'Pod/x/a', reason: 'one' });
    addGuardrailExemption(root, { rule: 'SEC-02', object: 'Pod/x/b', reason: 'two' });
    expect(guardrailExemptions(child).map((e) => e.reason)).toEqual(['one', 'two']);
    const copy = guardrailExemptions(root);
    copy.pop();
    expect(guardrailExemptions(root)).toHaveLength(2);
    expect(guardrailExemptions(new Construct(undefined as never, ''))).toEqual([]);
  });

  test('Terraform resources of every stack, and their metadata block in either schema', () => {
    const stacks = [
      { stack: 'a', json: { resource: { t1: { x: { metadata: [{ name: 'm' }] }, y: { metadata: { name: 'n' } } } } } },
      { stack: 'b', json: {} },
      { stack: 'c', json: { resource: { t2: { z: {} } } } },
    ];
    const resources = terraformResources(stacks);
    expect(resources.map((r) => `${r.stack}:${r.type}.${r.name}`)).toEqual(['a:t1.x', 'a:t1.y', 'c:t2.z']);
    expect(resources.map(terraformMetadata)).toEqual([{ name: 'm' }, { name: 'n' }, {}]);
    expect(terraformMetadata({ stack: 's', type: 't', name: 'n', body: { metadata: [] } })).toEqual({});
  });

  test('bucket plans: the labelled ConfigMaps’ buckets, an unreadable plan as none', () => {
    const plan = (name: string, label: string | undefined, buckets: string | undefined) =>
      kubeObject('v1', 'ConfigMap', name, 'object-store', {
        metadata: label ? { labels: { 'mlops-platform.io/bucket-plan': label } } : {},
        ...(buckets !== undefined ? { data: { 'buckets.json': buckets } } : {}),
      });
    const objects = [
      plan('a', 'true', JSON.stringify([{ name: 'models', versioning: true }, { name: 'logs' }])),
      plan('b', 'true', 'not json'),
      plan('c', 'false', JSON.stringify([{ name: 'no' }])),
      plan('d', undefined, JSON.stringify([{ name: 'no' }])),
      plan('e', 'true', undefined),
      kubeObject('v1', 'Secret', 'f', 'object-store', {
        metadata: { labels: { 'mlops-platform.io/bucket-plan': 'true' } },
        data: { 'buckets.json': '[{"name":"no"}]' },
      }),
    ];
    expect(plannedBuckets(objects)).toEqual([
      { ref: 'ConfigMap/object-store/a', bucket: { name: 'models', versioning: true } },
      { ref: 'ConfigMap/object-store/a', bucket: { name: 'logs' } },
    ]);
  });
});
