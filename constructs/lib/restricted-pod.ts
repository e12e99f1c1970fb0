/** What the platform's own pods share: the restricted pod and container security contexts, the default user, spreading over nodes. */
import type { SecurityContext } from 'cdk8s-plus-28/lib/imports/k8s';
import { HOSTNAME_LABEL } from './labels';

/** The security context of every container of the platform's own pods: no escalation, read-only root, no capabilities. */
export const HARDENED_CONTAINER: SecurityContext = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };

/** The user and group the platform's own pods run as when nothing asks for another. */
export const PLATFORM_USER = { uid: 10001, gid: 10001 } as const;

/** The runtime's default seccomp profile, which Pod Security `restricted` asks for. */
export const RUNTIME_DEFAULT_SECCOMP = { type: 'RuntimeDefault' } as const;

/**
 * A container security context that stands on its own under `restricted` (for pods whose pod-level context the
 * platform does not write, such as an operator's): the user, no escalation, read-only root, no capabilities, seccomp.
 */
export function restrictedContainerSecurity(runAs: { readonly uid: number; readonly gid: number }) {
  return { runAsUser: runAs.uid, runAsGroup: runAs.gid, runAsNonRoot: true, ...HARDENED_CONTAINER, seccompProfile: { ...RUNTIME_DEFAULT_SECCOMP } };
}

/**
 * A container that must run as root (the VPN gateway: creating its interface, serving DNS on port 53), hardened
 * otherwise: no escalation, read-only root, every capability dropped but `add`. Guardrails SEC-08 and SEC-09 want
 * an exemption with its reason for it.
 */
export function rootContainerSecurity(add: readonly string[]) {
  return { runAsUser: 0, runAsNonRoot: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'], add: [...add] } };
}

/** A pod security context under Pod Security `restricted`: non-root as `runAs`, the runtime's seccomp profile. */
export function restrictedPodSecurity(runAs: { readonly uid: number; readonly gid: number } = PLATFORM_USER, fsGroup?: number) {
  return {
    runAsNonRoot: true,
    runAsUser: runAs.uid,
    runAsGroup: runAs.gid,
    ...(fsGroup !== undefined ? { fsGroup } : {}),
    seccompProfile: { ...RUNTIME_DEFAULT_SECCOMP },
  };
}

/** Spreads a workload's replicas over nodes where it can (a node lost takes one replica, not all). */
export function spreadOverNodes(matchLabels: Readonly<Record<string, string>>) {
  return [{ maxSkew: 1, topologyKey: HOSTNAME_LABEL, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { ...matchLabels } } }];
}
