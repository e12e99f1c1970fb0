import type { Guardrail } from '../guardrail';
import { grants, tenantGrants } from '../rbac';

/** SEC-34: No tenant-bound rule patches or updates namespaces, or writes resourcequotas or limitranges. */
export const sec34NoNamespaceWrites: Guardrail = {
  id: 'SEC-34',
  level: 'error',
  title: 'No tenant-bound rule patches or updates namespaces, or writes resourcequotas or limitranges',
  fix: 'Quotas, limit ranges and namespace labels belong to the platform; keep them read-only for tenants.',
  check: ({ objects, facts }) =>
    tenantGrants(objects, facts)
      .filter((g) =>
        g.rules.some(
          (r) =>
            grants(r, 'namespaces', ['patch', 'update']) ||
            ['resourcequotas', 'limitranges'].some((res) => grants(r, res, ['create', 'update', 'patch', 'delete', 'deletecollection'])),
        ),
      )
      .map((g) => ({ object: g.binding, message: 'writes namespaces, quotas or limit ranges' })),
};
