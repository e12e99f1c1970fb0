import type { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { PLATFORM_NAMESPACES } from '../constructs/lib/naming';
import { GATEWAY_HOST_PORTS } from '../constructs/platform/platform-gateway';
import { PLATFORM_PRIORITY } from '../constructs/platform/platform-priorities';
import { ServiceNamespace } from '../constructs/platform/service-namespace';
import { VpnGateway } from '../constructs/platform/vpn-gateway';
import type { PlatformSpec } from '../environments/spec';

/** Chart `30-access`: the WireGuard gateway, one peer per active user with a key, in front of the ingress gateway. */
export class AccessChart extends Chart {
  public readonly vpn: VpnGateway;

  constructor(scope: Construct, id: string, spec: PlatformSpec) {
    super(scope, id, { disableResourceNameHashes: true });
    const namespace = new ServiceNamespace(this, 'VpnNamespace', {
      name: PLATFORM_NAMESPACES.vpn,
      component: 'wireguard',
      podSecurityVersion: `v${spec.kubernetes.version}`,
      podSecurity: 'privileged',
      holdsData: true,
      exemptionReason: 'the WireGuard gateway runs on the edge node host network with NET_ADMIN to create its interface',
    });
    this.vpn = new VpnGateway(this, 'Gateway', {
      namespace,
      cidr: spec.vpn.cidr,
      endpoint: spec.vpn.endpoint,
      port: spec.vpn.port,
      serverKeySecret: spec.vpn.serverKeySecret,
      serverPublicKey: spec.vpn.serverPublicKey,
      domain: spec.kubernetes.domain,
      node: spec.vpn.gatewayNode,
      forwards: GATEWAY_HOST_PORTS,
      priorityClassName: PLATFORM_PRIORITY.critical.name,
      peers: spec.users.filter((u) => u.vpnPublicKey && !u.offboarded).map((u) => ({ name: u.name, publicKey: u.vpnPublicKey!, address: u.vpnAddress })),
      imageMirror: spec.registry.mirror,
    });
  }
}
