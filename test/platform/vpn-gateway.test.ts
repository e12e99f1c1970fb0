import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { ServiceNamespace } from '../../constructs/platform/service-namespace';
import { VpnGateway, type VpnGatewayProps, WG_LEFTOVER_CLEANUP } from '../../constructs/platform/vpn-gateway';
import { guardrailExemptions } from '../../constructs/policy/exemptions';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { findObject } from '../support/synth';
import { parseWireguardConfig } from '../support/wireguard-config';

const SERVER_PUBLIC_KEY = 'rqhjK+fqdtRLKQEjw/b5FiP6reEdSCW+e9yqFTMq6ys=';
const peers = [
  { name: 'alice', publicKey: 'OKXcT3u/5i9PN/OC+YoGqMNdxm8MUL32EaDdDLFUG4A=' },
  { name: 'bob', publicKey: 'OwrnyLnYZTOAW8ekeLrtpstrHP3hOd/4kG70iTTVC7k=' },
];

function synth(props: Partial<VpnGatewayProps> = {}) {
  const chart = Testing.chart();
  const namespace = new ServiceNamespace(chart, 'Ns', {
    name: 'vpn',
    component: 'wireguard',
    podSecurityVersion: 'v1.31',
    podSecurity: 'privileged',
    exemptionReason: 'WireGuard needs NET_ADMIN',
  });
  const gateway = new VpnGateway(chart, 'Gateway', {
    namespace,
    cidr: '10.44.0.0/24',
    endpoint: 'vpn.lab.internal',
    port: 51820,
    serverKeySecret: 'wg-key',
    serverPublicKey: SERVER_PUBLIC_KEY,
    domain: 'mlops.lab.internal',
    node: 'edge-01',
    peers,
    ...props,
  });
  return { gateway, objects: Testing.synth(chart) as KubeObject[], chart };
}

