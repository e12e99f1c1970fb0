import type { Guardrail } from '../guardrail';
import { objectsIn, tenantNamespaces } from '../inspect';

/** SEC-40: every tenant namespace starts from deny-all in both directions. */
export const sec40DefaultDeny: Guardrail = {
  id: 'SEC-40',
  level: 'error',
  title: 'Each tenant namespace has a NetworkPolicy selecting all pods with policyTypes [Ingress, Egress] and no rules',
  fix: 'Keep the TenantNamespace default-deny NetworkPolicy; open traffic with additional, narrower policies.',
  check({ objects }) {
    return [...tenantNamespaces(objects)]
      .filter(
        (ns) =>
          !objectsIn(objects, ns, 'NetworkPolicy').some((p) => {
            const spec = p.spec ?? {};
            const types = [...(spec.policyTypes ?? [])].sort().join(',');
            return Object.keys(spec.podSelector ?? { x: 1 }).length === 0 && types === 'Egress,Ingress' && !spec.ingress?.length && !spec.egress?.length;
          }),
      )
      .map((ns) => ({ object: `Namespace//${ns}`, message: 'has no default-deny NetworkPolicy for ingress and egress' }));
  },
};
