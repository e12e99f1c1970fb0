import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { ClusterProviders } from '../constructs/cluster/cluster-providers';
import { addStateBackend } from '../constructs/cluster/state-backend';
import { resolveChart } from '../constructs/lib/helm-charts';
import { MinioOperator } from '../constructs/platform/minio-operator';
import { PostgresOperator } from '../constructs/platform/postgres-operator';
import type { PlatformSpec } from '../environments/spec';

/**
 * The `platform` state: operators and controllers the platform's services
 * need, applied after `cluster` (which brings cert-manager and storage) and
 * before the manifests that create their custom resources.
 */
export class PlatformStack extends TerraformStack {
  /** The MinIO operator, when the object store is MinIO. */
  public readonly minioOperator?: MinioOperator;
  /** The CloudNativePG operator. */
  public readonly postgresOperator: PostgresOperator;

  constructor(scope: Construct, spec: PlatformSpec) {
    const name = `${spec.name}-platform`;
    super(scope, name);
    const podSecurityVersion = `v${spec.kubernetes.version}`;
    const imageMirror = spec.registry.mirror;
    addStateBackend(this, { state: spec.state, stackName: name, kubeconfigPath: spec.kubernetes.configPath, kubeconfigContext: spec.kubernetes.context });
    new ClusterProviders(this, 'Providers', { kubeconfigPath: spec.kubernetes.configPath, kubeconfigContext: spec.kubernetes.context });
    if (spec.objectStore.kind === 'minio') {
      this.minioOperator = new MinioOperator(this, 'MinioOperator', {
        chart: resolveChart('minioOperator', spec.registry.charts, spec.charts.minioOperator?.version),
        podSecurityVersion,
        imageMirror,
      });
    }
    this.postgresOperator = new PostgresOperator(this, 'PostgresOperator', {
      chart: resolveChart('cloudnativePg', spec.registry.charts, spec.charts.cloudnativePg?.version),
      podSecurityVersion,
      imageMirror,
    });
  }
}
