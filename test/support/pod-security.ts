/**
 * Pod Security Admission's `restricted` level (which includes `baseline`), as
 * the API server checks it at the versions the platform pins (Kubernetes
 * k8s.io/pod-security-admission policy/check_*.go): host namespaces, privileged,
 * capabilities, hostPath and host ports, /proc mount, seccomp, sysctls,
 * volume types, privilege escalation, non-root and the user ID. One line per
 * problem, naming the container.
 */
import { RESTRICTED_VOLUME_TYPES } from '../../constructs/policy/rules/sec-05-volume-types';
import { SAFE_SYSCTLS } from '../../constructs/policy/rules/sec-13-safe-sysctls';

/** The problems Pod Security `restricted` finds in a pod spec; none when it is admitted. */
export function restrictedProblems(pod: Record<string, any>): string[] {
  const out: string[] = [];
  const podContext = pod.securityContext ?? {};
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) if (pod[field]) out.push(`pod: ${field}`);
  for (const volume of pod.volumes ?? []) {
    const type = Object.keys(volume).find((k) => k !== 'name');
    if (!type || !RESTRICTED_VOLUME_TYPES.includes(type)) out.push(`volume ${volume.name}: type ${type}`);
  }
  for (const sysctl of podContext.sysctls ?? []) if (!SAFE_SYSCTLS.includes(sysctl.name)) out.push(`pod: sysctl ${sysctl.name}`);
  const containers = [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    const at = `container ${c.name}`;
    if (sc.privileged) out.push(`${at}: privileged`);
    for (const cap of sc.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') out.push(`${at}: adds capability ${cap}`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) out.push(`${at}: does not drop ALL capabilities`);
    for (const port of c.ports ?? []) if (port.hostPort) out.push(`${at}: hostPort ${port.hostPort}`);
    if (sc.procMount && sc.procMount !== 'Default') out.push(`${at}: procMount ${sc.procMount}`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${at}: allowPrivilegeEscalation is not false`);
    const nonRoot = sc.runAsNonRoot ?? podContext.runAsNonRoot;
    if (nonRoot !== true) out.push(`${at}: runAsNonRoot is not true`);
    if ((sc.runAsUser ?? podContext.runAsUser) === 0) out.push(`${at}: runAsUser 0`);
    const seccomp = sc.seccompProfile?.type ?? podContext.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push(`${at}: seccompProfile ${seccomp ?? 'unset'}`);
  }
  return out;
}
