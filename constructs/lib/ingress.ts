/** The ingress controller as workloads see it. */

/** Where traffic from the ingress controller comes from, and which class Ingresses name. */
export interface IngressEntry {
  /** Ingress class. */
  readonly className: string;
  /** The NetworkPolicy peer the controller's connections come from (the edge node, as it runs on the host network). */
  readonly from: { readonly ipBlock: { readonly cidr: string } } | { readonly namespaceSelector: { readonly matchLabels: Record<string, string> } };
}
