import { NAMESPACE_NAME_LABEL } from '../../lib/labels';
import { type Guardrail, objectRef, type Violation } from '../guardrail';

/** SEC-42: cross-namespace peers name their namespace by its immutable label; `{}` never appears. */
export const sec42NamespaceSelector: Guardrail = {
  id: 'SEC-42',
  level: 'error',
  title: `Cross-namespace peers use namespaceSelector.matchLabels["${NAMESPACE_NAME_LABEL}"]; an empty namespaceSelector is never generated`,
  fix: `Select the peer namespace with matchLabels: { ${NAMESPACE_NAME_LABEL}: <name> }.`,
  check({ objects }) {
    const out: Violation[] = [];
    for (const policy of objects.filter((o) => o.kind === 'NetworkPolicy')) {
      const peers = [...(policy.spec?.ingress ?? []).flatMap((r: any) => r.from ?? []), ...(policy.spec?.egress ?? []).flatMap((r: any) => r.to ?? [])];
      for (const peer of peers) {
        if (!peer.namespaceSelector) continue;
        const selector = peer.namespaceSelector;
        if (!selector.matchLabels?.[NAMESPACE_NAME_LABEL]) {
          const shown = Object.keys(selector).length === 0 ? '{}' : JSON.stringify(selector);
          out.push({ object: objectRef(policy), message: `has namespaceSelector ${shown} instead of one naming ${NAMESPACE_NAME_LABEL}` });
        }
      }
    }
    return out;
  },
};
