import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { IntOrString, KubeIngress, KubeNetworkPolicy, KubePodDisruptionBudget } from 'cdk8s-plus-28/lib/imports/k8s';
import type { IngressEntry } from '../lib/ingress';
import { standardLabels } from '../lib/labels';
import type { InternalCaIssuer } from '../platform/internal-ca-issuer';
import { ServiceCertificate } from '../platform/service-certificate';
import { KUBEFLOW_TLS_SECRET } from './istio';

/** Properties of {@link KubeflowEntry}. */
export interface KubeflowEntryProps {
  /** Issuer of the dashboard's certificate. */
  readonly issuer: InternalCaIssuer;
  /** Platform domain: the dashboard is `kubeflow.<domain>`. */
  readonly domain: string;
  /** The only client addresses admitted (the VPN). */
  readonly allowedSourceRanges: readonly string[];
  /** The ingress controller in front, on the VPN edge node. */
  readonly ingress: IngressEntry;
}

const GATEWAY_SELECTOR = { app: 'istio-ingressgateway', istio: 'ingressgateway' };

/**
 * Kubeflow's way in from the VPN: the dashboard's certificate from the
 * internal CA (`kubeflow.<domain>`), served by the ingress controller on the
 * VPN edge node to VPN addresses only and passed over TLS to the
 * distribution's Istio ingress gateway, which is reachable only from that
 * node and denies every request whose client address (forwarded by the one
 * trusted proxy) is outside the VPN. Also the sign-on proxy's disruption
 * budget (its namespace comes with the auth unit).
 */
export class KubeflowEntry extends Construct {
  /** The dashboard's URL. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: KubeflowEntryProps) {
    super(scope, id);
    const host = `kubeflow.${props.domain}`;
    this.url = `https://${host}`;
    const ns = 'istio-system';
    const labels = standardLabels({ name: 'kubeflow-entry', instance: ns, component: 'gateway' });
    const certificate = new ServiceCertificate(this, 'Certificate', { issuer: props.issuer, namespace: ns, name: 'kubeflow', dnsNames: [host] });
    if (certificate.secretName !== KUBEFLOW_TLS_SECRET) throw new Error(`KubeflowEntry: the gateway expects ${KUBEFLOW_TLS_SECRET}, the certificate writes ${certificate.secretName}`);
    new KubeIngress(this, 'Ingress', {
      metadata: {
        name: 'kubeflow',
        namespace: ns,
        labels,
        annotations: {
          'nginx.ingress.kubernetes.io/whitelist-source-range': props.allowedSourceRanges.join(','),
          'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS',
          'nginx.ingress.kubernetes.io/proxy-body-size': '0',
        },
      },
      spec: {
        ingressClassName: props.ingress.className,
        tls: [{ hosts: [host], secretName: certificate.secretName }],
        rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'istio-ingressgateway', port: { name: 'https' } } } }] } }],
      },
    });
    new ApiObject(this, 'VpnOnly', {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'vpn-only', namespace: ns, labels },
      spec: { selector: { matchLabels: GATEWAY_SELECTOR }, action: 'DENY', rules: [{ from: [{ source: { notRemoteIpBlocks: [...props.allowedSourceRanges] } }] }] },
    });
    new KubePodDisruptionBudget(this, 'AuthProxyBudget', {
      metadata: { name: 'oauth2-proxy', namespace: 'oauth2-proxy', labels },
      spec: { maxUnavailable: IntOrString.fromNumber(1), selector: { matchLabels: { 'app.kubernetes.io/name': 'oauth2-proxy' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    });
    new KubeNetworkPolicy(this, 'GatewayFromEdge', {
      metadata: { name: 'istio-ingressgateway-from-edge', namespace: ns, labels },
      spec: {
        podSelector: { matchLabels: GATEWAY_SELECTOR },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ ...props.ingress.from }], ports: [{ protocol: 'TCP', port: IntOrString.fromNumber(8443) }] }],
      },
    });
  }
}
