/**
 * Guardrail findings on the vendored Kubeflow distribution's own objects that
 * the units do not patch, and those the patches make on purpose (the ingress
 * gateway on the edge node's host network), each recorded with its reason (the tests run the
 * guardrail pack over every built unit with exactly these, and fail on an
 * unused one, so the list stays true as upstream or the patches change).
 */
import type { Suppression } from '../policy/guardrail-pack';
import { GATEWAY_ON_HOST_NETWORK } from './istio';

/** Why the distribution's objects miss each rule. */
const REASONS: Readonly<Record<string, string>> = {
  'SEC-15':
    'upstream images write to their own filesystem (caches, temporary files, generated config); a read-only root needs per-image writable mounts upstream does not declare',
  'SEC-16':
    "upstream sets no requests or limits for these containers; they run in the platform's own namespaces, outside tenant quotas, sized by the cluster admins",
  'SEC-18': 'upstream declares no probes for these containers (sidecars, webhooks and controllers that report health through leader election or not at all)',
  'SEC-22': 'these controllers and web apps call the Kubernetes API with their ServiceAccount (they watch and write Kubeflow, Istio or Argo resources)',
  'SEC-23': "upstream runs these pods as their namespace's default ServiceAccount, which has no roles bound",
  'SEC-29':
    "upstream RBAC of Istio, Argo, Katib, Notebooks and Pipelines controllers uses wildcards over their own API groups; these roles are bound to the controllers' ServiceAccounts, never to tenants",
  'SEC-42':
    "upstream NetworkPolicies select namespaces with matchExpressions: on kubernetes.io/metadata.name (the same immutable label, expression form) or on the Profile namespaces' part-of label, which tenants cannot change",
  ISTIO_CNI:
    "Istio's CNI node agent installs the CNI plugin into every node's CNI configuration (host paths, NET_ADMIN and SYS_ADMIN, root): it lets pods join the mesh without privileged init containers",
};

