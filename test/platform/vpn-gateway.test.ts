import { Testing } from 'cdk8s';
import { ServiceNamespace } from '../../constructs/platform/service-namespace';
import { VpnGateway, type VpnGatewayProps } from '../../constructs/platform/vpn-gateway';
import { guardrailExemptions } from '../../constructs/policy/exemptions';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { findObject } from '../support/synth';

const peers = [
  { name: 'alice', publicKey: 'OKXcT3u/5i9PN/OC+YoGqMNdxm8MUL32EaDdDLFUG4A=' },
  { name: 'bob', publicKey: 'OwrnyLnYZTOAW8ekeLrtpstrHP3hOd/4kG70iTTVC7k=' },
];

function synth(props: Partial<VpnGatewayProps> = {}) {
  const chart = Testing.chart();
  const namespace = new ServiceNamespace(chart, 'Ns', { name: 'vpn', component: 'wireguard', podSecurityVersion: 'v1.31', podSecurity: 'privileged', exemptionReason: 'WireGuard needs NET_ADMIN' });
  const gateway = new VpnGateway(chart, 'Gateway', { namespace, cidr: '10.44.0.0/24', endpoint: 'vpn.lab.internal', port: 51820, serverKeySecret: 'wg-key', node: 'edge-01', peers, ...props });
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

  test('client configuration templates route only the gateway address and hold no private key', () => {
    const client: string = findObject(objects, 'ConfigMap', 'wireguard-clients', 'vpn').data['alice.conf'];
    expect(client).toContain('AllowedIPs = 10.44.0.1/32');
    expect(client).toContain('Endpoint = vpn.lab.internal:51820');
    expect(client).toContain('PrivateKey = <your private key>');
  });

  test('runs on the edge node host network with NET_ADMIN only, each exception recorded with a reason', () => {
    const pod = findObject(objects, 'Deployment', 'wireguard', 'vpn').spec.template.spec;
    expect(pod).toMatchObject({ hostNetwork: true, nodeSelector: { 'kubernetes.io/hostname': 'edge-01' }, automountServiceAccountToken: false });
    expect(pod.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_ADMIN'] });
    expect(guardrailExemptions(chart).map((e) => `${e.rule} ${e.object}`)).toEqual(['PLT-02 Namespace//vpn', 'SEC-01 Deployment/vpn/wireguard', 'SEC-03 Deployment/vpn/wireguard', 'SEC-08 Deployment/vpn/wireguard', 'SEC-09 Deployment/vpn/wireguard']);
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
