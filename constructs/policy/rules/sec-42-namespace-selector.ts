import { NAMESPACE_NAME_LABEL } from '../../lib/labels';
import { type Guardrail, objectRef, type Violation, ofKind } from '../guardrail';

/** SEC-42: cross-namespace peers name their namespace by its immutable label; `{}` never appears. */
export const sec42NamespaceSelector: Guardrail = {
  id: 'SEC-42',
  level: 'error',
  title: `Cross-namespace peers use namespaceSelector.matchLabels["${NAMESPACE_NAME_LABEL}"]; an empty namespaceSelector is never generated`,
  fix: `Select the peer namespace with matchLabels: { ${NAMESPACE_NAME_LABEL}: <name> }.`,
  check({ objects }) {
    const out: Violation[] = [];
    for (const policy of ofKind(objects, 'NetworkPolicy')) {
      const sides: [any[] | undefined, 'from' | 'to'][] = [
        [policy.spec?.ingress, 'from'],
        [policy.spec?.egress, 'to'],
      ];
      for (const [rules, peers] of sides) {
        for (const rule of rules ?? []) {
          for (const peer of rule[peers] ?? []) {
            const selector = peer.namespaceSelector;
            if (selector && !selector.matchLabels?.[NAMESPACE_NAME_LABEL]) {
              const shown = Object.keys(selector).length === 0 ? '{}' : JSON.stringify(selector);
              out.push({ object: objectRef(policy), message: `has namespaceSelector ${shown} instead of one naming ${NAMESPACE_NAME_LABEL}` });
            }
          }
        }
      }
    }
    return out;
  },
};
