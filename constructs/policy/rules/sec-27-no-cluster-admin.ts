import type { Guardrail } from '../guardrail';
import { tenantGrants } from '../rbac';

/** SEC-27: no tenant is cluster-admin. */
export const sec27NoClusterAdmin: Guardrail = {
  id: 'SEC-27',
  level: 'error',
  title: 'No ClusterRoleBinding gives cluster-admin to tenant users, groups or service accounts',
  fix: 'Bind admins through the admin group to platform-admin; tenants get their namespaced role.',
  check: ({ objects, facts }) =>
    tenantGrants(objects, facts)
      .filter((g) => g.clusterWide && g.roleName === 'cluster-admin')
      .map((g) => ({ object: g.binding, message: 'makes a tenant cluster-admin' })),
};
