/**
 * VPN addresses from user names: a user's address depends only on their name
 * and the VPN range (or an address pinned in the spec), so adding or removing
 * a user never renumbers another. Two users that would share an address are
 * refused with a free address to pin instead.
 */
import { formatAddress, parseCidr } from './cidr';
import { compareText } from './text-order';

/** A user asking for an address. */
export interface VpnPeerRequest {
  readonly name: string;
  /** Pinned address (dotted quad), when the spec sets one. */
  readonly pinned?: string;
}

/** The outcome: addresses by user name, and the clashes to resolve. */
export interface VpnAddressPlan {
  readonly gateway: string;
  readonly addresses: ReadonlyMap<string, string>;
  readonly clashes: readonly { readonly name: string; readonly with: string; readonly address: string; readonly free: string }[];
  /** Pinned addresses outside the usable range. */
  readonly outside: readonly { readonly name: string; readonly address: string }[];
}

/** FNV-1a, 32 bits: small, stable across platforms and releases. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function toNumber(address: string): number | undefined {
  const parsed = parseCidr(`${address}/32`);
  return parsed?.network;
}

/** Plans addresses in `cidr`: the gateway takes the first host address; peers the rest, by name hash. */
export function planVpnAddresses(cidr: string, peers: readonly VpnPeerRequest[]): VpnAddressPlan {
  const range = parseCidr(cidr);
  if (!range || range.size < 4) throw new Error(`VPN range ${cidr} is not a usable IPv4 CIDR`);
  const first = range.network + 2;
  const hosts = range.size - 3; // network, gateway and broadcast are not peers
  const taken = new Map<number, string>();
  const addresses = new Map<string, string>();
  const clashes: { name: string; with: string; address: string; free: string }[] = [];
  const suggested = new Set<number>();
  const outside: { name: string; address: string }[] = [];
  const wanted = peers.map((p) => {
    const pinned = p.pinned !== undefined ? toNumber(p.pinned) : undefined;
    if (p.pinned !== undefined && (pinned === undefined || pinned < first || pinned >= first + hosts)) outside.push({ name: p.name, address: p.pinned });
    return { name: p.name, address: pinned ?? first + (fnv1a(p.name) % hosts), pinned: p.pinned !== undefined };
  });
  // Pinned addresses first, then by name: the outcome does not depend on the order of users in the spec.
  for (const peer of [...wanted].sort((a, b) => Number(b.pinned) - Number(a.pinned) || compareText(a.name, b.name))) {
    const holder = taken.get(peer.address);
    if (holder !== undefined) {
      let free = first;
      while (free < first + hosts && (taken.has(free) || suggested.has(free) || wanted.some((w) => w.address === free))) free++;
      suggested.add(free);
      clashes.push({ name: peer.name, with: holder, address: formatAddress(peer.address), free: formatAddress(free) });
      continue;
    }
    taken.set(peer.address, peer.name);
    addresses.set(peer.name, formatAddress(peer.address));
  }
  return { gateway: formatAddress(range.network + 1), addresses, clashes, outside };
}
