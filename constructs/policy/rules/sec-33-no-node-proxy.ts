import type { Guardrail } from '../guardrail';
import { grants, tenantGrants } from '../rbac';

const ANY = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'approve'];
/** The resources, each in its API group (a wildcard in another group, such as Istio's, does not reach them). */
const SENSITIVE: readonly [string, string][] = [
  ['', 'nodes/proxy'],
  ['certificates.k8s.io', 'certificatesigningrequests/approval'],
  ['admissionregistration.k8s.io', 'validatingwebhookconfigurations'],
  ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations'],
];

/** SEC-33: No tenant access to nodes/proxy, serviceaccounts/token, CSR approval or admission webhooks. */
export const sec33NoNodeProxy: Guardrail = {
  id: 'SEC-33',
  level: 'error',
  title: 'No tenant access to nodes/proxy, serviceaccounts/token, CSR approval or admission webhooks',
  fix: 'Remove those resources from tenant roles.',
  check: ({ objects, facts }) =>
    tenantGrants(objects, facts)
      .filter((g) => g.rules.some((r) => SENSITIVE.some(([group, res]) => grants(r, res, ANY, group)) || grants(r, 'serviceaccounts/token', ['create'], '')))
      .map((g) => ({ object: g.binding, message: 'grants node proxy, token, CSR approval or webhook access' })),
};
