import type { Construct } from 'constructs';
import { TerraformBackend, TerraformRemoteState } from 'cdktf';

/** Settings of Terraform's `kubernetes` backend (state in a Secret, locking through a Lease). */
export interface KubernetesBackendProps {
  /** Suffix of the state Secret's name (`tfstate-default-<suffix>`); one per stack. */
  readonly secretSuffix: string;
  /** Namespace of the state Secret; it must exist before `terraform init`. */
  readonly namespace: string;
  /** kubeconfig path. */
  readonly configPath: string;
  /** kubeconfig context. */
  readonly configContext: string;
  /**
   * Read the service account of the pod Terraform runs in instead of a kubeconfig (Jenkins agents).
   * @default false
   */
  readonly inClusterConfig?: boolean;
}

/**
 * Terraform state kept in the cluster itself, with locking. cdktf 0.21 ships
 * no class for this backend; the attributes follow Terraform's documentation.
 */
export class KubernetesBackend extends TerraformBackend {
  constructor(
    scope: Construct,
    private readonly props: KubernetesBackendProps,
  ) {
    super(scope, 'backend', 'kubernetes');
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      secret_suffix: this.props.secretSuffix,
      namespace: this.props.namespace,
      config_path: this.props.configPath,
      config_context: this.props.configContext,
      ...(this.props.inClusterConfig ? { in_cluster_config: true } : {}),
    };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return this.synthesizeAttributes();
  }

  /** Reads another stack's outputs from its state Secret. */
  public getRemoteStateDataSource(scope: Construct, name: string, fromStack: string): TerraformRemoteState {
    return new KubernetesRemoteState(scope, name, {
      secret_suffix: fromStack,
      namespace: this.props.namespace,
      config_path: this.props.configPath,
      config_context: this.props.configContext,
    });
  }
}

class KubernetesRemoteState extends TerraformRemoteState {
  constructor(scope: Construct, id: string, config: Record<string, unknown>) {
    super(scope, id, 'kubernetes', config);
  }
}
