import { type Guardrail, objectRef, resourceRef, terraformResources, type Violation } from '../guardrail';
import { CLUSTER_SCOPED_KINDS } from '../inspect';

/** SEC-37: namespaced objects and Helm releases name a namespace, never `default`. */
export const sec37ExplicitNamespace: Guardrail = {
  id: 'SEC-37',
  level: 'error',
  title: 'Every namespaced object sets metadata.namespace, and it is not default',
  fix: 'Set the namespace explicitly; platform services use their own namespace, tenant objects the tenant namespace.',
  check({ objects, stacks }) {
    const out: Violation[] = [];
    for (const o of objects) {
      if (CLUSTER_SCOPED_KINDS.has(o.kind)) continue;
      const ns = o.metadata.namespace;
      if (!ns) out.push({ object: objectRef(o), message: 'sets no namespace' });
      else if (ns === 'default') out.push({ object: objectRef(o), message: 'is in the default namespace' });
    }
    for (const r of terraformResources(stacks).filter((r) => r.type === 'helm_release')) {
      if (!r.body.namespace || r.body.namespace === 'default') out.push({ object: resourceRef(r), message: 'installs into the default namespace' });
    }
    return out;
  },
};
