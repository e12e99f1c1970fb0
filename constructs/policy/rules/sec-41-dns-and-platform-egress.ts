import { type Guardrail, objectRef, type Violation } from '../guardrail';
import { objectsIn, peerNamespace, tenantNamespaces } from '../inspect';

function allowsDns(rule: any): boolean {
  const toKubeSystem = (rule.to ?? []).some((peer: any) => peerNamespace(peer) === 'kube-system');
  const ports = (rule.ports ?? []).filter((p: any) => Number(p.port) === 53).map((p: any) => p.protocol ?? 'TCP');
  return toKubeSystem && ports.includes('UDP') && ports.includes('TCP');
}

/** SEC-41: tenants reach DNS and the listed platform endpoints, and nothing else outside their namespace. */
export const sec41DnsAndPlatformEgress: Guardrail = {
  id: 'SEC-41',
  level: 'error',
  title: 'Each tenant namespace allows egress to cluster DNS (UDP/TCP 53 in kube-system) and otherwise only to listed platform namespaces',
  fix: 'Let TenantNamespace write the egress policies from the platform endpoints; never allow egress without a destination or to an ipBlock.',
  check({ objects, facts }) {
    const out: Violation[] = [];
    const allowed = new Set(facts.platformNamespaces);
    for (const ns of tenantNamespaces(objects)) {
      const policies = objectsIn(objects, ns, 'NetworkPolicy');
      if (!policies.some((p) => (p.spec?.egress ?? []).some(allowsDns))) {
        out.push({ object: `Namespace//${ns}`, message: 'has no egress allow to cluster DNS on UDP and TCP 53' });
      }
      for (const policy of policies) {
        for (const rule of policy.spec?.egress ?? []) {
          if (!rule.to?.length) {
            out.push({ object: objectRef(policy), message: 'has an egress rule without destinations (allows every destination)' });
            continue;
          }
          for (const peer of rule.to) {
            const target = peerNamespace(peer);
            if (peer.ipBlock) out.push({ object: objectRef(policy), message: `allows egress to ipBlock ${peer.ipBlock.cidr}` });
            else if (!peer.namespaceSelector)
              continue; // same namespace
            else if (target === 'kube-system' && allowsDns(rule)) continue;
            else if (!target || !allowed.has(target))
              out.push({ object: objectRef(policy), message: `allows egress to namespace ${target ?? '(selector)'}, which is not a listed platform endpoint` });
          }
        }
      }
    }
    return out;
  },
};
