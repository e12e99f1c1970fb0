import { Construct } from 'constructs';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { HOLDS_DATA_LABEL, standardLabels } from '../lib/labels';
import { type PodSecurityLevel, podSecurityLabels, requireExemptionReason } from '../lib/pod-security';
import { terraformName } from '../lib/terraform-names';
import { reasonAnnotation } from '../policy/auditor-annotations';
import { addGuardrailExemption } from '../policy/exemptions';

/** Properties of a {@link PlatformNamespace}. */
export interface PlatformNamespaceProps {
  /** The namespace's name. */
  readonly name: string;
  /** The component that lives in it (`app.kubernetes.io/component`). */
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
   * Its contents hold data (databases, volumes): Terraform refuses to destroy it (GUARDRAILS REL-07).
   * @default false
   */
  readonly holdsData?: boolean;
  /**
   * Further labels the software in it expects (`istio-injection: enabled`).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A namespace for platform software, created by Terraform
 * before its release so Pod Security labels are in place from the first pod.
 * A level below `restricted` is an explicit, reasoned exemption scoped to this
 * one namespace.
 */
export class PlatformNamespace extends Construct {
  /** The namespace's name. */
  public readonly name: string;
  /** The Pod Security level enforced. */
  public readonly podSecurity: PodSecurityLevel;
  /** The Terraform resource. */
  public readonly resource: NamespaceV1;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    this.name = props.name;
    this.podSecurity = props.podSecurity ?? 'restricted';
    requireExemptionReason(`PlatformNamespace ${props.name}`, this.podSecurity, props.exemptionReason);
    this.resource = new NamespaceV1(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: {
          ...standardLabels({ name: props.component, instance: props.name, component: 'platform-namespace' }),
          ...podSecurityLabels(this.podSecurity, props.podSecurityVersion),
          ...(props.holdsData ? { [HOLDS_DATA_LABEL]: 'true' } : {}),
          ...props.labels,
        },
        // Why it is not restricted, on the namespace itself for whoever audits the cluster.
        ...(this.podSecurity !== 'restricted' ? { annotations: { [reasonAnnotation('PLT-02')]: props.exemptionReason! } } : {}),
      },
      ...(props.holdsData ? { lifecycle: { preventDestroy: true } } : {}),
    });
    this.resource.overrideLogicalId(terraformName('namespace', props.name));
    if (this.podSecurity !== 'restricted') {
      const stack = this.resource.cdktfStack.node.id;
      addGuardrailExemption(this, {
        rule: 'PLT-02',
        object: `${stack}:kubernetes_namespace_v1.${terraformName('namespace', props.name)}`,
        reason: props.exemptionReason!,
      });
    }
  }
}
