import { type KustomizeUnit, mirroredImages } from './kustomize-unit';
import type { KubeflowSite } from './site';

const IMAGES = [
  'ghcr.io/kubeflow/dashboard/dashboard',
  'ghcr.io/kubeflow/dashboard/poddefaults-webhook',
  'ghcr.io/kubeflow/dashboard/access-management',
  'ghcr.io/kubeflow/dashboard/profile-controller',
];

/**
 * The labels the Profile controller gives a profile's namespace (its `namespace-labels.yaml` in the kubeflow-pss
 * overlay), without its Pod Security level: tenants stay `restricted`. The controller never overwrites a label that
 * exists, and the platform's namespaces exist before their Profiles, so the platform writes these itself: the
 * distribution's NetworkPolicies admit Profile namespaces by `app.kubernetes.io/part-of` (Katib's DB manager,
 * Pipelines), and Katib injects its metrics collector only where `metrics-collector-injection` is on.
 */
export const PROFILE_NAMESPACE_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/part-of': 'kubeflow-profile',
  'katib.kubeflow.org/metrics-collector-injection': 'enabled',
  'pipelines.kubeflow.org/enabled': 'true',
  'serving.kubeflow.org/inferenceservice': 'enabled',
};

/**
 * Labels a Profile's namespace gets only when the Profile controller creates it: sidecar injection (dashboard v2.0.0
 * components/profile-controller/controllers/profile_controller.go Reconcile; an existing namespace gets only
 * {@link PROFILE_NAMESPACE_LABELS}). Without sidecars no AuthorizationPolicy of the namespace is enforced, and any
 * signed-in user would reach any tenant's notebook through the gateway.
 */
export const PROFILE_CREATED_NAMESPACE_LABELS: Readonly<Record<string, string>> = { 'istio-injection': 'enabled' };

/**
 * How access management (KFAM) and the Profile controller identify users in the mesh, as the distribution
 * configures them (`profiles-config`: USERID_HEADER, USERID_PREFIX, ISTIO_INGRESS_GATEWAY_PRINCIPAL,
 * KFP_UI_PRINCIPAL): requests through the gateway carry the user in this header, and only the ingress gateway and the
 * Pipelines UI may present it.
 */
export const KUBEFLOW_USER_IDENTITY = {
  header: 'kubeflow-userid',
  prefix: '',
  principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account', 'cluster.local/ns/kubeflow/sa/ml-pipeline-ui'],
} as const;

/** The dashboard's menu: the applications the site runs, and MLflow. */
function links(site: KubeflowSite): string {
  const item = (text: string, link: string, icon: string) => ({ type: 'item', text, link, icon });
  const menuLinks = [
    ...(site.components.notebooks
      ? [item('Notebooks', '/jupyter/', 'book'), item('TensorBoards', '/tensorboards/', 'assessment'), item('Volumes', '/volumes/', 'device:storage')]
      : []),
    ...(site.components.katib ? [item('Katib Experiments', '/katib/', 'kubeflow:katib')] : []),
    ...(site.components.pipelines
      ? [
          {
            type: 'section',
            text: 'Pipelines',
            icon: 'kubeflow:pipeline-centered',
            items: ['pipelines', 'experiments', 'runs', 'recurringruns', 'artifacts', 'executions'].map((page) => ({
              type: 'item',
              text: page[0].toUpperCase() + page.slice(1),
              link: `/pipeline/#/${page}`,
            })),
          },
        ]
      : []),
  ];
  const externalLinks = [{ type: 'item', text: 'MLflow', link: site.mlflowUrl, icon: 'launch' }];
  return JSON.stringify({ menuLinks, externalLinks, documentationItems: [], quickLinks: [] }, null, 2);
}

/**
 * The central dashboard, the Profile controller with access management
 * (KFAM) and the PodDefault webhook, in the distribution's Pod Security
 * overlay. The site's admin is the cluster admin of access management; the
 * menu lists only what runs, plus MLflow.
 */
export function dashboardUnit(site: KubeflowSite): KustomizeUnit {
  return {
    name: '35-kubeflow-dashboard',
    upstream: [
      'applications/dashboard/upstream/centraldashboard/overlays/istio',
      'applications/dashboard/upstream/poddefaults-webhooks/overlays/cert-manager',
      'applications/dashboard/upstream/profile-controller/overlays/kubeflow-pss',
    ],
    images: mirroredImages(IMAGES, site.mirror),
    configMaps: [{ name: 'profiles-config', namespace: 'kubeflow', behavior: 'merge', literals: { ADMIN: site.adminEmail } }],
    patches: [{ merge: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dashboard-config', namespace: 'kubeflow' }, data: { links: links(site) } } }],
  };
}
