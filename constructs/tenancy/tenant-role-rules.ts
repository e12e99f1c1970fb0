import type { PolicyRule } from 'cdk8s-plus-28/lib/imports/k8s';
import { MLFLOW_API_GROUP, MLFLOW_TENANT_RESOURCES } from '../platform/mlflow-server';

/** What a user may do in their own namespace. Admins act as `data-scientist` there; cluster rights are separate. */
export type TenantAccess = 'data-scientist' | 'viewer';

const READ = ['get', 'list', 'watch'];
const WRITE = [...READ, 'create', 'update', 'patch', 'delete', 'deletecollection'];

/** Objects users run and manage themselves. */
const WORKLOADS: PolicyRule[] = [
  { apiGroups: [''], resources: ['pods', 'services', 'persistentvolumeclaims', 'configmaps'], verbs: WRITE },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: WRITE },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: WRITE },
  { apiGroups: ['kubeflow.org'], resources: ['notebooks', 'experiments', 'trials', 'tfjobs', 'pytorchjobs'], verbs: WRITE },
  { apiGroups: ['pipelines.kubeflow.org'], resources: ['pipelines', 'pipelineversions', 'experiments', 'runs', 'jobs', 'recurringruns'], verbs: WRITE },
];

/** Objects users may see but that the platform owns: the guard rails around them. */
const PLATFORM_OWNED: PolicyRule[] = [
  { apiGroups: [''], resources: ['resourcequotas', 'limitranges', 'events', 'endpoints', 'serviceaccounts', 'pods/log'], verbs: READ },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: READ },
  { apiGroups: ['kubeflow.org'], resources: ['poddefaults', 'suggestions'], verbs: READ },
  { apiGroups: ['kueue.x-k8s.io'], resources: ['localqueues', 'workloads'], verbs: READ },
];

/**
 * MLflow in the tenant's own workspace, as the authorization plugin checks it (mlflow-kubernetes-plugins v1.2.1
 * docs/kubernetes-rbac.md): `create` makes experiments and models, `update` logs runs and adds model versions, `get`
 * and `list` read them. A viewer reads. No AI-gateway resource is granted.
 */
export const MLFLOW_ROLE_RULES: Readonly<Record<TenantAccess, PolicyRule[]>> = {
  'data-scientist': [{ apiGroups: [MLFLOW_API_GROUP], resources: [...MLFLOW_TENANT_RESOURCES], verbs: ['get', 'list', 'create', 'update', 'delete'] }],
  viewer: [{ apiGroups: [MLFLOW_API_GROUP], resources: [...MLFLOW_TENANT_RESOURCES], verbs: ['get', 'list'] }],
};

/**
 * The namespaced rules behind each access level. Neither level can write
 * RBAC, ResourceQuotas, LimitRanges, NetworkPolicies or the Namespace, nor
 * mint ServiceAccount tokens (GUARDRAILS SEC-30 to SEC-35); `pods/exec` is
 * granted only here, in the user's own namespace.
 */
export const TENANT_ROLE_RULES: Readonly<Record<TenantAccess, PolicyRule[]>> = {
  'data-scientist': [
    ...WORKLOADS,
    { apiGroups: [''], resources: ['pods/exec', 'pods/attach', 'pods/portforward'], verbs: ['get', 'create'] },
    { apiGroups: [''], resources: ['secrets'], verbs: WRITE },
    ...PLATFORM_OWNED,
    ...MLFLOW_ROLE_RULES['data-scientist'],
  ],
  viewer: [...WORKLOADS.map((rule) => ({ ...rule, verbs: READ })), ...PLATFORM_OWNED, ...MLFLOW_ROLE_RULES.viewer],
};
