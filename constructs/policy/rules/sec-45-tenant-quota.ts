import { type Guardrail, type KubeObject, objectRef, type Violation } from '../guardrail';
import { objectsIn, tenantNamespaces } from '../inspect';

const REQUIRED = ['requests.cpu', 'requests.memory', 'limits.memory', 'requests.nvidia.com/gpu', 'requests.storage', 'persistentvolumeclaims', 'pods'];
const STANDARD =
  /^(requests\.|limits\.)?(cpu|memory|storage|ephemeral-storage)$|^(pods|services|secrets|configmaps|persistentvolumeclaims|replicationcontrollers|resourcequotas)$|^services\.(nodeports|loadbalancers)$|^count\/|\.storageclass\.storage\.k8s\.io\//;

/** Whether a quota covers only some pods (a scope or scope selector): it can only narrow what the tenant's quota allows. */
const scoped = (quota: KubeObject) => !!(quota.spec?.scopes?.length || quota.spec?.scopeSelector);

/** SEC-45: exactly one complete ResourceQuota per tenant (scoped ones only narrow it); extended resources only as `requests.`. */
export const sec45TenantQuota: Guardrail = {
  id: 'SEC-45',
  level: 'error',
  title: `Each tenant namespace has exactly one unscoped ResourceQuota with ${REQUIRED.join(', ')} (scoped ones only narrow it); extended resources only with the requests. prefix`,
  fix: 'Let TenantNamespace write the quota from users[].quota; do not add a second quota.',
  check({ objects }) {
    const out: Violation[] = [];
    for (const ns of tenantNamespaces(objects)) {
      const all = objectsIn(objects, ns, 'ResourceQuota');
      const unscoped = all.filter((q) => !scoped(q)).length;
      if (unscoped !== 1) out.push({ object: `Namespace//${ns}`, message: `has ${unscoped} unscoped ResourceQuotas, not exactly one` });
      for (const quota of all) {
        const hard = quota.spec?.hard ?? {};
        const missing = REQUIRED.filter((k) => !(k in hard));
        if (missing.length && !scoped(quota)) out.push({ object: objectRef(quota), message: `misses ${missing.join(', ')}` });
        const extendedWithoutPrefix = Object.keys(hard).filter((k) => !STANDARD.test(k) && !k.startsWith('requests.'));
        if (extendedWithoutPrefix.length)
          out.push({ object: objectRef(quota), message: `limits extended resources without the requests. prefix: ${extendedWithoutPrefix.join(', ')}` });
      }
    }
    return out;
  },
};
