import { type KustomizeUnit, mirroredImages, patchDeployment } from './kustomize-unit';
import type { KubeflowSite } from './site';

/** Images of the unit's containers, by upstream name. */
const IMAGES = ['registry.istio.io/release/proxyv2', 'registry.istio.io/release/pilot', 'registry.istio.io/release/install-cni', 'ghcr.io/containerd/busybox'];

/** The Secret of the dashboard's certificate in `istio-system` (issued by the internal CA, see the kubeflow-entry chart). */
export const KUBEFLOW_TLS_SECRET = 'kubeflow-tls';

/**
 * Istio with its CNI, the ingress gateway and Kubeflow's gateway, as the
 * distribution installs them for oauth2-proxy. On top: every image and the
 * sidecar injector's `hub` through the mirror; Kubeflow's gateway serves
 * HTTPS only, with the internal CA's certificate; the ingress gateway trusts
 * one proxy in front of it (the VPN edge's ingress controller) for the
 * client address, which the VPN-only policy checks.
 */
export function istioUnit(site: KubeflowSite): KustomizeUnit {
  return {
    name: '32-kubeflow-istio',
    upstream: ['common/istio/istio-namespace/base', 'common/istio/istio-install/overlays/oauth2-proxy', 'common/istio/kubeflow-istio-resources/base'],
    images: mirroredImages(IMAGES, site.mirror),
    textPatches: site.mirror
      ? [
          {
            file: 'common/istio/istio-install/base/patches/istio-sidecar-injector-patch.yaml',
            kind: 'ConfigMap',
            name: 'istio-sidecar-injector',
            key: 'values',
            replace: [{ from: '"hub": "registry.istio.io/release"', to: `"hub": "${site.mirror}/registry.istio.io/release"` }],
          },
        ]
      : [],
    patches: [
      {
        target: { group: 'networking.istio.io', kind: 'Gateway', name: 'kubeflow-gateway' },
        operations: [
          {
            op: 'replace',
            path: '/spec/servers',
            value: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: [`kubeflow.${site.domain}`], tls: { mode: 'SIMPLE', credentialName: KUBEFLOW_TLS_SECRET, minProtocolVersion: 'TLSV1_2' } }],
          },
        ],
      },
      patchDeployment('istio-ingressgateway', 'istio-system', { metadata: { annotations: { 'proxy.istio.io/config': '{"gatewayTopology":{"numTrustedProxies":1}}' } } }),
    ],
  };
}
