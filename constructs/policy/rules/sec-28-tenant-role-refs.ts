import type { Guardrail, Violation } from '../guardrail';
import { tenantGrants } from '../rbac';

const ALLOWED_CLUSTER_ROLES = ['kubeflow-edit', 'kubeflow-view'];

/** SEC-28: tenant RoleBindings point at namespaced roles or vetted Kubeflow roles. */
export const sec28TenantRoleRefs: Guardrail = {
  id: 'SEC-28',
  level: 'error',
  title: `Tenant RoleBindings reference a namespaced Role or one of ${ALLOWED_CLUSTER_ROLES.join(', ')}; never cluster-admin, admin or edit`,
  fix: 'Bind users to their tenant Role (tenant-data-scientist / tenant-viewer).',
  check({ objects, facts }) {
    const out: Violation[] = [];
    for (const g of tenantGrants(objects, facts).filter((g) => !g.clusterWide)) {
      if (g.roleKind === 'ClusterRole' && !ALLOWED_CLUSTER_ROLES.includes(g.roleName))
        out.push({ object: g.binding, message: `binds ClusterRole ${g.roleName}` });
    }
    return out;
  },
};
