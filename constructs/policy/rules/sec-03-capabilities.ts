import type { Guardrail } from '../guardrail';
import { checkContainers } from '../hardening';

/** SEC-03: every container drops all capabilities and adds back at most NET_BIND_SERVICE. */
export const sec03Capabilities: Guardrail = {
  id: 'SEC-03',
  level: 'error',
  title: 'capabilities.drop contains ALL and capabilities.add is at most NET_BIND_SERVICE',
  fix: 'Set securityContext.capabilities: { drop: [ALL] }.',
  check: (input) =>
    checkContainers(
      input,
      (c) =>
        (c.securityContext?.capabilities?.drop ?? []).includes('ALL') &&
        (c.securityContext?.capabilities?.add ?? []).every((a: string) => a === 'NET_BIND_SERVICE'),
      (c) =>
        `keeps capabilities (drop ${JSON.stringify(c.securityContext?.capabilities?.drop ?? [])}, add ${JSON.stringify(c.securityContext?.capabilities?.add ?? [])})`,
    ),
};
