import { parseCidr } from '../../lib/cidr';
import { type Guardrail, objectRef, type Violation } from '../guardrail';

const SOURCE_RANGE = 'nginx.ingress.kubernetes.io/whitelist-source-range';

/** PLT-05: every Ingress accepts only the VPN range. */
export const plt05VpnOnlyIngress: Guardrail = {
  id: 'PLT-05',
  level: 'error',
  title: `Every Ingress sets ${SOURCE_RANGE} to ranges inside the VPN range`,
  fix: 'Set the source-range annotation to vpn.cidr (ModelServer and MlflowServer do).',
  check({ objects, facts }) {
    const vpn = (facts.ingressSourceRanges ?? []).map(parseCidr).filter((c) => c !== undefined);
    const inside = (cidr: string) => {
      const c = parseCidr(cidr.trim());
      return !!c && vpn.some((v) => c.network >= v!.network && c.network + c.size <= v!.network + v!.size);
    };
    const out: Violation[] = [];
    for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
      const ranges = (ingress.metadata.annotations?.[SOURCE_RANGE] ?? '').split(',').filter((r) => r.trim());
      if (!ranges.length) out.push({ object: objectRef(ingress), message: 'accepts any source address' });
      else if (!ranges.every(inside)) out.push({ object: objectRef(ingress), message: `accepts ${ranges.join(', ')}, outside the VPN range` });
    }
    return out;
  },
};
