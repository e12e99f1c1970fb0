import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { atSynthesis } from '../lib/at-synthesis';
import { standardLabels } from '../lib/labels';
import type { InternalCaIssuer } from './internal-ca-issuer';
import { ServiceCertificate } from './service-certificate';
import { namedScope } from '../lib/named-scope';

/** Namespace of the Istio ingress gateway, its Gateway, certificates and routes. */
export const GATEWAY_NAMESPACE = 'istio-system';
/** The one Gateway every route binds to. */
export const GATEWAY_NAME = 'platform-gateway';
/** The one Gateway, as VirtualServices and controllers name it. */
export const GATEWAY_REF = `${GATEWAY_NAMESPACE}/${GATEWAY_NAME}`;
/** Labels of the ingress gateway's pods (the distribution's `istio-ingressgateway`). */
export const GATEWAY_SELECTOR: Readonly<Record<string, string>> = { app: 'istio-ingressgateway', istio: 'ingressgateway' };

/**
 * The gateway's HTTPS and HTTP ports as clients use them, and the ports it
 * listens on (the targets of the distribution's `istio-ingressgateway`
 * Service, which Istio binds instead: on the host network no unprivileged
 * process can bind 443).
 */
export const GATEWAY_HOST_PORTS: readonly { readonly port: number; readonly to: number }[] = [
  { port: 443, to: 8443 },
  { port: 80, to: 8080 },
];

/** Properties of a {@link PlatformGateway}. */
export interface PlatformGatewayProps {
  /** Issuer of every host's certificate. */
  readonly issuer: InternalCaIssuer;
  /** Platform domain: every endpoint is `https://<host>.<domain>`. */
  readonly domain: string;
  /** The only client addresses admitted (the VPN range). */
  readonly vpnCidr: string;
  /** Address of the edge node, whose host network the gateway runs on: its connections to backends come from it. */
  readonly edgeNodeAddress: string;
}

/** A Service the gateway sends one host's requests to. */
export interface GatewayRoute {
  /** Host label: the endpoint is `https://<host>.<domain>`. */
  readonly host: string;
  /** The Service behind the host. */
  readonly service: ApiObject;
  /** The Service port. */
  readonly port: number;
  /**
   * The backend serves HTTPS with a certificate of the internal CA for the
   * Service's cluster name; the gateway verifies it.
   * @default false - plain HTTP inside the cluster
   */
  readonly backendTls?: boolean;
}

/**
 * The one way into the platform: the Istio ingress gateway on the VPN edge
 * node's host network, so it sees each client's VPN address. One Gateway
 * (`istio-system/platform-gateway`) with an HTTPS server per host, each with
 * a certificate of the internal CA, and HTTP only as a redirect to HTTPS. A
 * DENY policy on the gateway's pods refuses every connection whose peer
 * address is outside the VPN range, whatever the listener, host or path.
 * Owners of endpoints add their host with {@link route}; the routes live in
 * the gateway's namespace, visible to it alone.
 */
export class PlatformGateway extends Construct {
  /** The Gateway, as VirtualServices name it. */
  public readonly gatewayRef = GATEWAY_REF;
  /** The NetworkPolicy peer the gateway's connections to backends come from. */
  public readonly peer: { readonly ipBlock: { readonly cidr: string } };
  private readonly props: PlatformGatewayProps;
  /** Served hosts: who owns each, and its certificate's Secret. */
  private readonly served = new Map<string, { readonly owner: string; readonly label: string; readonly secret: string }>();

  constructor(scope: Construct, id: string, props: PlatformGatewayProps) {
    super(scope, id);
    this.props = props;
    this.peer = { ipBlock: { cidr: `${props.edgeNodeAddress}/32` } };
    const labels = standardLabels({ name: GATEWAY_NAME, instance: GATEWAY_NAMESPACE, component: 'gateway' });
    new ApiObject(this, 'Gateway', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE, labels },
      spec: { selector: { ...GATEWAY_SELECTOR }, servers: atSynthesis(() => this.servers()) },
    });
    new ApiObject(this, 'VpnOnly', {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'vpn-only', namespace: GATEWAY_NAMESPACE, labels },
      spec: { selector: { matchLabels: { ...GATEWAY_SELECTOR } }, action: 'DENY', rules: [{ from: [{ source: { notIpBlocks: [props.vpnCidr] } }] }] },
    });
  }

  /** The host a label is served as: `<label>.<domain>`. */
  public hostOf(label: string): string {
    return `${label}.${this.props.domain}`;
  }

  /** Every host the gateway serves, in the order they were added. */
  public get hosts(): string[] {
    return [...this.served.keys()];
  }

  /**
   * Serves `https://<label>.<domain>` with a certificate of the internal CA;
   * routes come from whoever owns the host (upstream's, or {@link route}).
   * Returns the host. A host is served once: a second owner is refused.
   */
  public addHost(label: string, owner: string): string {
    const host = this.hostOf(label);
    const existing = this.served.get(host);
    if (existing) throw new Error(`PlatformGateway: host ${host} is ${existing.owner}'s; ${owner} needs another name`);
    const certificate = new ServiceCertificate(namedScope(this, label), 'Certificate', {
      issuer: this.props.issuer,
      namespace: GATEWAY_NAMESPACE,
      name: label,
      dnsNames: [host],
    });
    this.served.set(host, { owner, label, secret: certificate.secretName });
    return host;
  }

  /** The Secret of a served host's certificate, in the gateway's namespace. */
  public secretOf(host: string): string {
    const served = this.served.get(host);
    if (!served) throw new Error(`PlatformGateway: ${host} is not served`);
    return served.secret;
  }

  /** Serves one host and sends its requests to a Service; returns the endpoint's URL. */
  public route(route: GatewayRoute): string {
    const { service } = route;
    const namespace = service.metadata.namespace;
    if (!namespace) throw new Error(`PlatformGateway: Service ${service.name} has no namespace`);
    const host = this.addHost(route.host, `${namespace}/${service.name}`);
    const backend = `${service.name}.${namespace}.svc.cluster.local`;
    const labels = standardLabels({ name: route.host, instance: GATEWAY_NAMESPACE, component: 'route' });
    const hostScope = namedScope(this, route.host);
    new ApiObject(hostScope, 'Route', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: route.host, namespace: GATEWAY_NAMESPACE, labels },
      spec: {
        hosts: [host],
        gateways: [this.gatewayRef],
        exportTo: ['.'],
        http: [{ route: [{ destination: { host: backend, port: { number: route.port } } }] }],
      },
    });
    if (route.backendTls) {
      new ApiObject(hostScope, 'BackendTls', {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: `${route.host}-backend`, namespace: GATEWAY_NAMESPACE, labels },
        spec: {
          host: backend,
          exportTo: ['.'],
          // The host's certificate Secret also holds the internal CA (`ca.crt`), which verifies the backend's certificate.
          trafficPolicy: { tls: { mode: 'SIMPLE', credentialName: this.secretOf(host), sni: backend, subjectAltNames: [backend] } },
        },
      });
    }
    return `https://${host}`;
  }

  private servers(): object[] {
    const hosts = this.hosts;
    return [
      ...[...this.served].map(([host, { label, secret }]) => ({
        port: { number: 443, name: `https-${label}`, protocol: 'HTTPS' },
        hosts: [host],
        tls: { mode: 'SIMPLE', credentialName: secret, minProtocolVersion: 'TLSV1_2' },
      })),
      ...(hosts.length ? [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts, tls: { httpsRedirect: true } }] : []),
    ];
  }
}
