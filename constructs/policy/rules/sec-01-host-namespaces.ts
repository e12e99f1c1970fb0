import { type Guardrail, objectRef } from '../guardrail';
import { podTemplates } from '../inspect';

/** SEC-01: pods do not share the node's network, process or IPC namespaces. */
export const sec01HostNamespaces: Guardrail = {
  id: 'SEC-01',
  level: 'error',
  title: 'hostNetwork, hostPID and hostIPC are absent or false',
  fix: 'Remove the host namespace; expose the workload through a Service instead.',
  check({ objects }) {
    return podTemplates(objects).flatMap(({ owner, spec }) =>
      ['hostNetwork', 'hostPID', 'hostIPC'].filter((k) => spec[k] === true).map((k) => ({ object: objectRef(owner), message: `sets ${k}` })),
    );
  },
};
