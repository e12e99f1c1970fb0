/** The field kinds of the spec: each refuses bad input with a message that reads after its field path. */
import { z } from 'zod';
import { DNS_LABEL, DNS_SUBDOMAIN } from '../../constructs/lib/naming';
import { isQuantity, parseQuantity } from '../../constructs/lib/quantity';
import { parseCidr } from '../../constructs/lib/cidr';

/** An error message that says "is required" when the field is missing and `expected` otherwise. */
export function expecting(expected: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : expected) };
}

const DNS_LABEL_TEXT = 'must be a DNS label (at most 63 characters of a-z, 0-9 and -, starting and ending with a letter or digit)';

export const dnsLabel = z.string(expecting(DNS_LABEL_TEXT)).regex(DNS_LABEL, { error: DNS_LABEL_TEXT });

export const hostname = z
  .string(expecting('must be a DNS name or an IP address'))
  .refine((v) => DNS_SUBDOMAIN.test(v) || /^\d{1,3}(\.\d{1,3}){3}$/.test(v), { error: 'must be a DNS name or an IP address' });

/** A reference to an existing Secret: its name only, never its content. */
export const secretName = z
  .string(expecting('must name an existing Secret (a DNS subdomain)'))
  .regex(DNS_SUBDOMAIN, { error: 'must name an existing Secret (a DNS subdomain), never hold the secret itself' });

const QUANTITY_TEXT = 'must be a Kubernetes quantity such as "8", "500m" or "64Gi"';
export const quantity = z.union([z.string(), z.number()], expecting(QUANTITY_TEXT)).transform(String).refine(isQuantity, { error: QUANTITY_TEXT });

/** A size or capacity: a quantity greater than zero. */
export const positiveQuantity = quantity.refine((v) => (parseQuantity(v) ?? 0) > 0, { error: 'must be a Kubernetes quantity greater than 0' });

/** A path below some root: no `.` or `..` segment, so it cannot leave it. */
export const pathBelow = (what: string) =>
  z
    .string(expecting(`must be ${what}`))
    .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, { error: `must be ${what}` })
    .refine((v) => !v.split('/').some((segment) => segment === '.' || segment === '..'), { error: `must be ${what} (no "." or ".." segments)` });

export function wholeNumber(min: number, max?: number) {
  const text = max === undefined ? `must be a whole number >= ${min}` : `must be a whole number from ${min} to ${max}`;
  const base = z.number(expecting(text)).int({ error: text }).min(min, { error: text });
  return max === undefined ? base : base.max(max, { error: text });
}

/** A mapping of known fields; anything else is refused by name. */
export function section<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, expecting('must be a mapping of fields'));
}

export const flag = z.boolean(expecting('must be true or false'));

export const text = (what = 'must be a non-empty string') => z.string(expecting(what)).min(1, { error: what });

/** Image or chart references are host[:port]/path prefixes, no scheme. */
export const registryPrefix = z
  .string(expecting('must be a registry prefix such as "registry.lab.local:5000/mirror"'))
  .regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._/-]+)?$/, { error: 'must be a registry prefix such as "registry.lab.local:5000/mirror"' });

export const url = (schemes: string) =>
  z
    .string(expecting(`must be a URL starting with ${schemes}`))
    .regex(new RegExp(`^(${schemes.split(' or ').join('|')})[^\\s]+$`), { error: `must be a URL starting with ${schemes}` });

export const cidr = z.string(expecting('must be an IPv4 CIDR such as "10.44.0.0/24"')).refine((v) => parseCidr(v) !== undefined, {
  error: 'must be an IPv4 CIDR such as "10.44.0.0/24"',
});

/** A Curve25519 key as WireGuard writes it: 32 bytes of base64. */
const WIREGUARD_KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

export const wireguardPublicKey = z.string(expecting('must be a WireGuard public key (44 characters of base64)')).regex(WIREGUARD_KEY, {
  error: 'must be a WireGuard public key (44 characters of base64)',
});

export const ipv4 = z
  .string(expecting('must be an IPv4 address'))
  .regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, { error: 'must be an IPv4 address' });
