import { type KustomizeUnit, deleteObject } from './kustomize-unit';

/**
 * Kubeflow's roles (kubeflow-admin/edit/view, aggregated) and namespaces with
 * their NetworkPolicies. The `kubeflow` namespace itself is the platform
 * stack's (Terraform, `prevent_destroy`, the same labels), so the
 * distribution's copy is removed.
 */
export function baseUnit(): KustomizeUnit {
  return {
    name: '34-kubeflow-base',
    upstream: ['common/kubeflow-namespace/base', 'common/kubeflow-roles/base'],
    patches: [deleteObject('v1', 'Namespace', 'kubeflow')],
  };
}
