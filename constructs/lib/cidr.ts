/** IPv4 CIDR arithmetic for VPN address plans. */

/** A parsed IPv4 range. */
export interface Cidr {
  /** The network address as an unsigned 32-bit number. */
  readonly network: number;
  /** Prefix length, 0 to 32. */
  readonly prefix: number;
  /** How many addresses the range holds. */
  readonly size: number;
}

/** Parses `a.b.c.d/n`; `undefined` when it is not a canonical IPv4 CIDR (host bits must be zero). */
export function parseCidr(cidr: string): Cidr | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) return undefined;
  return { network: address, prefix, size };
}

/** Formats an unsigned 32-bit address as dotted quad. */
export function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/** Address ranges reserved for private networks (RFC 1918) and carrier-grade NAT (RFC 6598). */
export const PRIVATE_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

/** Whether `inner` lies within `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.network >= outer.network && inner.network + inner.size <= outer.network + outer.size;
}
