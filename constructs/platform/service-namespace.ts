import { Construct } from 'constructs';
import {
  KubeNamespace,
  KubeNetworkPolicy,
  KubeServiceAccount,
  type NetworkPolicyEgressRule,
  type NetworkPolicyIngressRule,
} from 'cdk8s-plus-28/lib/imports/k8s';
import { HOLDS_DATA_LABEL, standardLabels } from '../lib/labels';
import { KUBE_DNS_EGRESS } from '../lib/network-policy';
import { type PodSecurityLevel, podSecurityLabels, requireExemptionReason } from '../lib/pod-security';
import { addGuardrailExemption } from '../policy/exemptions';
import { namedScope } from '../lib/named-scope';

/** Properties of a {@link ServiceNamespace}. */
export interface ServiceNamespaceProps {
  /** Namespace name. */
  readonly name: string;
  /** The service that lives in it (`app.kubernetes.io/name`). */
  readonly component: string;
  /** Pinned Pod Security version, e.g. `v1.31`. */
  readonly podSecurityVersion: string;
  /**
   * Pod Security level enforced. Anything below `restricted` needs `exemptionReason`.
   * @default 'restricted'
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Why the namespace's pods need more than `restricted` (recorded as the PLT-02 exemption).
   * @default - none; required when podSecurity is not restricted
   */
  readonly exemptionReason?: string;
  /**
   * It holds state the site cannot recreate from the spec (Secrets, volumes):
   * labelled so, and applied where the apply never prunes it.
   * @default false
   */
  readonly holdsData?: boolean;
}

/**
 * A namespace for a platform service the manifests run (MLflow, the object
 * store): Pod Security `restricted` (or a weaker level with a recorded reason), deny-all NetworkPolicy with DNS allowed,
 * and a `default` ServiceAccount without a token. Services open exactly the
 * traffic they need with `allow`.
 */
export class ServiceNamespace extends Construct {
  /** Namespace name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ServiceNamespaceProps) {
    super(scope, id);
    this.name = props.name;
    const labels = standardLabels({ name: props.component, instance: props.name, component: 'service-namespace' });
    const level = props.podSecurity ?? 'restricted';
    requireExemptionReason(`ServiceNamespace ${props.name}`, level, props.exemptionReason);
    new KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: { ...labels, ...podSecurityLabels(level, props.podSecurityVersion), ...(props.holdsData ? { [HOLDS_DATA_LABEL]: 'true' } : {}) },
      },
    });
    if (level !== 'restricted') addGuardrailExemption(this, { rule: 'PLT-02', object: `Namespace//${props.name}`, reason: props.exemptionReason! });
    new KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: 'default-deny', namespace: props.name, labels },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new KubeNetworkPolicy(this, 'AllowDns', {
      metadata: { name: 'allow-dns', namespace: props.name, labels },
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [KUBE_DNS_EGRESS] },
    });
    new KubeServiceAccount(this, 'DefaultServiceAccount', {
      metadata: { name: 'default', namespace: props.name, labels },
      automountServiceAccountToken: false,
    });
  }

  /** Adds a NetworkPolicy named `name` for the pods with `podLabels`. */
  public allow(
    name: string,
    podLabels: Readonly<Record<string, string>>,
    rules: { ingress?: NetworkPolicyIngressRule[]; egress?: NetworkPolicyEgressRule[] },
  ): void {
    const policyTypes = [...(rules.ingress?.length ? ['Ingress'] : []), ...(rules.egress?.length ? ['Egress'] : [])];
    new KubeNetworkPolicy(namedScope(this, name), 'Allow', {
      metadata: {
        name: `allow-${name}`,
        namespace: this.name,
        labels: standardLabels({ name: 'network-policy', instance: name, component: 'network-policy' }),
      },
      spec: {
        podSelector: { matchLabels: { ...podLabels } },
        policyTypes,
        ...(rules.ingress?.length ? { ingress: rules.ingress } : {}),
        ...(rules.egress?.length ? { egress: rules.egress } : {}),
      },
    });
  }
}
