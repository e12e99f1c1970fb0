import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import {
  KubeLimitRange,
  KubeNamespace,
  KubeNetworkPolicy,
  KubeResourceQuota,
  KubeRole,
  KubeRoleBinding,
  KubeServiceAccount,
  Quantity,
} from 'cdk8s-plus-28/lib/imports/k8s';
import { HOLDS_DATA_LABEL, OFFBOARDED_LABEL, standardLabels, TENANT_LABEL } from '../lib/labels';
import { merged } from '../lib/merged';
import { KUBE_DNS_EGRESS, namespacePeer, policyPorts } from '../lib/network-policy';
import { podSecurityLabels } from '../lib/pod-security';
import { tenantNamespaceProblem } from '../lib/naming';
import type { PlatformEndpoint } from '../lib/platform-endpoint';
import { Problems } from '../lib/problems';
import { formatBytes, parseQuantity } from '../lib/quantity';
import { TENANT_ROLE_RULES, type TenantAccess } from './tenant-role-rules';
import { compareText } from '../lib/text-order';

/** What one tenant may consume. Quantities are Kubernetes quantities. */
export interface TenantQuota {
  /** Whole GPUs (`requests.nvidia.com/gpu`). */
  readonly gpus: number;
  /** CPU requests, e.g. `16` or `500m`. */
  readonly cpu: string;
  /** Memory requests and limits, e.g. `96Gi`. */
  readonly memory: string;
  /** Storage requested by all claims, e.g. `500Gi`. */
  readonly storage: string;
}

/** Default requests and limits for containers that set none. */
export interface ContainerDefaults {
  /** @default '100m' */
  readonly cpuRequest?: string;
  /** @default '256Mi' */
  readonly memoryRequest?: string;
  /** @default '2' */
  readonly cpuLimit?: string;
  /** @default '2Gi' - or the tenant's memory quota when that is smaller */
  readonly memoryLimit?: string;
}

/** Properties of a {@link TenantNamespace}. */
export interface TenantNamespaceProps {
  /** The user's name; also the namespace's name. Must pass the tenant naming rules. */
  readonly user: string;
  /** The user's identity as the cluster's OIDC provider reports it (the RoleBinding subject). */
  readonly email: string;
  /** What the user may do in the namespace: `viewer` reads, the others edit. */
  readonly access: TenantAccess;
  /** The user's quota. */
  readonly quota: TenantQuota;
  /** Pinned Pod Security Standards version, e.g. `v1.31`; `latest` is refused. */
  readonly podSecurityVersion: string;
  /**
   * The user has left: the RoleBinding goes and compute quota drops to zero,
   * while the namespace, its claims and their data stay until an explicit purge.
   * @default false
   */
  readonly offboarded?: boolean;
  /**
   * Platform endpoints pods may call, besides cluster DNS and their own namespace.
   * @default [] - DNS and same-namespace traffic only
   */
  readonly platformEgress?: readonly PlatformEndpoint[];
  /**
   * Platform namespaces allowed to open connections to the tenant's pods (Kubeflow's controllers).
   * @default [] - only the tenant's own pods
   */
  readonly ingressFromNamespaces?: readonly string[];
  /**
   * The platform gateway's address, allowed to open connections to the
   * tenant's pods (Kubeflow's routes to notebooks and TensorBoards).
   * @default - none
   */
  readonly ingressFromGateway?: { readonly ipBlock: { readonly cidr: string } };
  /**
   * PriorityClasses kept for the platform: the tenant may run no pod at them.
   * @default - none
   */
  readonly reservedPriorityClasses?: readonly string[];
  /** @default 50 */
  readonly maxPods?: number;
  /** @default 20 */
  readonly maxPersistentVolumeClaims?: number;
  /** @default - see {@link ContainerDefaults} */
  readonly containerDefaults?: ContainerDefaults;
  /**
   * Owner of the Kubeflow profile over this namespace; the profile controller adopts the namespace only when they match.
   * @default - no Kubeflow profile
   */
  readonly kubeflowOwner?: string;
  /**
   * Labels the namespace carries beside the platform's own (Kubeflow's Profile namespace labels); they never
   * change its Pod Security labels.
   * @default - none
   */
  readonly extraLabels?: Readonly<Record<string, string>>;
}

