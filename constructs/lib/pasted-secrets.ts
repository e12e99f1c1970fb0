/** A private key pasted as a value. */
export const PRIVATE_KEY_VALUE = /-BEGIN .*PRIVATE KEY-/;

/** Credentials pasted where a reference belongs, and what each looks like. */
const PASTED_SECRETS = [
  { pattern: PRIVATE_KEY_VALUE, what: 'a private key' },
  { pattern: /PrivateKey\s*=/, what: 'a WireGuard private key (a PrivateKey line); give public keys only (wg pubkey < private key)' },
  { pattern: /\bAKIA[0-9A-Z]{16}\b/, what: 'an access key ID' },
  { pattern: /:\/\/[^\s/:@]+:[^\s/@]+@/, what: 'a URL with a password' },
];

/** What a pasted credential in `value` looks like, or undefined when it looks like none. */
export function pastedSecretKind(value: string): string | undefined {
  return PASTED_SECRETS.find((s) => s.pattern.test(value))?.what;
}

/** `value` as it may appear in an error or log: its content when it holds no credential, otherwise only what it looks like and its length. */
export function redacted(value: string): string {
  const kind = pastedSecretKind(value);
  return kind ? `<redacted: ${kind.split(' (')[0]}, ${value.length} characters>` : value;
}
