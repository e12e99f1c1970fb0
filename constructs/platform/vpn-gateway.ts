import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { IntOrString, KubeConfigMap, KubeDeployment, KubeServiceAccount, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import { IMAGE_PULL_POLICY, mirroredImage, PINNED_IMAGES } from '../lib/images';
import { HOSTNAME_LABEL, selectorLabels, standardLabels } from '../lib/labels';
import { planVpnAddresses } from '../lib/vpn-addresses';
import { RUNTIME_DEFAULT_SECCOMP, rootContainerSecurity } from '../lib/restricted-pod';
import { addGuardrailExemption } from '../policy/exemptions';
import type { ServiceNamespace } from './service-namespace';
import { compareText } from '../lib/text-order';

/** Loopback ports of the DNS server's health and readiness endpoints (it shares the node's network). */
const DNS_HEALTH_PORT = 15353;
const DNS_READY_PORT = 15354;

/**
 * On the host network, a gateway that died without `wg-quick down` leaves `wg0` (and its PostUp rules) on the node,
 * and the next `wg-quick up` stops with "`wg0' already exists" (wireguard-tools src/wg-quick/linux.bash cmd_up). So
 * a leftover is taken down first, running its PostDown, or deleted when that fails.
 */
export const WG_LEFTOVER_CLEANUP = '{ ! ip link show dev wg0 >/dev/null 2>&1 || wg-quick down /etc/wireguard/wg0.conf || ip link delete dev wg0; }';

/**
 * The DNS server on the gateway's VPN address: `<domain>` and every name
 * under it resolve to the gateway (where the ingress gateway listens), IPv6 queries
 * there get no answer, anything else is forwarded to the cluster's resolver.
 */
function corefile(domain: string, gateway: string): string {
  return [
    `${domain}:53 {`,
    `    bind ${gateway}`,
    '    template IN A {',
    `        answer "{{ .Name }} 60 IN A ${gateway}"`,
    '    }',
    '    template IN AAAA {',
    '        rcode NOERROR',
    '    }',
    `    health 127.0.0.1:${DNS_HEALTH_PORT}`,
    `    ready 127.0.0.1:${DNS_READY_PORT}`,
    '    errors',
    '}',
    '.:53 {',
    `    bind ${gateway}`,
    '    forward . /etc/resolv.conf',
    '    cache 30',
    '    errors',
    '}',
    '',
  ].join('\n');
}

/** A user who connects over the VPN. */
export interface VpnPeer {
  /** User name (a comment in the configuration, and the key of the address plan). */
  readonly name: string;
  /** WireGuard public key. */
  readonly publicKey: string;
  /** Pinned address, when the spec sets one. */
  readonly address?: string;
}

/** Properties of a {@link VpnGateway}. */
export interface VpnGatewayProps {
  /** Its namespace (privileged: host network and NET_ADMIN). */
  readonly namespace: ServiceNamespace;
  /** Client address range; the gateway takes the first address. */
  readonly cidr: string;
  /** Public name or address clients connect to. */
  readonly endpoint: string;
  /** UDP port. */
  readonly port: number;
  /** Existing Secret (key `privatekey`) with the gateway's private key. */
  readonly serverKeySecret: string;
  /** The gateway's public key, written into every client configuration; the gateway refuses to start unless it matches the private key. */
  readonly serverPublicKey: string;
  /** The platform domain: VPN clients resolve `<domain>` and every name under it to the gateway. */
  readonly domain: string;
  /** The edge node it runs on, beside the ingress gateway. */
  readonly node: string;
  /**
   * TCP ports of the gateway's VPN address redirected to local ports of the
   * edge node, where the ingress gateway listens on the host network (it
   * cannot bind ports below 1024). The client's address stays the source.
   * @default - none
   */
  readonly forwards?: readonly { readonly port: number; readonly to: number }[];
  /** The peers: active users with a public key. */
  readonly peers: readonly VpnPeer[];
  /**
   * PriorityClass of its pods.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * WireGuard image (wg-quick), pinned.
   * @default - a pinned wireguard-tools image
   */
  readonly image?: string;
  /**
   * Registry prefix images are pulled through.
   * @default - upstream registry
   */
  readonly imageMirror?: string;
}

/**
 * The one way in: a WireGuard gateway on the edge node's host network, so
 * clients reach the ingress gateway there with their VPN addresses intact
 * (its HTTPS and HTTP ports redirected to the gateway's) and the gateway's
 * VPN-only policy decides. Peers and their
 * addresses come from the users (an address depends only on the user's name,
 * so adding a user renumbers no one); removing or offboarding a user removes
 * the peer. The server key stays in its Secret, read from a file, and must
 * match the public key clients are given. A DNS server on the gateway's VPN
 * address answers the platform's names (`*.<domain>`) with that address and
 * forwards the rest, so client files are complete: key, endpoint, DNS. It
 * needs NET_ADMIN (and the DNS port), root and the host network, each a
 * recorded exemption for this one Deployment. Clients get only the gateway
 * address (`AllowedIPs = <gateway>/32`).
 */
export class VpnGateway extends Construct {
  /** The gateway's own VPN address, where clients reach the ingress gateway. */
  public readonly gatewayAddress: string;
  /** Peer addresses by user name. */
  public readonly addresses: ReadonlyMap<string, string>;
  /** Each user's client configuration, by user name (as in the `wireguard-clients` ConfigMap). */
  public readonly clientConfigs: ReadonlyMap<string, string>;
  /** The gateway's configuration (`wg0.conf`). */
  public readonly serverConfig: string;

  constructor(scope: Construct, id: string, props: VpnGatewayProps) {
    super(scope, id);
    const ns = props.namespace.name;
    const plan = planVpnAddresses(
      props.cidr,
      props.peers.map((p) => ({ name: p.name, pinned: p.address })),
    );
    if (plan.clashes.length || plan.outside.length) {
      const lines = [
        ...plan.clashes.map((c) => `${c.name}: ${c.address} is ${c.with}'s (free: ${c.free})`),
        ...plan.outside.map((o) => `${o.name}: ${o.address} is outside ${props.cidr}`),
      ];
      throw new Error(`VpnGateway: address plan has conflicts:\n  ${lines.join('\n  ')}`);
    }
    this.gatewayAddress = plan.gateway;
    this.addresses = plan.addresses;
    const prefix = props.cidr.split('/')[1];
    const identity = { name: 'wireguard', instance: ns };
    const labels = standardLabels({ ...identity, component: 'vpn-gateway' });
    const peers = [...props.peers].sort((a, b) => compareText(a.name, b.name));
    const forwards = props.forwards ?? [];
    const serverConfig = [
      '[Interface]',
      `Address = ${plan.gateway}/${prefix}`,
      `ListenPort = ${props.port}`,
      'PostUp = wg set %i private-key /var/run/secrets/wireguard/privatekey',
      ...forwards.flatMap(({ port, to }) => {
        const rule = `PREROUTING -i %i -p tcp --dport ${port} -j REDIRECT --to-ports ${to}`;
        // Checked before adding: a gateway that died without PostDown left the rule in the node's table.
        return [`PostUp = iptables -t nat -C ${rule} 2>/dev/null || iptables -t nat -A ${rule}`, `PostDown = iptables -t nat -D ${rule}`];
      }),
      ...peers.flatMap((p) => ['', `# ${p.name}`, '[Peer]', `PublicKey = ${p.publicKey}`, `AllowedIPs = ${plan.addresses.get(p.name)}/32`]),
      '',
    ].join('\n');
    this.serverConfig = serverConfig;
    this.clientConfigs = new Map(
      peers.map((p) => [
        p.name,
        [
          `# ${p.name}: WireGuard client of ${props.endpoint}.`,
          '# Add your private key under [Interface] (PrivateKey = ...): the one whose',
          '# public key the platform has for you. It never leaves your machine.',
          '[Interface]',
          `Address = ${plan.addresses.get(p.name)}/32`,
          `DNS = ${plan.gateway}`,
          '',
          '[Peer]',
          `PublicKey = ${props.serverPublicKey}`,
          `Endpoint = ${props.endpoint}:${props.port}`,
          `AllowedIPs = ${plan.gateway}/32`,
          'PersistentKeepalive = 25',
          '',
        ].join('\n'),
      ]),
    );
    new KubeConfigMap(this, 'Config', { metadata: { name: 'wireguard', namespace: ns, labels }, data: { 'wg0.conf': serverConfig } });
    // One key per user: a plain ApiObject, as KubeConfigMap's conversion copies the data map once per key.
    new ApiObject(this, 'ClientConfigs', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'wireguard-clients', namespace: ns, labels },
      data: Object.fromEntries([...this.clientConfigs].map(([name, config]) => [`${name}.conf`, config])),
    });
    new KubeConfigMap(this, 'DnsConfig', {
      metadata: { name: 'wireguard-dns', namespace: ns, labels },
      data: { Corefile: corefile(props.domain, plan.gateway) },
    });
    const keyCheck = `test "$(wg pubkey < /var/run/secrets/wireguard/privatekey)" = '${props.serverPublicKey}' || { echo 'vpn.serverPublicKey does not match the private key in Secret ${props.serverKeySecret}' >&2; exit 1; }`;
    new KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: 'wireguard', namespace: ns, labels }, automountServiceAccountToken: false });
    const deployment = new KubeDeployment(this, 'Deployment', {
      metadata: { name: 'wireguard', namespace: ns, labels },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: selectorLabels(identity) },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: 'wireguard',
            automountServiceAccountToken: false,
            hostNetwork: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            ...(props.priorityClassName ? { priorityClassName: props.priorityClassName } : {}),
            nodeSelector: { [HOSTNAME_LABEL]: props.node },
            securityContext: { seccompProfile: { ...RUNTIME_DEFAULT_SECCOMP } },
            // The tunnel first (a sidecar that is started before the DNS server and kept running), so the DNS server can bind its address.
            initContainers: [
              {
                name: 'wireguard',
                image: props.image ?? mirroredImage(PINNED_IMAGES.wireguard, props.imageMirror),
                imagePullPolicy: IMAGE_PULL_POLICY,
                restartPolicy: 'Always',
                command: [
                  '/bin/sh',
                  '-c',
                  `${keyCheck} && ${WG_LEFTOVER_CLEANUP} && wg-quick up /etc/wireguard/wg0.conf && trap "wg-quick down /etc/wireguard/wg0.conf; exit 0" TERM INT && while :; do sleep 3600 & wait $!; done`,
                ],
                ports: [{ name: 'wireguard', containerPort: props.port, protocol: 'UDP' }],
                securityContext: rootContainerSecurity(forwards.length ? ['NET_ADMIN', 'NET_RAW'] : ['NET_ADMIN']),
                resources: {
                  requests: { cpu: Quantity.fromString('50m'), memory: Quantity.fromString('32Mi') },
                  limits: { cpu: Quantity.fromString('1'), memory: Quantity.fromString('128Mi') },
                },
                startupProbe: { exec: { command: ['wg', 'show', 'wg0'] }, periodSeconds: 2, failureThreshold: 30 },
                readinessProbe: { exec: { command: ['wg', 'show', 'wg0'] }, periodSeconds: 10 },
                livenessProbe: { exec: { command: ['wg', 'show', 'wg0'] }, periodSeconds: 30, failureThreshold: 3 },
                volumeMounts: [
                  { name: 'config', mountPath: '/etc/wireguard', readOnly: true },
                  { name: 'key', mountPath: '/var/run/secrets/wireguard', readOnly: true },
                  { name: 'run', mountPath: '/run' },
                ],
              },
            ],
            containers: [
              {
                name: 'dns',
                image: mirroredImage(PINNED_IMAGES.coredns, props.imageMirror),
                imagePullPolicy: IMAGE_PULL_POLICY,
                args: ['-conf', '/etc/coredns/Corefile'],
                ports: [
                  { name: 'dns', containerPort: 53, protocol: 'UDP' },
                  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                ],
                securityContext: rootContainerSecurity(['NET_BIND_SERVICE']),
                resources: {
                  requests: { cpu: Quantity.fromString('25m'), memory: Quantity.fromString('32Mi') },
                  limits: { cpu: Quantity.fromString('500m'), memory: Quantity.fromString('128Mi') },
                },
                readinessProbe: { httpGet: { host: '127.0.0.1', port: IntOrString.fromNumber(DNS_READY_PORT), path: '/ready' }, periodSeconds: 10 },
                livenessProbe: {
                  httpGet: { host: '127.0.0.1', port: IntOrString.fromNumber(DNS_HEALTH_PORT), path: '/health' },
                  periodSeconds: 30,
                  failureThreshold: 3,
                },
                volumeMounts: [{ name: 'dns', mountPath: '/etc/coredns', readOnly: true }],
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: 'wireguard' } },
              { name: 'key', secret: { secretName: props.serverKeySecret, items: [{ key: 'privatekey', path: 'privatekey' }], defaultMode: 0o400 } },
              { name: 'run', emptyDir: { medium: 'Memory', sizeLimit: Quantity.fromString('8Mi') } },
              { name: 'dns', configMap: { name: 'wireguard-dns' } },
            ],
          },
        },
      },
    });
    const object = `Deployment/${ns}/${deployment.name}`;
    const why = 'the WireGuard gateway creates the wg0 interface on the edge node';
    addGuardrailExemption(this, { rule: 'SEC-01', object, reason: `${why}: host network so VPN client addresses reach the ingress gateway unchanged` });
    addGuardrailExemption(this, {
      rule: 'SEC-03',
      object,
      reason: `${why}: NET_ADMIN is needed to create and configure the interface${forwards.length ? ", NET_RAW for iptables to redirect the VPN address's HTTPS and HTTP ports to the ingress gateway" : ''}`,
    });
    addGuardrailExemption(this, {
      rule: 'SEC-08',
      object,
      reason: `${why} and answers DNS on port 53 of the gateway address: capabilities only take effect for root without ambient capabilities`,
    });
    addGuardrailExemption(this, { rule: 'SEC-09', object, reason: `${why}: it runs as root (see SEC-08)` });
  }
}
