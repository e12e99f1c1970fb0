/**
 * Our exemptions, made visible to the auditors sites already run on the live
 * cluster: for each guardrail an exemption names, the checks of Polaris,
 * kube-linter and Checkov that see the same thing, and the annotations each
 * honours on the object itself — Polaris `polaris.fairwinds.com/<check>-exempt`
 * (its docs/checks/security.md keys), kube-linter
 * `ignore-check.kube-linter.io/<check>` (docs/generated/checks.md names) and
 * Checkov `checkov.io/skip<N>: <ID>=<reason>` — with our reason. A check is
 * exempted only where the object shows what it looks for, so an exemption
 * for the host network hides no host PID.
 */
import { type KubeObject, objectRef, ofKind } from './guardrail';
import type { Suppression } from './guardrail-pack';
import { containersOf, podTemplates } from './inspect';

/** What one auditor check looks for in a pod, and its name in each tool (none where a tool has no such check). */
interface AuditorCheck {
  readonly applies: (pod: Record<string, any>) => boolean;
  readonly polaris?: string;
  readonly kubeLinter?: string;
  readonly checkov?: string;
}

const addedCapabilities = (pod: Record<string, any>): string[] => containersOf(pod).flatMap((c) => c.securityContext?.capabilities?.add ?? []);
const DANGEROUS = ['SYS_ADMIN', 'NET_ADMIN', 'ALL'];
const rootAllowed = (pod: Record<string, any>) =>
  containersOf(pod).some((c) => (c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) !== true);
const uid = (pod: Record<string, any>, c: Record<string, any>): number | undefined => c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;

/** The auditor checks of each guardrail that an exemption can name. */
export const AUDITOR_CHECKS: Readonly<Record<string, readonly AuditorCheck[]>> = {
  'SEC-01': [
    { applies: (p) => p.hostNetwork === true, polaris: 'hostNetworkSet', kubeLinter: 'host-network', checkov: 'CKV_K8S_19' },
    { applies: (p) => p.hostPID === true, polaris: 'hostPIDSet', kubeLinter: 'host-pid', checkov: 'CKV_K8S_17' },
    { applies: (p) => p.hostIPC === true, polaris: 'hostIPCSet', kubeLinter: 'host-ipc', checkov: 'CKV_K8S_18' },
  ],
  'SEC-02': [
    {
      applies: (p) => containersOf(p).some((c) => c.securityContext?.privileged === true),
      polaris: 'runAsPrivileged',
      kubeLinter: 'privileged-container',
      checkov: 'CKV_K8S_16',
    },
  ],
  'SEC-03': [
    { applies: (p) => addedCapabilities(p).some((c) => DANGEROUS.includes(c)), polaris: 'dangerousCapabilities' },
    { applies: (p) => addedCapabilities(p).some((c) => !DANGEROUS.includes(c)), polaris: 'insecureCapabilities' },
    { applies: (p) => addedCapabilities(p).includes('NET_RAW'), kubeLinter: 'drop-net-raw-capability', checkov: 'CKV_K8S_28' },
    { applies: (p) => addedCapabilities(p).length > 0, checkov: 'CKV_K8S_25' },
    { applies: (p) => addedCapabilities(p).length > 0, checkov: 'CKV_K8S_37' },
    { applies: (p) => addedCapabilities(p).includes('SYS_ADMIN'), checkov: 'CKV_K8S_39' },
  ],
  'SEC-06': [{ applies: (p) => containersOf(p).some((c) => (c.ports ?? []).some((x: any) => x.hostPort)), polaris: 'hostPortSet', checkov: 'CKV_K8S_26' }],
  'SEC-07': [
    {
      applies: (p) => containersOf(p).some((c) => c.securityContext?.allowPrivilegeEscalation !== false),
      polaris: 'privilegeEscalationAllowed',
      kubeLinter: 'privilege-escalation-container',
      checkov: 'CKV_K8S_20',
    },
  ],
  'SEC-08': [{ applies: rootAllowed, polaris: 'runAsRootAllowed', kubeLinter: 'run-as-non-root', checkov: 'CKV_K8S_23' }],
  'SEC-09': [{ applies: (p) => containersOf(p).some((c) => (uid(p, c) ?? 0) < 10000), checkov: 'CKV_K8S_40' }],
  'SEC-22': [{ applies: (p) => p.automountServiceAccountToken !== false, polaris: 'automountServiceAccountToken', checkov: 'CKV_K8S_38' }],
  'SEC-15': [
    {
      applies: (p) => containersOf(p).some((c) => c.securityContext?.readOnlyRootFilesystem !== true),
      polaris: 'notReadOnlyRootFilesystem',
      kubeLinter: 'no-read-only-root-fs',
      checkov: 'CKV_K8S_22',
    },
  ],
};

