import type { Guardrail } from '../guardrail';
import { checkContainers } from '../hardening';

/** SEC-06: no container binds a port on the node. */
export const sec06HostPorts: Guardrail = {
  id: 'SEC-06',
  level: 'error',
  title: 'ports[].hostPort is absent or 0',
  fix: 'Remove hostPort; expose the port through a Service.',
  check: (input) =>
    checkContainers(
      input,
      (c) => (c.ports ?? []).every((p: any) => !p.hostPort),
      () => 'binds a host port',
    ),
};