describe('VpnGateway', () => {
  const { gateway, objects, chart } = synth();
  const config: string = findObject(objects, 'ConfigMap', 'wireguard', 'vpn').data['wg0.conf'];

  test('one peer per user, each limited to its own /32, the server key read from its Secret file', () => {
    expect(config).toContain('Address = 10.44.0.1/24');
    expect(config).toContain('PostUp = wg set %i private-key /var/run/secrets/wireguard/privatekey');
    for (const p of peers) expect(config).toContain(`PublicKey = ${p.publicKey}\nAllowedIPs = ${gateway.addresses.get(p.name)}/32`);
    expect(config).not.toMatch(/PrivateKey\s*=/);
  });

  test('the server configuration parses by the WireGuard grammar: one interface, a peer per user with its key and /32', () => {
    const parsed = parseWireguardConfig(config);
    expect(parsed.problems).toEqual([]);
    expect(parsed.sections[0]).toEqual({
      name: 'Interface',
      values: { Address: '10.44.0.1/24', ListenPort: '51820', PostUp: 'wg set %i private-key /var/run/secrets/wireguard/privatekey' },
    });
    expect(parsed.sections.slice(1).map((s) => s.values)).toEqual(
      [...peers].sort((a, b) => a.name.localeCompare(b.name)).map((p) => ({ PublicKey: p.publicKey, AllowedIPs: `${gateway.addresses.get(p.name)}/32` })),
    );
  });

  test('client configurations parse by the grammar and are complete: gateway key, endpoint, DNS, only the gateway routed', () => {
    const data = findObject(objects, 'ConfigMap', 'wireguard-clients', 'vpn').data;
    expect(Object.keys(data).sort()).toEqual(['alice.conf', 'bob.conf']);
    for (const p of peers) {
      const client = parseWireguardConfig(data[`${p.name}.conf`]);
      expect(client.problems).toEqual([]);
      expect(client.sections.map((s) => s.values)).toEqual([
        { Address: `${gateway.addresses.get(p.name)}/32`, DNS: '10.44.0.1' },
        { PublicKey: SERVER_PUBLIC_KEY, Endpoint: 'vpn.lab.internal:51820', AllowedIPs: '10.44.0.1/32', PersistentKeepalive: '25' },
      ]);
      // The user adds only their own private key, which the platform never sees.
      const completed = parseWireguardConfig(
        data[`${p.name}.conf`].replace('[Interface]\n', '[Interface]\nPrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n'),
      );
      expect(completed.problems).toEqual([]);
    }
  });

  test('the grammar check fails on a broken file', () => {
    expect(parseWireguardConfig('[Interface]\nAddress = 10.44.0.300/32\n[Peer]\nEndpoint = vpn:51820\nPublicKey = <gateway public key>\n').problems).toEqual([
      'line 2: Address = 10.44.0.300/32 is not valid',
      'line 5: PublicKey = <gateway public key> is not valid',
    ]);
  });

  test('VPN clients resolve the platform domain and every name under it to the gateway; the rest is forwarded', () => {
    const corefile: string = findObject(objects, 'ConfigMap', 'wireguard-dns', 'vpn').data.Corefile;
    expect(corefile).toContain('mlops.lab.internal:53 {\n    bind 10.44.0.1\n    template IN A {\n        answer "{{ .Name }} 60 IN A 10.44.0.1"');
    expect(corefile).toContain('.:53 {\n    bind 10.44.0.1\n    forward . /etc/resolv.conf');
    const pod = findObject(objects, 'Deployment', 'wireguard', 'vpn').spec.template.spec;
    expect(pod.containers.map((c: any) => c.name)).toEqual(['dns']);
    expect(pod.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
  });

  test('the tunnel starts first and refuses to start when the public key clients get does not match its private key', () => {
    const pod = findObject(objects, 'Deployment', 'wireguard', 'vpn').spec.template.spec;
    const wireguard = pod.initContainers[0];
    expect(wireguard).toMatchObject({ name: 'wireguard', restartPolicy: 'Always', startupProbe: { exec: { command: ['wg', 'show', 'wg0'] } } });
    expect(wireguard.command[2]).toMatch(
      /^test "\$\(wg pubkey < \/var\/run\/secrets\/wireguard\/privatekey\)" = 'rqhjK\+fqdtRLKQEjw\/b5FiP6reEdSCW\+e9yqFTMq6ys=' \|\| \{ echo .* >&2; exit 1; \} && \{ ! ip link show dev wg0 .*\} && wg-quick up/,
    );
  });

  test('runs on the edge node host network with NET_ADMIN (the tunnel) and the DNS port only, each exception recorded with a reason', () => {
    const pod = findObject(objects, 'Deployment', 'wireguard', 'vpn').spec.template.spec;
    expect(pod).toMatchObject({ hostNetwork: true, nodeSelector: { 'kubernetes.io/hostname': 'edge-01' }, automountServiceAccountToken: false });
    expect(pod.initContainers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_ADMIN'] });
    expect(guardrailExemptions(chart).map((e) => `${e.rule} ${e.object}`)).toEqual([
      'PLT-02 Namespace//vpn',
      'SEC-01 Deployment/vpn/wireguard',
      'SEC-03 Deployment/vpn/wireguard',
      'SEC-08 Deployment/vpn/wireguard',
      'SEC-09 Deployment/vpn/wireguard',
    ]);
  });

  test('redirects the VPN address’s HTTPS and HTTP ports to the ingress gateway’s, idempotently, and NET_RAW only then', () => {
    const { gateway: forwarding, objects: forwarded } = synth({
      forwards: [
        { port: 443, to: 8443 },
        { port: 80, to: 8080 },
      ],
    });
    const parsed = parseWireguardConfig(forwarding.serverConfig);
    const rule = (port: number, to: number) => `PREROUTING -i %i -p tcp --dport ${port} -j REDIRECT --to-ports ${to}`;
    expect(forwarding.serverConfig).toContain(`PostUp = iptables -t nat -C ${rule(443, 8443)} 2>/dev/null || iptables -t nat -A ${rule(443, 8443)}`);
    expect(forwarding.serverConfig).toContain(`PostDown = iptables -t nat -D ${rule(80, 8080)}`);
    expect(parsed.problems).toEqual([]);
    const pod = findObject(forwarded, 'Deployment', 'wireguard', 'vpn').spec.template.spec;
    expect(pod.initContainers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_ADMIN', 'NET_RAW'] });
    expect(gateway.serverConfig).not.toContain('iptables');
  });

  test('removing a user removes the peer and keeps the others’ addresses', () => {
    const { gateway: after, objects: afterObjects } = synth({ peers: [peers[1]] });
    expect(findObject(afterObjects, 'ConfigMap', 'wireguard', 'vpn').data['wg0.conf']).not.toContain(peers[0].publicKey);
    expect(after.addresses.get('bob')).toBe(gateway.addresses.get('bob'));
  });

  test('fails when two peers need one address', () => {
    const taken = gateway.addresses.get('alice')!;
    expect(() => synth({ peers: [peers[0], { ...peers[1], address: taken }] })).toThrow(/address plan has conflicts:\n {2}alice: .* is bob's/);
  });
});

describe('WireGuard gateway restart on the host network', () => {
  /** Runs the cleanup with stand-ins of `ip` and `wg-quick`; `wg0` exists when `leftover`, and `wg-quick down` fails when `downFails`. */
  function cleanup(leftover: boolean, downFails = false): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-'));
    const stub = (name: string, body: string) =>
      fs.writeFileSync(path.join(dir, name), `#!/bin/sh\necho "${name} $*" >> ${dir}/calls\n${body}\n`, { mode: 0o755 });
    stub('ip', `case "$*" in "link show dev wg0") exit ${leftover ? 0 : 1} ;; esac`);
    stub('wg-quick', `exit ${downFails ? 1 : 0}`);
    execFileSync('/bin/sh', ['-c', WG_LEFTOVER_CLEANUP], { env: { PATH: `${dir}:/usr/bin:/bin` } });
    return fs.readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n');
  }

  test('a leftover wg0 is taken down (its PostDown runs) or deleted before wg-quick up; none, nothing is touched', () => {
    expect(cleanup(false)).toEqual(['ip link show dev wg0']);
    expect(cleanup(true)).toEqual(['ip link show dev wg0', 'wg-quick down /etc/wireguard/wg0.conf']);
    expect(cleanup(true, true)).toEqual(['ip link show dev wg0', 'wg-quick down /etc/wireguard/wg0.conf', 'ip link delete dev wg0']);
  });
});
