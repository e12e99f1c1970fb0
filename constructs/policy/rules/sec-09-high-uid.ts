import type { Guardrail } from '../guardrail';
import { checkContainers } from '../hardening';

/** SEC-09 (stricter, warning): containers run as a high UID, clear of host users. */
export const sec09HighUid: Guardrail = {
  id: 'SEC-09',
  level: 'warning',
  title: 'The effective runAsUser is at least 10000',
  fix: 'Run as UID 10001 (the platform default) or higher.',
  check: (input) =>
    checkContainers(
      input,
      (c, pod) => (c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser ?? 0) >= 10000,
      () => 'runs with a UID below 10000',
    ),
};
