/**
 * Every rule of GUARDRAILS.md by ID, so a test can prove each one is either
 * implemented in the pack or deliberately not applicable, with the reason.
 */

/** The rule IDs GUARDRAILS.md defines. */
export const GUARDRAILS_MD_IDS: readonly string[] = [
  ...Array.from({ length: 47 }, (_, i) => `SEC-${String(i + 1).padStart(2, '0')}`),
  'SEC-48b',
  ...Array.from({ length: 12 }, (_, i) => `REL-${String(i + 1).padStart(2, '0')}`),
];

/** Rules of GUARDRAILS.md the platform does not implement, and why. */
export const NOT_APPLICABLE: Readonly<Record<string, string>> = {
  'SEC-21':
    'optional in GUARDRAILS.md; images are pinned and pulled from the site mirror, and imagePullPolicy Always would make every restart depend on the registry, which hurts availability on premises',
  'SEC-48b':
    'not yet enforced: Istio now comes with the Kubeflow units (distribution defaults, no PeerAuthentication); STRICT mTLS for kubeflow and tenant namespaces needs per-port exceptions for webhooks the API server calls without a sidecar, and arrives with the one-gateway work',
};
