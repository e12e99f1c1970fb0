/**
 * The one source of labels. Every object carries the recommended
 * `app.kubernetes.io/*` labels; selectors use only `name` and `instance`,
 * because selectors are immutable and must never carry a version.
 */

/** The value of `app.kubernetes.io/part-of` and `managed-by` on everything the platform authors. */
export const PLATFORM_NAME = 'mlops-platform';

/** Marks a Namespace as a tenant's; its value is the user name. Guardrails find tenants by it. */
export const TENANT_LABEL = 'mlops-platform.io/tenant';

/** Set to `"true"` on a tenant Namespace whose user is offboarded. */
export const OFFBOARDED_LABEL = 'mlops-platform.io/offboarded';

/** The label the control plane sets on every Namespace (immutable); cross-namespace peers select by it. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** The node label that holds the node's name, by which pods are pinned to a node or spread over nodes. */
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** What an object is and where it belongs. */
export interface LabelProps {
  /** The application (`app.kubernetes.io/name`), e.g. `tenant`, `mlflow`. */
  readonly name: string;
  /** This instance of it (`app.kubernetes.io/instance`), e.g. the user name. */
  readonly instance: string;
  /** Its role in the architecture (`app.kubernetes.io/component`). */
  readonly component: string;
  /**
   * The version of the application (`app.kubernetes.io/version`).
   * @default - no version label
   */
  readonly version?: string;
}

/** The full set of recommended labels for an object. */
export function standardLabels(props: LabelProps): Record<string, string> {
  return {
    'app.kubernetes.io/name': props.name,
    'app.kubernetes.io/instance': props.instance,
    'app.kubernetes.io/component': props.component,
    'app.kubernetes.io/part-of': PLATFORM_NAME,
    'app.kubernetes.io/managed-by': PLATFORM_NAME,
    ...(props.version ? { 'app.kubernetes.io/version': props.version } : {}),
  };
}

/** The labels a selector may use: `name` and `instance` only. */
export function selectorLabels(props: Pick<LabelProps, 'name' | 'instance'>): Record<string, string> {
  return {
    'app.kubernetes.io/name': props.name,
    'app.kubernetes.io/instance': props.instance,
  };
}

/** Set to `"true"` on a namespace whose contents hold data (databases, volumes); Terraform then refuses to destroy it. */
export const HOLDS_DATA_LABEL = 'mlops-platform.io/holds-data';

/** Annotation on a PeerAuthentication that lets a workload or port accept plain text: why (GUARDRAILS SEC-48b). */
export const PLAINTEXT_REASON_ANNOTATION = 'mlops-platform.io/plaintext-reason';
