import { MLFLOW_API_GROUP } from '../../constructs/platform/mlflow-server';
import { PROFILE_WORKLOAD_ACCOUNT } from '../../constructs/tenancy/kubeflow-profile';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { ENVIRONMENTS } from '../../environments';
import { builtUnit } from '../support/built-units';
import { type RbacSubject, rbacAllows, serviceAccount } from '../support/rbac-access';
import { allObjects, synthEnvironment } from '../support/synth';

const READ = ['get', 'list'];
const WRITE = ['create', 'update', 'delete'];
const RESOURCES = ['experiments', 'registeredmodels', 'datasets'];

/**
 * Each tenant namespace is the tenant's MLflow workspace, and MLflow's authorization plugin asks Kubernetes, for
 * every call, whether the caller may use the `mlflow.kubeflow.org` resource in that namespace (a SubjectAccessReview
 * for a browser user the gateway names, a SelfSubjectAccessReview with a pod's own token). These tests answer those
 * reviews from the generated RBAC, Kubeflow's built roles, and the bindings the Profile controller adds at run time
 * (dashboard v2.0.0 components/profile-controller/controllers/profile_controller.go: the owner's `namespaceAdmin` to
 * kubeflow-admin, `default-editor` to kubeflow-edit, `default-viewer` to kubeflow-view).
 */
describe.each(['dev', 'onprem'] as const)('environment %s: MLflow workspaces and who may use them', (name) => {
  const staged = synthEnvironment(ENVIRONMENTS[name]);
  const users = staged.spec.users.filter((u) => !u.offboarded);
  const owner = users.find((u) => u.role === 'admin')!;
  const groups = staged.spec.access.groups;
  const roleGroup = { admin: groups.admins, 'data-scientist': groups.dataScientists, viewer: groups.viewers } as const;
  let objects: KubeObject[] = [];

  beforeAll(async () => {
    const built = (await Promise.all(staged.units.map((u) => builtUnit(u)))).flat();
    const profileBindings = staged.spec.users.flatMap((u): KubeObject[] => {
      const binding = (bindingName: string, role: string, subject: Record<string, string>): KubeObject => ({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: bindingName, namespace: u.name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: [subject],
      });
      return [
        binding('namespaceAdmin', 'kubeflow-admin', { kind: 'User', name: owner.email }),
        binding('default-editor', 'kubeflow-edit', { kind: 'ServiceAccount', name: PROFILE_WORKLOAD_ACCOUNT, namespace: u.name }),
        binding('default-viewer', 'kubeflow-view', { kind: 'ServiceAccount', name: 'default-viewer', namespace: u.name }),
      ];
    });
    objects = [...allObjects(staged), ...built, ...profileBindings];
  }, 120_000);

  const person = (u: (typeof users)[number]): RbacSubject => ({ user: u.email, groups: [roleGroup[u.role], 'system:authenticated'] });
  const may = (who: RbacSubject, workspace: string, resource: string, verbs: readonly string[]) =>
    verbs.filter((verb) => rbacAllows(objects, who, { namespace: workspace, group: MLFLOW_API_GROUP, resource, verb }));

  test('every tenant namespace, and no other, is a workspace', () => {
    const selector = allObjects(staged)
      .find((o) => o.kind === 'Deployment' && o.metadata.name === 'mlflow')!
      .spec.template.spec.containers[0].env.find((e: any) => e.name === 'MLFLOW_K8S_WORKSPACE_LABEL_SELECTOR').value;
    const workspaces = allObjects(staged)
      .filter((o) => o.kind === 'Namespace' && selector in (o.metadata.labels ?? {}))
      .map((o) => o.metadata.name);
    expect(workspaces.sort()).toEqual(staged.spec.users.map((u) => u.name).sort());
  });

  test('in their own workspace a data scientist and their workloads create and change experiments and models; a viewer and theirs only read', () => {
    for (const u of users) {
      const canWrite = u.role !== 'viewer';
      for (const who of [person(u), serviceAccount(u.name, PROFILE_WORKLOAD_ACCOUNT)]) {
        for (const resource of RESOURCES) {
          expect([u.name, resource, may(who, u.name, resource, [...READ, ...WRITE])]).toEqual([u.name, resource, canWrite ? [...READ, ...WRITE] : READ]);
        }
      }
    }
  });

  test('for every pair of tenants, neither they nor their workloads read or change the other’s experiments or models; admins read registered models only', () => {
    for (const a of users) {
      for (const b of users.filter((other) => other !== a)) {
        for (const resource of RESOURCES) {
          const readable = a.role === 'admin' && resource === 'registeredmodels' ? READ : [];
          expect([a.name, b.name, resource, may(person(a), b.name, resource, [...READ, ...WRITE])]).toEqual([a.name, b.name, resource, readable]);
          expect([a.name, b.name, resource, may(serviceAccount(a.name, PROFILE_WORKLOAD_ACCOUNT), b.name, resource, [...READ, ...WRITE])]).toEqual([
            a.name,
            b.name,
            resource,
            [],
          ]);
        }
      }
    }
  });

  test('only MLflow’s web server may ask the API about other users, and no tenant may', () => {
    const reviews = (who: RbacSubject) =>
      rbacAllows(objects, who, { namespace: '', group: 'authorization.k8s.io', resource: 'subjectaccessreviews', verb: 'create' });
    expect(reviews(serviceAccount('mlflow', 'mlflow-web'))).toBe(true);
    expect(reviews(serviceAccount('mlflow', 'mlflow'))).toBe(false);
    for (const u of users) expect([u.name, reviews(person(u)), reviews(serviceAccount(u.name, PROFILE_WORKLOAD_ACCOUNT))]).toEqual([u.name, false, false]);
  });

  test('the checks can fail: a binding of the tenant role in another namespace is seen', () => {
    const [a, b] = users.filter((u) => u.role !== 'viewer');
    const leak: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'leak', namespace: b.name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'tenant-data-scientist' },
      subjects: [{ kind: 'User', name: a.email }],
    };
    expect(rbacAllows([...objects, leak], person(a), { namespace: b.name, group: MLFLOW_API_GROUP, resource: 'experiments', verb: 'update' })).toBe(true);
  });
});
