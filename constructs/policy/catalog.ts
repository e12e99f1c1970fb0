/**
 * Every rule of docs/GUARDRAILS.md by ID, so a test can prove each one is
 * either implemented in the pack or deliberately not applicable, with the
 * reason (another test keeps this list equal to the document's).
 */

/** The rule IDs docs/GUARDRAILS.md defines. */
export const GUARDRAILS_MD_IDS: readonly string[] = [
  ...Array.from({ length: 47 }, (_, i) => `SEC-${String(i + 1).padStart(2, '0')}`),
  ...['a', 'b', 'c', 'd'].map((part) => `SEC-48${part}`),
  ...Array.from({ length: 12 }, (_, i) => `REL-${String(i + 1).padStart(2, '0')}`),
];

/** Rules of GUARDRAILS.md the platform does not implement, and why. */
export const NOT_APPLICABLE: Readonly<Record<string, string>> = {
  'SEC-21':
    'optional in GUARDRAILS.md; images are pinned and pulled from the site mirror, and imagePullPolicy Always would make every restart depend on the registry, which hurts availability on premises',
  'SEC-48b':
    'not yet enforced: Istio now comes with the Kubeflow units (distribution defaults, no PeerAuthentication); STRICT mTLS for kubeflow and tenant namespaces needs per-port exceptions for webhooks the API server calls without a sidecar, and arrives with the one-gateway work',
  'SEC-48c':
    'not yet a rule over the output: MinIO serves HTTPS with a certificate of the internal CA and CloudNativePG uses cert-manager certificates (their construct tests check both), but no rule yet reads every client connection setting (sslmode, S3 endpoints) across the output; it arrives with the one-gateway work',
};
