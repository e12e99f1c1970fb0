import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { ClusterProviders } from '../constructs/cluster/cluster-providers';
import { addStateBackend } from '../constructs/cluster/state-backend';
import type { PlatformSpec } from '../environments/spec';

/**
 * The `cluster` state: the cluster's physical setup and the software it needs
 * before anything else (GPU node pools, storage drivers, certificates,
 * ingress). It composes constructs; the logic lives in `constructs/cluster`.
 */
export class ClusterStack extends TerraformStack {
  /** The providers every resource of the stack uses. */
  public readonly providers: ClusterProviders;

  constructor(scope: Construct, spec: PlatformSpec) {
    const name = `${spec.name}-cluster`;
    super(scope, name);
    addStateBackend(this, {
      state: spec.state,
      stackName: name,
      kubeconfigPath: spec.kubernetes.configPath,
      kubeconfigContext: spec.kubernetes.context,
    });
    this.providers = new ClusterProviders(this, 'Providers', {
      kubeconfigPath: spec.kubernetes.configPath,
      kubeconfigContext: spec.kubernetes.context,
    });
  }
}
