import type { PolicyRule } from 'cdk8s-plus-28/lib/imports/k8s';

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
  ],
  viewer: [...WORKLOADS.map((rule) => ({ ...rule, verbs: READ })), ...PLATFORM_OWNED],
};
