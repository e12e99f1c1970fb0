import type { Guardrail } from '../guardrail';
import { checkContainers } from '../hardening';

/** SEC-02: no privileged container. */
export const sec02Privileged: Guardrail = {
  id: 'SEC-02',
  level: 'error',
  title: 'securityContext.privileged is absent or false on every container',
  fix: 'Drop privileged; grant the one capability needed instead, with an exemption.',
  check: (input) =>
    checkContainers(
      input,
      (c) => c.securityContext?.privileged !== true,
      () => 'is privileged',
    ),
};
