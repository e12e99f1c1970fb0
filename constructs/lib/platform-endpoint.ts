/** A platform service tenants may call: its namespace, pod ports and, optionally, which pods. */
export interface PlatformEndpoint {
  /** The platform namespace, selected by its immutable `kubernetes.io/metadata.name` label. */
  readonly namespace: string;
  /** Pod ports (not Service ports): NetworkPolicies see the pod's port. */
  readonly ports: readonly { readonly port: number; readonly protocol?: 'TCP' | 'UDP' }[];
  /**
   * Narrows the allow to these pods of the namespace.
   * @default - every pod of the namespace
   */
  readonly podLabels?: Readonly<Record<string, string>>;
}
