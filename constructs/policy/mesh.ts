/** Read-only helpers the guardrail rules share to look into Istio's gateway, routing and security objects. */
import { cidrContains, parseCidr } from '../lib/cidr';
import { type KubeObject, ofKind } from './guardrail';
import { selects } from './inspect';

/** Istio's root namespace: policies there apply to matching workloads in every namespace. */
export const MESH_ROOT_NAMESPACE = 'istio-system';

/** Istio Gateways (`networking.istio.io`), not the Gateway API's. */
export function istioGateways(objects: readonly KubeObject[]): KubeObject[] {
  return ofKind(objects, 'Gateway').filter((o) => o.apiVersion.startsWith('networking.istio.io/'));
}

/** The Gateway a route's `gateways` entry names (`name` alone is in the route's namespace); `mesh` names none. */
export function resolveGateway(objects: readonly KubeObject[], route: KubeObject, ref: string): KubeObject | undefined {
  const [namespace, name] = ref.includes('/') ? ref.split('/') : [route.metadata.namespace, ref];
  return istioGateways(objects).find((g) => g.metadata.name === name && g.metadata.namespace === namespace);
}

/** Every host a Gateway's servers accept. */
export function gatewayHosts(gateway: KubeObject): string[] {
  return (gateway.spec?.servers ?? []).flatMap((s: any) => (s.hosts ?? []).map((h: string) => (h.includes('/') ? h.split('/')[1] : h)));
}

/** Whether a workload policy's selector (absent: every workload of its namespace) covers pods with these labels. */
export function selectsPods(policy: KubeObject, podLabels: Readonly<Record<string, string>>): boolean {
  return !policy.spec?.selector || selects(policy.spec.selector, podLabels);
}

/** Whether every range lies inside one of `within`. */
export function rangesInside(ranges: readonly string[], within: readonly string[]): boolean {
  const outer = within.map(parseCidr).filter((c) => c !== undefined);
  return ranges.every((range) => {
    const c = parseCidr(range.includes('/') ? range : `${range}/32`);
    return !!c && outer.some((o) => cidrContains(o, c));
  });
}
