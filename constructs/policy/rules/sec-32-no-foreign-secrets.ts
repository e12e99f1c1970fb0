import type { Guardrail } from '../guardrail';
import { grants, tenantGrants } from '../rbac';

/** SEC-32: No tenant reads Secrets outside their own namespace (get/list/watch through a ClusterRoleBinding). */
export const sec32NoForeignSecrets: Guardrail = {
  id: 'SEC-32',
  level: 'error',
  title: 'No tenant reads Secrets outside their own namespace (get/list/watch through a ClusterRoleBinding)',
  fix: 'Grant Secret access only through the tenant RoleBinding in the user’s namespace.',
  check: ({ objects, facts }) =>
    tenantGrants(objects, facts)
      .filter((g) => g.clusterWide && g.rules.some((r) => grants(r, 'secrets', ['get', 'list', 'watch'])))
      .map((g) => ({ object: g.binding, message: 'grants reading Secrets cluster-wide' })),
};
