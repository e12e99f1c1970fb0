/**
 * A parser of WireGuard configuration files as `wg-quick` reads them
 * (wg(8) and wg-quick(8)): sections, known keys per section, and each value's
 * syntax. Returns the parsed sections and every problem, so tests check the
 * grammar instead of matching strings.
 */

/** One `[Interface]` or `[Peer]` section: its keys, in order. */
export interface WireguardSection {
  readonly name: 'Interface' | 'Peer';
  readonly values: Readonly<Record<string, string>>;
}

export interface WireguardConfig {
  readonly sections: readonly WireguardSection[];
  readonly problems: readonly string[];
}

const KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
const OCTET = '(25[0-5]|2[0-4]\\d|1?\\d?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);
const cidr = (v: string) => {
  const [ip, bits, ...rest] = v.split('/');
  return !rest.length && IPV4.test(ip) && bits !== undefined && /^\d+$/.test(bits) && Number(bits) <= 32;
};
const list = (check: (v: string) => boolean) => (v: string) => v.split(',').every((item) => check(item.trim()));
const port = (v: string) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535;
const HOST = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i;
const endpoint = (v: string) => {
  const at = v.lastIndexOf(':');
  return at > 0 && HOST.test(v.slice(0, at)) && port(v.slice(at + 1));
};
const anything = (v: string) => v.length > 0;

const GRAMMAR: Record<WireguardSection['name'], Record<string, (value: string) => boolean>> = {
  Interface: {
    PrivateKey: (v) => KEY.test(v),
    ListenPort: port,
    FwMark: (v) => /^(off|\d+|0x[0-9a-f]+)$/i.test(v),
    Address: list(cidr),
    DNS: list((v) => IPV4.test(v) || HOST.test(v)),
    MTU: (v) => /^\d+$/.test(v),
    Table: anything,
    PreUp: anything,
    PostUp: anything,
    PreDown: anything,
    PostDown: anything,
    SaveConfig: (v) => v === 'true' || v === 'false',
  },
  Peer: {
    PublicKey: (v) => KEY.test(v),
    PresharedKey: (v) => KEY.test(v),
    AllowedIPs: list(cidr),
    Endpoint: endpoint,
    PersistentKeepalive: (v) => v === 'off' || (/^\d+$/.test(v) && Number(v) <= 65535),
  },
};

/** Parses a configuration file. */
export function parseWireguardConfig(text: string): WireguardConfig {
  const sections: { name: WireguardSection['name']; values: Record<string, string> }[] = [];
  const problems: string[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/#.*/, '').trim();
    const where = `line ${i + 1}`;
    if (!line) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      if (header[1] !== 'Interface' && header[1] !== 'Peer') problems.push(`${where}: unknown section [${header[1]}]`);
      else sections.push({ name: header[1], values: {} });
      continue;
    }
    const pair = /^(\w+)\s*=\s*(.*)$/.exec(line);
    const section = sections[sections.length - 1];
    const check = pair && section ? GRAMMAR[section.name][pair[1]] : undefined;
    if (!pair) problems.push(`${where}: not "Key = Value": ${line}`);
    else if (!section) problems.push(`${where}: ${pair[1]} outside a section`);
    else if (!check) problems.push(`${where}: ${pair[1]} is not a key of [${section.name}]`);
    else {
      if (pair[1] in section.values && !/^(Pre|Post)(Up|Down)$/.test(pair[1])) problems.push(`${where}: ${pair[1]} appears twice`);
      if (!check(pair[2])) problems.push(`${where}: ${pair[1]} = ${pair[2]} is not valid`);
      section.values[pair[1]] = pair[2];
    }
  }
  if (sections[0]?.name !== 'Interface' || sections.filter((s) => s.name === 'Interface').length !== 1) problems.push('needs exactly one [Interface], first');
  sections.forEach((s, i) => {
    if (s.name === 'Peer' && !s.values.PublicKey) problems.push(`[Peer] ${i}: has no PublicKey`);
  });
  return { sections, problems };
}