/**
 * One user's isolated place on the cluster: a Namespace under Pod Security
 * `restricted`, a ResourceQuota and LimitRange, default-deny NetworkPolicies
 * with explicit DNS, same-namespace and platform allows, the `default`
 * ServiceAccount without a token, and the user's RoleBinding to a namespaced
 * role that cannot touch RBAC, quotas, limit ranges or the namespace itself.
 */
export class TenantNamespace extends Construct {
  /** The namespace's name (the user's name). */
  public readonly namespaceName: string;
  /** Whether the user is offboarded. */
  public readonly offboarded: boolean;
  /** The hard limits of the ResourceQuota, as synthesized. */
  public readonly quotaHard: Readonly<Record<string, string>>;
  /** Container defaults of the LimitRange, resolved. */
  public readonly containerDefaults: Required<ContainerDefaults>;
  /** The Namespace object. */
  public readonly resource: KubeNamespace;

  constructor(scope: Construct, id: string, props: TenantNamespaceProps) {
    super(scope, id);
    this.namespaceName = props.user;
    this.offboarded = props.offboarded ?? false;
    const maxPods = props.maxPods ?? 50;
    const maxClaims = props.maxPersistentVolumeClaims ?? 20;
    const quotaMemory = parseQuantity(props.quota.memory) ?? 0;
    this.containerDefaults = {
      cpuRequest: props.containerDefaults?.cpuRequest ?? '100m',
      memoryRequest: props.containerDefaults?.memoryRequest ?? '256Mi',
      cpuLimit: props.containerDefaults?.cpuLimit ?? '2',
      memoryLimit: props.containerDefaults?.memoryLimit ?? (quotaMemory > 0 && quotaMemory < 2 * 2 ** 30 ? formatBytes(quotaMemory) : '2Gi'),
    };
    validate(props, maxPods, maxClaims, this.containerDefaults);

    const ns = this.namespaceName;
    const labels = standardLabels({ name: 'tenant', instance: ns, component: 'tenant-namespace' });
    const metadata = (name: string) => ({ name, namespace: ns, labels });

    this.resource = new KubeNamespace(this, 'Resource', {
      metadata: {
        name: ns,
        labels: merged(
          labels,
          props.extraLabels,
          // The tenant's claims and Secrets: applied where the apply never prunes it.
          { [TENANT_LABEL]: ns, [HOLDS_DATA_LABEL]: 'true' },
          this.offboarded ? { [OFFBOARDED_LABEL]: 'true' } : undefined,
          podSecurityLabels('restricted', props.podSecurityVersion),
        ),
        annotations: {
          'mlops-platform.io/owner': props.email,
          // What MLflow shows for the namespace's workspace (mlflow-kubernetes-plugins v1.2.1 workspace provider).
          'mlflow.kubeflow.org/workspace-description': `${props.user}'s experiments and models`,
          ...(props.kubeflowOwner ? { owner: props.kubeflowOwner } : {}),
        },
      },
    });

    const compute = (value: string) => (this.offboarded ? '0' : value);
    this.quotaHard = {
      'requests.cpu': compute(props.quota.cpu),
      'requests.memory': compute(props.quota.memory),
      'limits.memory': compute(props.quota.memory),
      'requests.nvidia.com/gpu': compute(String(props.quota.gpus)),
      'requests.storage': props.quota.storage,
      persistentvolumeclaims: String(maxClaims),
      pods: compute(String(maxPods)),
      'services.nodeports': '0',
      'services.loadbalancers': '0',
    };
    new KubeResourceQuota(this, 'Quota', {
      metadata: metadata('tenant-quota'),
      spec: { hard: mapValues(this.quotaHard, Quantity.fromString) },
    });
    if (props.reservedPriorityClasses?.length) {
      // The platform's priority classes outrank tenant pods; a tenant may run no pod at them.
      new KubeResourceQuota(this, 'ReservedPriority', {
        metadata: metadata('reserved-priority'),
        spec: {
          hard: { pods: Quantity.fromNumber(0) },
          scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: [...props.reservedPriorityClasses] }] },
        },
      });
    }

    const d = this.containerDefaults;
    new KubeLimitRange(this, 'Limits', {
      metadata: metadata('tenant-limits'),
      spec: {
        limits: [
          {
            type: 'Container',
            default: { cpu: Quantity.fromString(d.cpuLimit), memory: Quantity.fromString(d.memoryLimit) },
            defaultRequest: { cpu: Quantity.fromString(d.cpuRequest), memory: Quantity.fromString(d.memoryRequest) },
          },
        ],
      },
    });

    new KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: metadata('default-deny'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new KubeNetworkPolicy(this, 'AllowDns', {
      metadata: metadata('allow-dns'),
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [KUBE_DNS_EGRESS] },
    });
    new KubeNetworkPolicy(this, 'AllowSameNamespace', {
      metadata: metadata('allow-same-namespace'),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: {} }] }],
        egress: [{ to: [{ podSelector: {} }] }],
      },
    });
    const egress = [...(props.platformEgress ?? [])].sort((a, b) => compareText(a.namespace, b.namespace));
    if (egress.length) {
      new KubeNetworkPolicy(this, 'AllowPlatformEgress', {
        metadata: metadata('allow-platform-egress'),
        spec: {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: egress.map((e) => ({
            to: [namespacePeer(e.namespace, e.podLabels)],
            ports: policyPorts(e.ports),
          })),
        },
      });
    }
    const ingressFrom = [
      ...[...(props.ingressFromNamespaces ?? [])].sort().map((namespace) => namespacePeer(namespace)),
      ...(props.ingressFromGateway ? [{ ...props.ingressFromGateway }] : []),
    ];
    if (ingressFrom.length) {
      new KubeNetworkPolicy(this, 'AllowPlatformIngress', {
        metadata: metadata('allow-platform-ingress'),
        spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: ingressFrom }] },
      });
    }
    // Inside the mesh, only mutual TLS (GUARDRAILS SEC-48b); it takes effect for pods with a sidecar.
    new ApiObject(this, 'StrictMtls', {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: metadata('default'),
      spec: { mtls: { mode: 'STRICT' } },
    });

    new KubeServiceAccount(this, 'DefaultServiceAccount', {
      metadata: metadata('default'),
      automountServiceAccountToken: false,
    });

    const roleName = `tenant-${props.access}`;
    new KubeRole(this, 'Role', { metadata: metadata(roleName), rules: TENANT_ROLE_RULES[props.access] });
    if (!this.offboarded) {
      new KubeRoleBinding(this, 'RoleBinding', {
        metadata: metadata(`${roleName}-${ns}`),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: props.email }],
      });
    }
  }
}

