import { parseQuantity } from '../../lib/quantity';
import type { Guardrail } from '../guardrail';
import { checkContainers } from '../hardening';

const GPU = 'nvidia.com/gpu';

/** SEC-17: GPUs are requested whole, and requests equal limits. */
export const sec17WholeGpus: Guardrail = {
  id: 'SEC-17',
  level: 'error',
  title: 'nvidia.com/gpu quantities are whole numbers, and requests equal limits when both are set',
  fix: 'Request whole GPUs (time-slicing or MIG share them); set requests equal to limits.',
  check: (input) =>
    checkContainers(
      input,
      (c) => {
        const request = c.resources?.requests?.[GPU];
        const limit = c.resources?.limits?.[GPU];
        const whole = [request, limit].every((q) => q === undefined || Number.isInteger(parseQuantity(q)));
        const equal = request === undefined || limit === undefined || parseQuantity(request) === parseQuantity(limit);
        return whole && equal;
      },
      (c) => `asks for GPUs ${JSON.stringify({ requests: c.resources?.requests?.[GPU], limits: c.resources?.limits?.[GPU] })}`,
    ),
};
