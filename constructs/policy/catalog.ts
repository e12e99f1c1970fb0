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
};
