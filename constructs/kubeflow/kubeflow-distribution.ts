import { authUnit } from './auth';
import { baseUnit } from './base';
import { dashboardUnit } from './dashboard';
import { istioUnit } from './istio';
import { istioCrdsUnit } from './istio-crds';
import { katibUnit } from './katib';
import type { KustomizeUnit } from './kustomize-unit';
import { notebooksUnit } from './notebooks';
import { pipelinesUnit } from './pipelines';
import type { KubeflowSite } from './site';

/**
 * Kubeflow as apply units over the vendored community distribution 26.03.1,
 * in apply order: Istio's CRDs, Istio and the gateways, single sign-on,
 * Kubeflow's roles and namespaces, the dashboard with Profiles and the
 * PodDefault webhook, then the applications the spec turns on.
 */
export function kubeflowUnits(site: KubeflowSite): KustomizeUnit[] {
  return [
    istioCrdsUnit(),
    istioUnit(site),
    authUnit(site),
    baseUnit(),
    dashboardUnit(site),
    ...(site.components.notebooks ? [notebooksUnit(site)] : []),
    ...(site.components.pipelines ? [pipelinesUnit(site)] : []),
    ...(site.components.katib ? [katibUnit(site)] : []),
  ];
}
