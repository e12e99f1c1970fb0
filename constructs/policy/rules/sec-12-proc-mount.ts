import type { Guardrail } from '../guardrail';
import { checkContainers } from '../hardening';

/** SEC-12: /proc stays masked. */
export const sec12ProcMount: Guardrail = {
  id: 'SEC-12',
  level: 'error',
  title: 'securityContext.procMount is unset or Default',
  fix: 'Remove procMount.',
  check: (input) =>
    checkContainers(
      input,
      (c) => [undefined, 'Default'].includes(c.securityContext?.procMount),
      (c) => `sets procMount ${c.securityContext.procMount}`,
    ),
};
