import { type Guardrail, objectRef, ofKind } from '../guardrail';
import { tenantNamespaces } from '../inspect';

/** SEC-44: tenants expose nothing outside the cluster; access goes through the VPN and ingress. */
export const sec44NoExposedServices: Guardrail = {
  id: 'SEC-44',
  level: 'error',
  title: 'No Service of type NodePort or LoadBalancer in tenant namespaces',
  fix: 'Use a ClusterIP Service behind the platform ingress, reachable over the VPN.',
  check({ objects }) {
    const tenants = tenantNamespaces(objects);
    return ofKind(objects, 'Service')
      .filter((o) => tenants.has(o.metadata.namespace ?? '') && ['NodePort', 'LoadBalancer'].includes(o.spec?.type))
      .map((o) => ({ object: objectRef(o), message: `is of type ${o.spec.type}` }));
  },
};
