import type { Guardrail } from '../guardrail';
import { grants, tenantGrants } from '../rbac';

/** SEC-35: pods/exec and pods/attach come only from namespaced Roles bound in the tenant’s own namespace. */
export const sec35ExecInOwnNamespace: Guardrail = {
  id: 'SEC-35',
  level: 'error',
  title: 'pods/exec and pods/attach come only from namespaced Roles bound in the tenant’s own namespace',
  fix: 'Grant exec through the tenant Role, never a ClusterRole or ClusterRoleBinding.',
  check: ({ objects, facts }) =>
    tenantGrants(objects, facts)
      .filter(
        (g) =>
          (g.clusterWide || g.roleKind !== 'Role') &&
          g.rules.some((r) => grants(r, 'pods/exec', ['create', 'get'], '') || grants(r, 'pods/attach', ['create', 'get'], '')),
      )
      .map((g) => ({ object: g.binding, message: 'grants exec or attach outside a namespaced Role' })),
};
