import type { Guardrail } from '../guardrail';
import { grants, tenantGrants } from '../rbac';

/** SEC-33: No tenant access to nodes/proxy, serviceaccounts/token, CSR approval or admission webhooks. */
export const sec33NoNodeProxy: Guardrail = {
  id: 'SEC-33',
  level: 'error',
  title: 'No tenant access to nodes/proxy, serviceaccounts/token, CSR approval or admission webhooks',
  fix: 'Remove those resources from tenant roles.',
  check: ({ objects, facts }) =>
    tenantGrants(objects, facts)
      .filter((g) => g.rules.some((r) => ['nodes/proxy', 'certificatesigningrequests/approval', 'validatingwebhookconfigurations', 'mutatingwebhookconfigurations'].some((res) => grants(r, res, ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'approve'])) || grants(r, 'serviceaccounts/token', ['create'])))
      .map((g) => ({ object: g.binding, message: 'grants node proxy, token, CSR approval or webhook access' })),
};
