import type { Guardrail } from '../guardrail';
import { checkContainers } from '../hardening';

const ALLOWED_TYPES = [undefined, 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];

/** SEC-11: no custom SELinux user, role or type. */
export const sec11SeLinux: Guardrail = {
  id: 'SEC-11',
  level: 'error',
  title: 'seLinuxOptions.type is unset or a container type, and seLinuxOptions.user and role are unset',
  fix: 'Remove the custom seLinuxOptions.',
  check: (input) =>
    checkContainers(
      input,
      (c, pod) =>
        [c.securityContext?.seLinuxOptions, pod.securityContext?.seLinuxOptions].every(
          (o) => !o || (ALLOWED_TYPES.includes(o.type) && o.user === undefined && o.role === undefined),
        ),
      () => 'sets custom SELinux options',
    ),
};
