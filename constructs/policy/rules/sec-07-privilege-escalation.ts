import type { Guardrail } from '../guardrail';
import { checkContainers } from '../hardening';

/** SEC-07: every container says allowPrivilegeEscalation: false, explicitly. */
export const sec07PrivilegeEscalation: Guardrail = {
  id: 'SEC-07',
  level: 'error',
  title: 'securityContext.allowPrivilegeEscalation is set to false on every container',
  fix: 'Set securityContext.allowPrivilegeEscalation: false.',
  check: (input) =>
    checkContainers(
      input,
      (c) => c.securityContext?.allowPrivilegeEscalation === false,
      () => 'does not set allowPrivilegeEscalation: false',
    ),
};
