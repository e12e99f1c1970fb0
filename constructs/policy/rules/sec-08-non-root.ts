import type { Guardrail } from '../guardrail';
import { checkContainers } from '../hardening';

/** SEC-08: containers run as a non-root user. */
export const sec08NonRoot: Guardrail = {
  id: 'SEC-08',
  level: 'error',
  title: 'runAsNonRoot is true on the pod or every container, and no runAsUser is 0',
  fix: 'Set runAsNonRoot: true and a non-zero runAsUser (10001).',
  check: (input) =>
    checkContainers(
      input,
      (c, pod) =>
        (c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) === true &&
        (c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser) !== 0,
      () => 'may run as root',
    ),
};
