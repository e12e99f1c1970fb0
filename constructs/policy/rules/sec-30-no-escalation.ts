import type { Guardrail } from '../guardrail';
import { grants, tenantGrants } from '../rbac';

/** SEC-30: No tenant-bound rule grants bind or escalate on roles and bindings, or impersonate. */
export const sec30NoEscalation: Guardrail = {
  id: 'SEC-30',
  level: 'error',
  title: 'No tenant-bound rule grants bind or escalate on roles and bindings, or impersonate',
  fix: 'Remove bind, escalate and impersonate from tenant roles.',
  check: ({ objects, facts }) =>
    tenantGrants(objects, facts)
      .filter((g) =>
        g.rules.some(
          (r) =>
            ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'].some((res) => grants(r, res, ['bind', 'escalate'])) ||
            (r.verbs ?? []).includes('impersonate'),
        ),
      )
      .map((g) => ({ object: g.binding, message: 'grants bind, escalate or impersonate' })),
};
