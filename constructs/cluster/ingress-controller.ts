import { Construct } from 'constructs';
import { type ChartSource, mirroredRepository } from '../lib/helm-charts';
import { PlatformHelmRelease } from './platform-helm-release';
import { PlatformNamespace } from './platform-namespace';

/** Properties of an {@link IngressController}. */
export interface IngressControllerProps {
  readonly chart: ChartSource;
  /** Pinned Pod Security version, e.g. `v1.31`. */
  readonly podSecurityVersion: string;
  /** The edge node it runs on, beside the VPN gateway. */
  readonly node: string;
  /**
   * Ingress class name.
   * @default 'nginx'
   */
  readonly className?: string;
  /**
   * Registry prefix images are pulled through.
   * @default - upstream registry
   */
  readonly imageMirror?: string;
}

/**
 * ingress-nginx on the edge node's host network, next to the WireGuard
 * gateway: VPN clients reach it over the tunnel with their own addresses, so
 * each Ingress's source-range allow list (the VPN range) is what decides. No
 * Service exposes it; snippets are off; TLS 1.2 and 1.3 only.
 */
export class IngressController extends Construct {
  public readonly namespace: PlatformNamespace;
  public readonly release: PlatformHelmRelease;
  /** The ingress class Ingresses name. */
  public readonly className: string;

  constructor(scope: Construct, id: string, props: IngressControllerProps) {
    super(scope, id);
    this.className = props.className ?? 'nginx';
    const registry = mirroredRepository('registry.k8s.io', props.imageMirror);
    this.namespace = new PlatformNamespace(this, 'Namespace', {
      name: 'ingress-nginx',
      component: 'ingress-nginx',
      podSecurityVersion: props.podSecurityVersion,
      podSecurity: 'privileged',
      exemptionReason: 'the controller runs on the edge node host network so VPN client addresses reach the per-Ingress source-range allow list unchanged',
    });
    this.release = new PlatformHelmRelease(this, 'Release', {
      name: 'ingress-nginx',
      namespace: this.namespace,
      chart: props.chart,
      values: {
        controller: {
          kind: 'DaemonSet',
          hostNetwork: true,
          dnsPolicy: 'ClusterFirstWithHostNet',
          nodeSelector: { 'kubernetes.io/hostname': props.node },
          service: { enabled: false },
          ingressClassResource: { name: this.className, enabled: true, default: false },
          ingressClass: this.className,
          allowSnippetAnnotations: false,
          config: { 'ssl-protocols': 'TLSv1.2 TLSv1.3', hsts: 'true', 'use-forwarded-headers': 'false', 'server-tokens': 'false' },
          image: { registry },
          admissionWebhooks: { enabled: true, patch: { image: { registry } } },
          metrics: { enabled: false },
        },
      },
    });
  }
}
