/**
 * Names that people and other systems refer to: namespaces, DNS labels and the
 * namespaces the platform keeps for itself. Every construct derives names from
 * the spec through these, never from a construct-path hash.
 */

/** RFC 1123 label: at most 63 characters, `[a-z0-9-]`, alphanumeric at both ends. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** RFC 1123 subdomain: dot-separated DNS labels, at most 253 characters. */
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Host labels of the platform's own endpoints on the gateway (`<label>.<domain>`); model servers may not take them. */
export const PLATFORM_HOSTS = { kubeflow: 'kubeflow', mlflow: 'mlflow' } as const;

/** The cluster's own DNS domain: Service names live under it, so the platform domain may not. */
export const CLUSTER_DOMAIN = 'cluster.local';

/** The namespaces of the platform's own services, by role. */
export const PLATFORM_NAMESPACES = {
  gpuOperator: 'gpu-operator',
  nfsCsi: 'csi-nfs',
  certManager: 'cert-manager',
  minioOperator: 'minio-operator',
  objectStore: 'object-store',
  postgresOperator: 'cnpg-system',
  mlflow: 'mlflow',
  kubeflow: 'kubeflow',
  istio: 'istio-system',
  auth: 'auth',
  knative: 'knative-serving',
  kserve: 'kserve',
  kueue: 'kueue-system',
  vpn: 'vpn',
  serving: 'serving',
  storage: 'platform-storage',
} as const;

/** Namespaces Kubernetes itself owns. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

/** Every namespace name a tenant may not take. */
export const RESERVED_NAMESPACES: ReadonlySet<string> = new Set<string>([...SYSTEM_NAMESPACES, ...Object.values(PLATFORM_NAMESPACES)]);

/**
 * Names MLflow refuses for a workspace beyond a DNS label's rules: one character, `--`, and its route prefixes
 * (mlflow/store/workspace/abstract_store.py WorkspaceNameValidator: 2 to 63 characters, `^(?!.*--)`, `_RESERVED`).
 */
const MLFLOW_RESERVED_WORKSPACES: ReadonlySet<string> = new Set(['workspaces', 'api', 'ajax-api', 'static-files']);

/**
 * Why `name` cannot be a tenant namespace, or `undefined` when it can. Every
 * tenant namespace is also the tenant's MLflow workspace, so MLflow's rules
 * for workspace names apply too. Shared by the spec validator,
 * `TenantNamespace` and guardrail SEC-38.
 */
export function tenantNamespaceProblem(name: string): string | undefined {
  if (!DNS_LABEL.test(name)) {
    return 'must be a DNS label (at most 63 characters of a-z, 0-9 and -, starting and ending with a letter or digit)';
  }
  if (name.startsWith('kube-')) return 'must not start with "kube-" (reserved for Kubernetes)';
  if (RESERVED_NAMESPACES.has(name)) return 'is a reserved namespace of Kubernetes or the platform';
  if (name.length < 2) return 'must have at least 2 characters: it also names the tenant’s MLflow workspace';
  if (name.includes('--')) return 'must not contain "--": it also names the tenant’s MLflow workspace, and MLflow refuses that';
  if (MLFLOW_RESERVED_WORKSPACES.has(name)) return 'is a name MLflow reserves for its routes; it cannot name the tenant’s MLflow workspace';
  return undefined;
}

/** A TensorFlow Serving model path: the model's folder, then its version, a number (TF Serving loads `<base>/<version>/`). */
export const TF_SERVING_MODEL = /^[^/]+(\/[^/]+)*\/[0-9]+$/;
/** Why a model path is refused for TensorFlow Serving. */
export const TF_SERVING_MODEL_TEXT =
  'must end with the model version, a number (TF Serving serves only numbered version folders under the model), such as "cell-detector/3"';
