import { type Guardrail, objectRef, type Violation } from '../guardrail';
import { podTemplates } from '../inspect';

/** The sysctls Pod Security `baseline` allows. */
export const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];

/** SEC-13: only namespaced, safe sysctls. */
export const sec13SafeSysctls: Guardrail = {
  id: 'SEC-13',
  level: 'error',
  title: 'securityContext.sysctls names only sysctls of the Pod Security safe list',
  fix: 'Drop the sysctl, or tune the node instead.',
  check({ objects }) {
    const out: Violation[] = [];
    for (const { owner, spec } of podTemplates(objects)) {
      for (const s of spec.securityContext?.sysctls ?? [])
        if (!SAFE_SYSCTLS.includes(s.name)) out.push({ object: objectRef(owner), message: `sets unsafe sysctl ${s.name}` });
    }
    return out;
  },
};
