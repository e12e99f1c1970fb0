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
 * Why `name` cannot be a tenant namespace, or `undefined` when it can.
 * Shared by the spec validator, `TenantNamespace` and guardrail SEC-38.
 */
export function tenantNamespaceProblem(name: string): string | undefined {
  if (!DNS_LABEL.test(name)) {
    return 'must be a DNS label (at most 63 characters of a-z, 0-9 and -, starting and ending with a letter or digit)';
  }
  if (name.startsWith('kube-')) return 'must not start with "kube-" (reserved for Kubernetes)';
  if (RESERVED_NAMESPACES.has(name)) return 'is a reserved namespace of Kubernetes or the platform';
  return undefined;
}

/** A TensorFlow Serving model path: the model's folder, then its version, a number (TF Serving loads `<base>/<version>/`). */
export const TF_SERVING_MODEL = /^[^/]+(\/[^/]+)*\/[0-9]+$/;
/** Why a model path is refused for TensorFlow Serving. */
export const TF_SERVING_MODEL_TEXT =
  'must end with the model version, a number (TF Serving serves only numbered version folders under the model), such as "cell-detector/3"';
