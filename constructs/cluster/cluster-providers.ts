import { Construct } from 'constructs';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';

/** Properties of {@link ClusterProviders}. */
export interface ClusterProvidersProps {
  /** kubeconfig path Terraform reads. */
  readonly kubeconfigPath: string;
  /** kubeconfig context of the target cluster. */
  readonly kubeconfigContext: string;
}

/**
 * The `kubernetes` and `helm` providers of a stack, both pointed at one
 * cluster through one kubeconfig context, so a stack can never mix clusters.
 */
export class ClusterProviders extends Construct {
  /** The kubernetes provider. */
  public readonly kubernetes: KubernetesProvider;
  /** The helm provider. */
  public readonly helm: HelmProvider;

  constructor(scope: Construct, id: string, props: ClusterProvidersProps) {
    super(scope, id);
    this.kubernetes = new KubernetesProvider(this, 'Kubernetes', {
      configPath: props.kubeconfigPath,
      configContext: props.kubeconfigContext,
    });
    this.helm = new HelmProvider(this, 'Helm', {
      kubernetes: { configPath: props.kubeconfigPath, configContext: props.kubeconfigContext },
    });
  }
}
