import { tenantNamespaceProblem } from '../../lib/naming';
import type { Guardrail } from '../guardrail';
import { tenantNamespaces } from '../inspect';

/** SEC-38: tenant namespace names are DNS labels and never Kubernetes' or the platform's. */
export const sec38TenantNamespaceName: Guardrail = {
  id: 'SEC-38',
  level: 'error',
  title: 'Tenant namespace names are RFC 1123 labels, do not start with kube- and are not a system or platform namespace',
  fix: 'Rename the user in the spec.',
  check({ objects }) {
    return [...tenantNamespaces(objects)].flatMap((ns) => {
      const problem = tenantNamespaceProblem(ns);
      return problem ? [{ object: `Namespace//${ns}`, message: `name ${problem}` }] : [];
    });
  },
};