/** The distribution's objects and the rules each misses (the Istio CNI node agent by its nature, with its own reason). */
const MISSES: Readonly<Record<string, readonly string[]>> = {
  'DaemonSet/kube-system/istio-cni-node': ['SEC-03', 'SEC-04', 'SEC-05', 'SEC-07', 'SEC-08', 'SEC-10', 'SEC-14', 'SEC-15', 'SEC-16', 'SEC-22', 'SEC-43'],
  'ClusterRole//aggregate-to-kubeflow-pipelines-edit': ['SEC-29'],
  'ClusterRole//istio-reader-clusterrole-istio-system': ['SEC-29'],
  'ClusterRole//istiod-clusterrole-istio-system': ['SEC-29'],
  'ClusterRole//katib-controller': ['SEC-29'],
  'ClusterRole//katib-ui': ['SEC-29'],
  'ClusterRole//kubeflow-istio-edit': ['SEC-29'],
  'ClusterRole//kubeflow-istio-view': ['SEC-29'],
  'ClusterRole//ml-pipeline-viewer-controller-role': ['SEC-29'],
  'ClusterRole//notebook-controller-role': ['SEC-29'],
  'Deployment/istio-system/istio-ingressgateway': ['SEC-22'],
  'Deployment/istio-system/istiod': ['SEC-16', 'SEC-22'],
  'Deployment/kubeflow/cache-server': ['SEC-15', 'SEC-16', 'SEC-18', 'SEC-22'],
  'Deployment/kubeflow/dashboard': ['SEC-15', 'SEC-16', 'SEC-22'],
  'Deployment/kubeflow/jupyter-web-app-deployment': ['SEC-15', 'SEC-16', 'SEC-18', 'SEC-22'],
  'Deployment/kubeflow/katib-controller': ['SEC-15', 'SEC-16', 'SEC-22'],
  'Deployment/kubeflow/katib-db-manager': ['SEC-15', 'SEC-16', 'SEC-22', 'SEC-23'],
  'Deployment/kubeflow/katib-mysql': ['SEC-15', 'SEC-16', 'SEC-22', 'SEC-23'],
  'Deployment/kubeflow/katib-ui': ['SEC-15', 'SEC-16', 'SEC-18', 'SEC-22'],
  'Deployment/kubeflow/metadata-envoy-deployment': ['SEC-15', 'SEC-16', 'SEC-18', 'SEC-22', 'SEC-23'],
  'Deployment/kubeflow/metadata-grpc-deployment': ['SEC-15', 'SEC-16', 'SEC-22'],
  'Deployment/kubeflow/metadata-writer': ['SEC-15', 'SEC-16', 'SEC-18', 'SEC-22'],
  'Deployment/kubeflow/ml-pipeline': ['SEC-15', 'SEC-16', 'SEC-22'],
  'Deployment/kubeflow/ml-pipeline-persistenceagent': ['SEC-15', 'SEC-16', 'SEC-18', 'SEC-22'],
  'Deployment/kubeflow/ml-pipeline-scheduledworkflow': ['SEC-15', 'SEC-16', 'SEC-18', 'SEC-22'],
  'Deployment/kubeflow/ml-pipeline-ui': ['SEC-15', 'SEC-16', 'SEC-22'],
  'Deployment/kubeflow/ml-pipeline-viewer-crd': ['SEC-15', 'SEC-16', 'SEC-18', 'SEC-22'],
  'Deployment/kubeflow/ml-pipeline-visualizationserver': ['SEC-15', 'SEC-16', 'SEC-22'],
  'Deployment/kubeflow/mysql': ['SEC-15', 'SEC-16', 'SEC-18', 'SEC-22'],
  'Deployment/kubeflow/notebook-controller-deployment': ['SEC-15', 'SEC-16', 'SEC-22'],
  'Deployment/kubeflow/poddefaults-webhook-deployment': ['SEC-15', 'SEC-16', 'SEC-18', 'SEC-22'],
  'Deployment/kubeflow/profiles-deployment': ['SEC-15', 'SEC-16', 'SEC-22'],
  'Deployment/kubeflow/pvcviewer-controller-manager': ['SEC-15', 'SEC-18', 'SEC-22'],
  'Deployment/kubeflow/tensorboard-controller-deployment': ['SEC-15', 'SEC-18', 'SEC-22'],
  'Deployment/kubeflow/tensorboards-web-app-deployment': ['SEC-15', 'SEC-16', 'SEC-18', 'SEC-22'],
  'Deployment/kubeflow/volumes-web-app-deployment': ['SEC-15', 'SEC-16', 'SEC-18', 'SEC-22'],
  'Deployment/kubeflow/workflow-controller': ['SEC-16', 'SEC-22'],
  'Deployment/oauth2-proxy/oauth2-proxy': ['SEC-15', 'SEC-16', 'SEC-22', 'SEC-23'],
  'NetworkPolicy/kubeflow/dashboard': ['SEC-42'],
  'NetworkPolicy/kubeflow/jupyter-web-app': ['SEC-42'],
  'NetworkPolicy/kubeflow/katib-db-manager': ['SEC-42'],
  'NetworkPolicy/kubeflow/katib-ui': ['SEC-42'],
  'NetworkPolicy/kubeflow/kserve-models-web-application': ['SEC-42'],
  'NetworkPolicy/kubeflow/metadata-grpc-server': ['SEC-42'],
  'NetworkPolicy/kubeflow/metatada-envoy': ['SEC-42'],
  'NetworkPolicy/kubeflow/ml-pipeline': ['SEC-42'],
  'NetworkPolicy/kubeflow/ml-pipeline-ui': ['SEC-42'],
  'NetworkPolicy/kubeflow/model-catalog': ['SEC-42'],
  'NetworkPolicy/kubeflow/model-registry': ['SEC-42'],
  'NetworkPolicy/kubeflow/model-registry-ui': ['SEC-42'],
  'NetworkPolicy/kubeflow/profiles-kfam': ['SEC-42'],
  'NetworkPolicy/kubeflow/tensorboards-web-app': ['SEC-42'],
  'NetworkPolicy/kubeflow/volumes-web-app': ['SEC-42'],
  'NetworkPolicy/oauth2-proxy/allow-istio-ingressgateway': ['SEC-42'],
  'Role/kubeflow/ml-pipeline-viewer-controller-role': ['SEC-29'],
  'Role/kubeflow/pipeline-runner': ['SEC-29'],
};

/** Where the units' patches deliberately leave a rule, and why. */
const PATCHED: readonly Suppression[] = [
  { rule: 'SEC-01', object: 'Deployment/istio-system/istio-ingressgateway', reason: GATEWAY_ON_HOST_NETWORK },
  { rule: 'PLT-02', object: 'Namespace//istio-system', reason: GATEWAY_ON_HOST_NETWORK },
];

/** The exemptions, one per rule and object, as the guardrail pack takes suppressions. */
export function kubeflowUpstreamExemptions(): Suppression[] {
  return [
    ...Object.entries(MISSES).flatMap(([object, rules]) =>
      rules.map((rule) => ({
        rule,
        object,
        reason: `Kubeflow distribution 26.03.1: ${object.endsWith('/istio-cni-node') ? REASONS.ISTIO_CNI : REASONS[rule]}`,
      })),
    ),
    ...PATCHED,
  ];
}
