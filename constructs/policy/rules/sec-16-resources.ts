import type { Guardrail } from '../guardrail';
import { checkContainers } from '../hardening';

/** SEC-16: every container states what it needs and caps its memory. */
export const sec16Resources: Guardrail = {
  id: 'SEC-16',
  level: 'error',
  title: 'Every container sets requests.cpu, requests.memory and limits.memory',
  fix: 'Set resources.requests (cpu, memory) and resources.limits.memory.',
  check: (input) =>
    checkContainers(
      input,
      (c) => c.resources?.requests?.cpu !== undefined && c.resources?.requests?.memory !== undefined && c.resources?.limits?.memory !== undefined,
      () => 'misses cpu/memory requests or a memory limit',
    ),
};
