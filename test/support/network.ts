import type { KubeObject } from '../../constructs/policy/guardrail';
import { selects } from '../../constructs/policy/inspect';

/** A pod as NetworkPolicies see it: its namespace, the namespace's labels and its own. */
export interface PodEndpoint {
  readonly namespace: string;
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
}

function peerMatches(peer: Record<string, any>, policyNamespace: string, other: PodEndpoint): boolean {
  if (peer.ipBlock) return false;
  const inNamespace = peer.namespaceSelector ? selects(peer.namespaceSelector, other.namespaceLabels) : other.namespace === policyNamespace;
  return inNamespace && (peer.podSelector ? selects(peer.podSelector, other.podLabels) : true);
}

function portMatches(ports: readonly Record<string, any>[] | undefined, port: number): boolean {
  return (
    !ports?.length ||
    ports.some(
      (p) => (p.protocol ?? 'TCP') === 'TCP' && (p.port === undefined || p.port === port || (p.endPort !== undefined && port >= p.port && port <= p.endPort)),
    )
  );
}

/** Whether one side's policies let the connection through: no policy of that direction selects the pod, or one rule admits the peer on the port. */
function sideAllows(policies: readonly KubeObject[], self: PodEndpoint, other: PodEndpoint, port: number, direction: 'Ingress' | 'Egress'): boolean {
  const selecting = policies.filter(
    (p) =>
      p.metadata.namespace === self.namespace && selects(p.spec.podSelector ?? {}, self.podLabels) && (p.spec.policyTypes ?? ['Ingress']).includes(direction),
  );
  if (!selecting.length) return true;
  const [rulesKey, peersKey] = direction === 'Ingress' ? (['ingress', 'from'] as const) : (['egress', 'to'] as const);
  return selecting.some((p) =>
    (p.spec[rulesKey] ?? []).some(
      (rule: any) => (!rule[peersKey] || rule[peersKey].some((peer: any) => peerMatches(peer, self.namespace, other))) && portMatches(rule.ports, port),
    ),
  );
}

/** Whether the NetworkPolicies among `objects` let `from` open a TCP connection to `to` on `port` (both sides' policies). */
export function connectionAllowed(objects: readonly KubeObject[], from: PodEndpoint, to: PodEndpoint, port: number): boolean {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  return sideAllows(policies, from, to, port, 'Egress') && sideAllows(policies, to, from, port, 'Ingress');
}
