import { GATEWAY_REF } from '../platform/platform-gateway';
import { PLATFORM_PRIORITY } from '../platform/platform-priorities';
import { auditorAnnotations } from '../policy/auditor-annotations';
import { type KustomizePatch, type KustomizeUnit, deleteObject, mirroredImages, patchDeployment } from './kustomize-unit';
import type { MeshSite } from './site';
import { HOSTNAME_LABEL } from '../lib/labels';

/** Images of the unit's containers, by upstream name. */
const IMAGES = ['registry.istio.io/release/proxyv2', 'registry.istio.io/release/pilot', 'registry.istio.io/release/install-cni', 'ghcr.io/containerd/busybox'];

/** The Secret of the dashboard's certificate in `istio-system` (issued by the internal CA, see the gateway chart). */
export const KUBEFLOW_TLS_SECRET = 'kubeflow-tls';
/** istiod, where every sidecar gets its configuration and certificates (XDS over TLS). */
export const ISTIOD = { podLabels: { app: 'istiod' }, xdsPort: 15012 } as const;

/** Why the gateway and its namespace may use the host network (recorded with the exemptions of the units). */
export const GATEWAY_ON_HOST_NETWORK =
  "the ingress gateway runs on the VPN edge node's host network, so it sees each client's own VPN address, which the VPN-only policy checks; the namespace's Pod Security level must allow that one pod";

/**
 * Istio with its CNI and the ingress gateway, as the distribution installs
 * them for oauth2-proxy, made the platform's one way in: the gateway runs as
 * one pod on the VPN edge node's host network (the WireGuard gateway
 * forwards the VPN's ports 443 and 80 to its 8443 and 8080) and trusts no
 * proxy in front of it for the client address. The distribution's own
 * Gateways (plain HTTP for every host, and Kubeflow's) are removed: the
 * gateway chart writes the one Gateway, with a server per host. Every image
 * and the sidecar injector's `hub` come through the mirror.
 */
export function istioUnit(site: MeshSite): KustomizeUnit {
  return {
    name: '32-istio',
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
      deleteObject('networking.istio.io/v1alpha3', 'Gateway', 'istio-ingressgateway', 'istio-system'),
      deleteObject('networking.istio.io/v1alpha3', 'Gateway', 'kubeflow-gateway', 'kubeflow'),
      // One pod: two cannot bind the same ports of the edge node.
      deleteObject('autoscaling/v2', 'HorizontalPodAutoscaler', 'istio-ingressgateway', 'istio-system'),
      {
        merge: {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: 'istio-system',
            labels: {
              'pod-security.kubernetes.io/enforce': 'privileged',
              'pod-security.kubernetes.io/audit': 'restricted',
              'pod-security.kubernetes.io/warn': 'restricted',
            },
            annotations: auditorAnnotations('PLT-02', GATEWAY_ON_HOST_NETWORK, {}),
          },
        },
      },
      {
        merge: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          // The host network is the platform's choice: Polaris, kube-linter and Checkov see it exempted, with the reason.
          metadata: {
            name: 'istio-ingressgateway',
            namespace: 'istio-system',
            annotations: auditorAnnotations('SEC-01', GATEWAY_ON_HOST_NETWORK, { hostNetwork: true }),
          },
          spec: { replicas: 1, strategy: { type: 'Recreate', rollingUpdate: null } },
        },
      },
      patchDeployment('istio-ingressgateway', 'istio-system', {
        spec: {
          hostNetwork: true,
          dnsPolicy: 'ClusterFirstWithHostNet',
          nodeSelector: { [HOSTNAME_LABEL]: site.gateway.node },
          priorityClassName: PLATFORM_PRIORITY.critical.name,
        },
      }),
    ],
  };
}

/**
 * Binds every VirtualService of a unit to the platform's Gateway and to
 * Kubeflow's host alone: upstream binds them to `kubeflow/kubeflow-gateway`
 * for any host (`*`), which on a gateway with several hosts would serve
 * Kubeflow's paths under MLflow's or a model server's name, around the
 * sign-on that applies to Kubeflow's host.
 */
export function onPlatformGateway(site: MeshSite): KustomizePatch {
  return {
    target: { group: 'networking.istio.io', kind: 'VirtualService' },
    operations: [
      { op: 'replace', path: '/spec/gateways', value: [GATEWAY_REF] },
      { op: 'replace', path: '/spec/hosts', value: [`kubeflow.${site.domain}`] },
    ],
  };
}

/** What the notebook and tensorboard controllers bind the routes they create to (their `ISTIO_GATEWAY` and `ISTIO_HOST`). */
export function controllerRoutes(site: MeshSite): Record<string, string> {
  return { ISTIO_GATEWAY: GATEWAY_REF, ISTIO_HOST: `kubeflow.${site.domain}` };
}
