import type { Guardrail } from '../guardrail';
import { checkContainers } from '../hardening';

/** SEC-10: every container runs under a seccomp profile. */
export const sec10Seccomp: Guardrail = {
  id: 'SEC-10',
  level: 'error',
  title: 'seccompProfile.type is RuntimeDefault or Localhost, on the pod or every container',
  fix: 'Set securityContext.seccompProfile.type: RuntimeDefault on the pod.',
  check: (input) =>
    checkContainers(
      input,
      (c, pod) => ['RuntimeDefault', 'Localhost'].includes(c.securityContext?.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type),
      () => 'has no seccomp profile',
    ),
};
