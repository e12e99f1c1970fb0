import { type KustomizeUnit, deleteObject } from './kustomize-unit';

const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

/**
 * What `kubeflow-kubernetes-edit` (aggregated into `kubeflow-edit`, every
 * contributor's role) grants in a tenant namespace: the distribution's rules
 * without writes to NetworkPolicies and Ingresses, with which a tenant could
 * delete its default-deny policy or publish a service around the VPN, and
 * without `pods/exec` and `pods/attach`, which tenants get only from their
 * namespaced Role (GUARDRAILS SEC-35).
 */
export const CONTRIBUTOR_KUBERNETES_RULES = [
  { apiGroups: [''], resources: ['pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods', 'pods/portforward', 'pods/proxy'], verbs: WRITE },
  {
    apiGroups: [''],
    resources: [
      'configmaps',
      'endpoints',
      'persistentvolumeclaims',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'secrets',
      'serviceaccounts',
      'services',
      'services/proxy',
    ],
    verbs: WRITE,
  },
  {
    apiGroups: ['apps'],
    resources: [
      'daemonsets',
      'deployments',
      'deployments/rollback',
      'deployments/scale',
      'replicasets',
      'replicasets/scale',
      'statefulsets',
      'statefulsets/scale',
    ],
    verbs: WRITE,
  },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: WRITE },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: WRITE },
  {
    apiGroups: ['extensions'],
    resources: ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale'],
    verbs: WRITE,
  },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: WRITE },
];

/**
 * Kubeflow's roles (kubeflow-admin/edit/view, aggregated) and namespaces with
 * their NetworkPolicies. Contributors' Kubernetes rights leave out
 * NetworkPolicies, Ingresses and exec. The `kubeflow` namespace itself is the
 * platform stack's (Terraform, `prevent_destroy`, the same labels), so the
 * distribution's copy is removed.
 */
export function baseUnit(): KustomizeUnit {
  return {
    name: '34-kubeflow-base',
    upstream: ['common/kubeflow-namespace/base', 'common/kubeflow-roles/base'],
    patches: [
      deleteObject('v1', 'Namespace', 'kubeflow'),
      {
        target: { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kubeflow-kubernetes-edit' },
        operations: [{ op: 'replace', path: '/rules', value: CONTRIBUTOR_KUBERNETES_RULES }],
      },
    ],
  };
}