function mapValues<T>(record: Readonly<Record<string, string>>, map: (value: string) => T): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, map(v)]));
}

function validate(props: TenantNamespaceProps, maxPods: number, maxClaims: number, defaults: Required<ContainerDefaults>): void {
  const problems = new Problems();
  const nameProblem = tenantNamespaceProblem(props.user);
  if (nameProblem) problems.add('user', nameProblem, props.user);
  if (!Number.isInteger(props.quota.gpus) || props.quota.gpus < 0) {
    problems.add('quota.gpus', 'must be a whole number >= 0', props.quota.gpus);
  }
  for (const field of ['cpu', 'memory', 'storage'] as const) {
    const value = parseQuantity(props.quota[field]);
    if (value === undefined || value < 0) problems.add(`quota.${field}`, 'must be a Kubernetes quantity >= 0', props.quota[field]);
  }
  if (!/^v1\.\d+$/.test(props.podSecurityVersion)) {
    problems.add('podSecurityVersion', 'must be a pinned version such as "v1.31"', props.podSecurityVersion);
  }
  if (!Number.isInteger(maxPods) || maxPods < 1) problems.add('maxPods', 'must be a whole number >= 1', maxPods);
  if (!Number.isInteger(maxClaims) || maxClaims < 1) {
    problems.add('maxPersistentVolumeClaims', 'must be a whole number >= 1', maxClaims);
  }
  for (const [field, value] of Object.entries(defaults)) {
    if (parseQuantity(value) === undefined) problems.add(`containerDefaults.${field}`, 'must be a Kubernetes quantity', value);
  }
  const memory = parseQuantity(props.quota.memory);
  const memoryLimit = parseQuantity(defaults.memoryLimit);
  if (!props.offboarded && memory !== undefined && memoryLimit !== undefined && memoryLimit > memory) {
    problems.add('containerDefaults.memoryLimit', `must fit in the memory quota (${props.quota.memory})`, defaults.memoryLimit);
  }
  for (const [i, endpoint] of (props.platformEgress ?? []).entries()) {
    if (!endpoint.ports.length) problems.add(`platformEgress[${i}].ports`, 'must list at least one port', endpoint.ports);
  }
  problems.throwIfAny(`TenantNamespace ${props.user}`);
}