/** Guardrails with no counterpart in these auditors, and why an exemption of them needs no annotation there. */
export const NO_AUDITOR_CHECK: Readonly<Record<string, string>> = {
  'PLT-02': 'a namespace’s Pod Security level: Polaris, kube-linter and Checkov check workloads, not namespace labels; the namespace carries the reason',
};

/** Annotation that carries our reason on the object, for every exempted guardrail. */
export function reasonAnnotation(rule: string): string {
  return `mlops-platform.io/exempt-${rule}`;
}

/**
 * The annotations that exempt a workload from what `rule` covers in each
 * auditor, for the checks its pod template actually trips, with the
 * Checkov IDs numbered from `checkovIndex` and none of `skipCheckov` repeated.
 */
export function auditorAnnotations(
  rule: string,
  reason: string,
  pod: Record<string, any>,
  checkovIndex = 1,
  skipCheckov: readonly string[] = [],
): Record<string, string> {
  const checks = (AUDITOR_CHECKS[rule] ?? []).filter((c) => c.applies(pod));
  const checkov = [...new Set(checks.flatMap((c) => (c.checkov && !skipCheckov.includes(c.checkov) ? [c.checkov] : [])))];
  return {
    [reasonAnnotation(rule)]: reason,
    ...Object.fromEntries(checks.flatMap((c) => (c.polaris ? [[`polaris.fairwinds.com/${c.polaris}-exempt`, 'true']] : []))),
    ...Object.fromEntries(checks.flatMap((c) => (c.kubeLinter ? [[`ignore-check.kube-linter.io/${c.kubeLinter}`, reason]] : []))),
    ...Object.fromEntries(checkov.map((id, i) => [`checkov.io/skip${checkovIndex + i}`, `${id}=${reason}`])),
  };
}

/**
 * Writes each exemption's annotations onto the synthesized object it names
 * (`Kind/namespace/name`); exemptions of Terraform resources are left to
 * their construct.
 */
export function annotateExemptions(objects: readonly KubeObject[], exemptions: readonly Suppression[]): void {
  const named = new Set(exemptions.map((e) => e.object));
  const byRef = new Map<string, KubeObject>();
  for (const o of ofKind(objects, ...new Set(exemptions.map((e) => e.object.split('/')[0])))) {
    const ref = objectRef(o);
    if (named.has(ref)) byRef.set(ref, o);
  }
  // The pod an exempted object runs, for the checks that name its containers.
  const pods = new Map(podTemplates([...byRef.values()]).map(({ owner, spec }) => [objectRef(owner), spec]));
  for (const exemption of exemptions) {
    const object = byRef.get(exemption.object);
    if (!object) continue;
    const metadata = object.metadata as { annotations?: Record<string, string> };
    const skips = Object.entries(metadata.annotations ?? {}).filter(([k]) => k.startsWith('checkov.io/skip'));
    const added = auditorAnnotations(
      exemption.rule,
      exemption.reason,
      pods.get(exemption.object) ?? {},
      skips.length + 1,
      skips.map(([, v]) => v.split('=')[0]),
    );
    metadata.annotations = { ...metadata.annotations, ...added };
  }
}
