/** Pod Security Admission labels, one helper for every namespace the platform creates. */

/** Pod Security levels, strictest first. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

const PSA = 'pod-security.kubernetes.io';

/** Labels that enforce `level` and warn and audit at `restricted`, all at the pinned `version` (`v1.31`). */
export function podSecurityLabels(level: PodSecurityLevel, version: string): Record<string, string> {
  return {
    [`${PSA}/enforce`]: level,
    [`${PSA}/enforce-version`]: version,
    [`${PSA}/warn`]: 'restricted',
    [`${PSA}/warn-version`]: version,
    [`${PSA}/audit`]: 'restricted',
    [`${PSA}/audit-version`]: version,
  };
}

/** Throws unless a level below `restricted` comes with a reason of at least 10 characters. */
export function requireExemptionReason(subject: string, level: PodSecurityLevel, reason: string | undefined): void {
  if (level !== 'restricted' && (reason ?? '').trim().length < 10) {
    throw new Error(`${subject}: podSecurity "${level}" needs an exemptionReason of at least 10 characters`);
  }
}
