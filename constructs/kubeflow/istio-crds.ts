import type { KustomizeUnit } from './kustomize-unit';

/** Istio's CRDs, first: everything after them may create Istio resources. */
export function istioCrdsUnit(): KustomizeUnit {
  return { name: '31-istio-crds', upstream: ['common/istio/istio-crds/base'] };
}
