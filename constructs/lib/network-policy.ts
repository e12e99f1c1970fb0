/**
 * NetworkPolicy building blocks shared by tenant and platform namespaces:
 * peers always select namespaces by their immutable name label (never `{}`).
 */
import { IntOrString, type NetworkPolicyEgressRule, type NetworkPolicyPeer, type NetworkPolicyPort } from 'cdk8s-plus-28/lib/imports/k8s';
import { NAMESPACE_NAME_LABEL } from './labels';

/** Egress to cluster DNS: kube-dns in kube-system, UDP and TCP 53. */
export const KUBE_DNS_EGRESS: NetworkPolicyEgressRule = {
  to: [
    {
      namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    },
  ],
  ports: [
    { protocol: 'UDP', port: IntOrString.fromNumber(53) },
    { protocol: 'TCP', port: IntOrString.fromNumber(53) },
  ],
};

/** A peer in another namespace, optionally narrowed to some of its pods. */
export function namespacePeer(namespace: string, podLabels?: Readonly<Record<string, string>>): NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } },
    ...(podLabels ? { podSelector: { matchLabels: { ...podLabels } } } : {}),
  };
}

/** NetworkPolicy ports from port numbers (TCP unless said). */
export function policyPorts(ports: readonly { readonly port: number; readonly protocol?: 'TCP' | 'UDP' }[]): NetworkPolicyPort[] {
  return ports.map((p) => ({ protocol: p.protocol ?? 'TCP', port: IntOrString.fromNumber(p.port) }));
}

/**
 * Egress to the Kubernetes API, for pods that watch or read through it: the
 * API server's address is not in the spec, so its ports (443, 6443) to any
 * address.
 */
export const KUBE_API_EGRESS: NetworkPolicyEgressRule = { ports: policyPorts([{ port: 443 }, { port: 6443 }]) };
