import type { Guardrail } from '../guardrail';
import { objectsIn, tenantNamespaces } from '../inspect';

/** SEC-46: pods without requests get defaults instead of being refused by the quota. */
export const sec46LimitRange: Guardrail = {
  id: 'SEC-46',
  level: 'error',
  title: 'Each tenant namespace has a LimitRange of type Container with default and defaultRequest',
  fix: 'Keep the TenantNamespace LimitRange (containerDefaults tunes it).',
  check({ objects }) {
    return [...tenantNamespaces(objects)]
      .filter(
        (ns) =>
          !objectsIn(objects, ns, 'LimitRange').some((lr) => (lr.spec?.limits ?? []).some((l: any) => l.type === 'Container' && l.default && l.defaultRequest)),
      )
      .map((ns) => ({ object: `Namespace//${ns}`, message: 'has no LimitRange with Container default and defaultRequest' }));
  },
};
