import { parse } from 'yaml';
import { KUBEFLOW_USER_IDENTITY, PROFILE_CREATED_NAMESPACE_LABELS, PROFILE_NAMESPACE_LABELS } from '../../constructs/kubeflow/dashboard';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { ENVIRONMENTS } from '../../environments';
import { type MeshRequest, meshAllows } from '../support/istio-authz';
import { allObjects, synthEnvironment } from '../support/synth';
import { builtUnit } from '../support/built-units';

/**
 * Isolation of tenants inside Kubeflow, checked against what the distribution 26.03.1 (Dashboard v2.0.0) does at
 * run time: the Profile controller's owner policy `ns-owner-access-istio` (profile_controller.go
 * getAuthorizationPolicy, modelled below from the built `profiles-config`), KFAM's contributor pairs
 * (kfam/bindings.go), and the mesh-wide policies of the built Istio unit.
 */
describe('environment onprem: tenants inside Kubeflow', () => {
  const staged = synthEnvironment(ENVIRONMENTS.onprem);
  const objects = allObjects(staged);
  const users = staged.spec.users.filter((u) => !u.offboarded);
  const owner = users.find((u) => u.role === 'admin')!;
  let built: KubeObject[] = [];
  let config: Record<string, string> = {};

  beforeAll(async () => {
    const units = staged.units.filter((u) => ['32-istio', '33-kubeflow-auth', '35-kubeflow-dashboard'].includes(u.name));
    built = (await Promise.all(units.map((u) => builtUnit(u)))).flat();
    config = built.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('profiles-config'))!.data!;
  }, 60_000);

  /** The policy the Profile controller writes into every profile namespace for the profile's owner. */
  const ownerPolicy = (namespace: string): KubeObject => ({
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'ns-owner-access-istio', namespace },
    spec: {
      action: 'ALLOW',
      rules: [
        {
          when: [{ key: `request.headers[${config.USERID_HEADER}]`, values: [`${config.USERID_PREFIX}${owner.email}`] }],
          from: [{ source: { principals: [config.ISTIO_INGRESS_GATEWAY_PRINCIPAL, config.KFP_UI_PRINCIPAL] } }],
        },
        { when: [{ key: 'source.namespace', values: [namespace] }] },
        { to: [{ operation: { paths: ['/healthz', '/metrics', '/wait-for-drain'] } }] },
        { from: [{ source: { principals: [config.NOTEBOOK_CONTROLLER_PRINCIPAL] } }], to: [{ operation: { methods: ['GET'], paths: ['*/api/kernels'] } }] },
      ],
    },
  });

  test('the platform identifies users as the distribution configures access management, and labels namespaces as the Profile controller would', () => {
    expect({
      header: config.USERID_HEADER,
      prefix: config.USERID_PREFIX,
      principals: [config.ISTIO_INGRESS_GATEWAY_PRINCIPAL, config.KFP_UI_PRINCIPAL],
    }).toEqual(KUBEFLOW_USER_IDENTITY);
    const labelsFile = built.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('profiles-namespace-labels'))!.data!['namespace-labels.yaml'];
    const { 'pod-security.kubernetes.io/enforce': _level, ...profileLabels } = parse(labelsFile);
    expect(profileLabels).toEqual(PROFILE_NAMESPACE_LABELS);
    for (const user of users) {
      const namespace = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === user.name)!;
      expect(namespace.metadata.labels).toMatchObject({
        ...PROFILE_NAMESPACE_LABELS,
        ...PROFILE_CREATED_NAMESPACE_LABELS,
        'pod-security.kubernetes.io/enforce': 'restricted',
      });
    }
  });

  test('every contributor is a RoleBinding and an AuthorizationPolicy of the name KFAM gives them, as KFAM lists and removes them', () => {
    for (const user of users) {
      const bindings = objects.filter((o) => o.kind === 'RoleBinding' && o.metadata.namespace === user.name && o.metadata.annotations?.user);
      expect(bindings.length).toBe(1);
      const [binding] = bindings;
      const role = binding.metadata.annotations!.role;
      // getBindingName: User, the name with each run of other characters a dash, ClusterRole, the role; lower case.
      const name = `User-${user.email.replace(/[^a-zA-Z0-9]+/g, '-')}-ClusterRole-${role}`.toLowerCase();
      expect(binding.metadata.name).toBe(name);
      const policy = objects.find((o) => o.kind === 'AuthorizationPolicy' && o.metadata.namespace === user.name && o.metadata.name === name)!;
      expect(policy.metadata.annotations).toEqual({ user: user.email, role });
      expect((binding as any).roleRef.name).toBe(`kubeflow-${role}`);
    }
  });

  test('through the gateway, each user reaches their own notebooks and no other user’s (the profile owner, the admin, reaches all)', () => {
    const mesh = [...objects, ...built, ...users.map((u) => ownerPolicy(u.name))];
    const request = (from: string, to: string): MeshRequest => ({
      namespace: to,
      podLabels: { app: 'lab', 'notebook-name': 'lab', statefulset: 'lab' },
      sourcePrincipal: config.ISTIO_INGRESS_GATEWAY_PRINCIPAL,
      headers: { [config.USERID_HEADER]: from },
      method: 'GET',
      path: `/notebook/${to}/lab/lab`,
    });
    const admitted = users.flatMap((a) => users.filter((b) => meshAllows(mesh, request(a.email, b.name))).map((b) => `${a.name}->${b.name}`));
    const expected = users.flatMap((a) => users.filter((b) => a === b || a === owner).map((b) => `${a.name}->${b.name}`));
    expect(admitted.sort()).toEqual(expected.sort());
    // Without a header, or with a header from anywhere but the gateway or the Pipelines UI, nobody gets in.
    expect(meshAllows(mesh, { ...request('', users[1].name), headers: {} })).toBe(false);
    expect(meshAllows(mesh, { ...request(users[1].email, users[1].name), sourcePrincipal: `cluster.local/ns/${users[2].name}/sa/default-editor` })).toBe(false);
  });
});
