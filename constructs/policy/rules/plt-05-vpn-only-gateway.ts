import { type Guardrail, objectRef, type Violation, ofKind } from '../guardrail';
import { gatewayHosts, istioGateways, MESH_ROOT_NAMESPACE, rangesInside, resolveGateway, selectsPods } from '../mesh';

/** Why a DENY policy's rule does not close a gateway to everything outside the VPN, or undefined when it does. */
function vpnOnlyProblem(rule: any, vpn: readonly string[]): string | undefined {
  const sources = (rule.from ?? []).map((f: any) => f.source ?? {});
  if (sources.length !== 1) return undefined;
  const source = sources[0];
  if (source.notRemoteIpBlocks) return 'checks notRemoteIpBlocks, a client address taken from forwarded headers, not the connection’s own address';
  if (!source.notIpBlocks) return undefined;
  if (Object.keys(source).length > 1) return `narrows its VPN-only rule to some sources (${Object.keys(source).join(', ')})`;
  if (rule.to || rule.when) return 'applies its VPN-only rule to some listeners, hosts or paths only';
  if (!rangesInside(source.notIpBlocks, vpn)) return `admits ${source.notIpBlocks.join(', ')}, outside the VPN range`;
  return '';
}

/**
 * PLT-05: one way in. Every Istio Gateway's pods are closed by a DENY
 * policy to every connection whose own peer address is outside the VPN
 * range, for every listener, host and path; every route binds to a Gateway
 * the platform defines, for hosts that Gateway serves; there is no Ingress
 * and no Gateway API gateway beside it.
 */
export const plt05VpnOnlyGateway: Guardrail = {
  id: 'PLT-05',
  level: 'error',
  title: 'Every endpoint is a route on a Gateway closed to every peer address outside the VPN range; nothing else serves from outside',
  fix: 'Serve endpoints with PlatformGateway.route: its Gateway and the vpn-only DENY policy (notIpBlocks: vpn.cidr, no to/when); remove Ingresses and other gateways.',
  check({ objects, facts }) {
    const vpn = facts.vpnRanges ?? [];
    const out: Violation[] = [];
    for (const o of ofKind(objects, 'Ingress')) out.push({ object: objectRef(o), message: 'serves around the platform gateway (an Ingress)' });
    for (const o of ofKind(objects, 'Gateway').filter((x) => x.apiVersion.startsWith('gateway.networking.k8s.io/'))) {
      out.push({ object: objectRef(o), message: 'is a second gateway (Gateway API) beside the platform gateway' });
    }
    const denies = ofKind(objects, 'AuthorizationPolicy').filter((o) => o.spec?.action === 'DENY');
    for (const gateway of istioGateways(objects)) {
      const pods = gateway.spec?.selector ?? {};
      const covering = denies.filter((p) => [gateway.metadata.namespace, MESH_ROOT_NAMESPACE].includes(p.metadata.namespace) && selectsPods(p, pods));
      const problems = covering.flatMap((p) => (p.spec.rules ?? []).map((r: any) => vpnOnlyProblem(r, vpn))).filter((p: string | undefined) => p !== undefined);
      if (!problems.includes('')) {
        out.push({
          object: objectRef(gateway),
          message: problems[0] ?? `is open to every address: no DENY policy on its pods admits only ${vpn.join(', ') || 'the VPN range'}`,
        });
      }
    }
    for (const route of ofKind(objects, 'VirtualService')) {
      for (const ref of (route.spec?.gateways ?? []).filter((g: string) => g !== 'mesh')) {
        const gateway = resolveGateway(objects, route, ref);
        if (!gateway) {
          out.push({ object: objectRef(route), message: `binds to gateway ${ref}, which the platform does not define` });
          continue;
        }
        const served = gatewayHosts(gateway);
        for (const host of route.spec?.hosts ?? []) {
          if (host.includes('*')) out.push({ object: objectRef(route), message: `serves any host matching ${host} on ${ref}` });
          else if (!served.includes(host)) out.push({ object: objectRef(route), message: `serves ${host}, for which ${ref} has no server` });
        }
      }
    }
    return out;
  },
};
