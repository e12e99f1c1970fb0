import { authUnit } from './auth';
import { baseUnit } from './base';
import { dashboardUnit } from './dashboard';
import { istioUnit, onPlatformGateway } from './istio';
import { istioCrdsUnit } from './istio-crds';
import { katibUnit } from './katib';
import type { KustomizeUnit } from './kustomize-unit';
import { notebooksUnit } from './notebooks';
import { pipelinesUnit } from './pipelines';
import type { KubeflowSite, MeshSite } from './site';

/** Istio from the vendored community distribution 26.03.1: its CRDs, then Istio with its CNI and the ingress gateway, the platform's one way in. */
export function istioUnits(site: MeshSite): KustomizeUnit[] {
  return [istioCrdsUnit(), istioUnit(site)];
}

/**
 * Kubeflow as apply units over the vendored community distribution 26.03.1,
 * after Istio, in apply order: single sign-on, Kubeflow's roles and
 * namespaces, the dashboard with Profiles and the PodDefault webhook, then
 * the applications the spec turns on.
 */
export function kubeflowUnits(site: KubeflowSite): KustomizeUnit[] {
  const units = [
    authUnit(site),
    baseUnit(),
    dashboardUnit(site),
    ...(site.components.notebooks ? [notebooksUnit(site)] : []),
    ...(site.components.pipelines ? [pipelinesUnit(site)] : []),
    ...(site.components.katib ? [katibUnit(site)] : []),
  ];
  // Every route the distribution ships goes through the platform's Gateway, for Kubeflow's host only.
  return units.map((unit) => ({ ...unit, patches: [...(unit.patches ?? []), onPlatformGateway(site)] }));
}
