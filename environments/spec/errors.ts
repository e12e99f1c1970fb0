/** How the spec's problems are written: a field path, the message, the value. */
import type { z } from 'zod';
import { describeValue } from '../../constructs/lib/problems';
import { pastedSecretKind } from '../../constructs/lib/pasted-secrets';

/** `users[2].quota.gpus` from `['users', 2, 'quota', 'gpus']`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '') || '(spec)';
}

export function pastedSecrets(value: unknown, path: PropertyKey[], out: string[]): string[] {
  if (typeof value === 'string') {
    const kind = pastedSecretKind(value);
    if (kind) out.push(`${fieldPath(path)}: looks like ${kind}; reference an existing Secret instead of pasting credentials`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      pastedSecrets(v, [...path, i], out);
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pastedSecrets(v, [...path, k], out);
  }
  return out;
}

export function formatIssue(issue: z.core.$ZodIssue): string[] {
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${fieldPath([...path, key])}: is not a known field`);
  }
  const input = (issue as { input?: unknown }).input;
  const got = input === undefined || (input !== null && typeof input === 'object') ? '' : `, got ${describeValue(input)}`;
  return [`${fieldPath(path)}: ${issue.message}${got}`];
}
