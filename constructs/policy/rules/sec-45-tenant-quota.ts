import { type Guardrail, objectRef, type Violation } from '../guardrail';
import { objectsIn, tenantNamespaces } from '../inspect';

const REQUIRED = ['requests.cpu', 'requests.memory', 'limits.memory', 'requests.nvidia.com/gpu', 'requests.storage', 'persistentvolumeclaims', 'pods'];
const STANDARD = /^(requests\.|limits\.)?(cpu|memory|storage|ephemeral-storage)$|^(pods|services|secrets|configmaps|persistentvolumeclaims|replicationcontrollers|resourcequotas)$|^services\.(nodeports|loadbalancers)$|^count\/|\.storageclass\.storage\.k8s\.io\//;

/** SEC-45: exactly one complete ResourceQuota per tenant; extended resources only as `requests.`. */
export const sec45TenantQuota: Guardrail = {
  id: 'SEC-45',
  level: 'error',
  title: `Each tenant namespace has exactly one ResourceQuota with ${REQUIRED.join(', ')}; extended resources only with the requests. prefix`,
  fix: 'Let TenantNamespace write the quota from users[].quota; do not add a second quota.',
  check({ objects }) {
    const out: Violation[] = [];
    for (const ns of tenantNamespaces(objects)) {
      const quotas = objectsIn(objects, ns, 'ResourceQuota');
      if (quotas.length !== 1) out.push({ object: `Namespace//${ns}`, message: `has ${quotas.length} ResourceQuotas, not exactly one` });
      for (const quota of quotas) {
        const hard = quota.spec?.hard ?? {};
        const missing = REQUIRED.filter((k) => !(k in hard));
        if (missing.length) out.push({ object: objectRef(quota), message: `misses ${missing.join(', ')}` });
        const extendedWithoutPrefix = Object.keys(hard).filter((k) => !STANDARD.test(k) && !k.startsWith('requests.'));
        if (extendedWithoutPrefix.length) out.push({ object: objectRef(quota), message: `limits extended resources without the requests. prefix: ${extendedWithoutPrefix.join(', ')}` });
      }
    }
    return out;
  },
};
