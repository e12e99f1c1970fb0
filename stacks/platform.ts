import type { Construct } from 'constructs';
import { MinioOperator } from '../constructs/platform/minio-operator';
import { PostgresOperator } from '../constructs/platform/postgres-operator';
import { PlatformNamespace } from '../constructs/cluster/platform-namespace';
import type { PlatformSpec } from '../environments/spec';
import { SpecStack } from './spec-stack';

/**
 * The `platform` state: operators the platform's services need (MinIO,
 * CloudNativePG), and Kubeflow's namespace, which holds its databases
 * (Kubeflow itself is applied as kustomize units of the manifests); after
 * `cluster` (which brings cert-manager and storage) and before the manifests
 * that create their custom resources.
 */
export class PlatformStack extends SpecStack {
  /** The MinIO operator, when the object store is MinIO. */
  public readonly minioOperator?: MinioOperator;
  /** The CloudNativePG operator. */
  public readonly postgresOperator: PostgresOperator;
  /** Kubeflow's namespace, when any component is on: kept by Terraform, never destroyed. */
  public readonly kubeflowNamespace?: PlatformNamespace;

  constructor(scope: Construct, spec: PlatformSpec) {
    super(scope, 'platform', spec);
    if (spec.objectStore.kind === 'minio') this.minioOperator = new MinioOperator(this, 'MinioOperator', this.release('minioOperator'));
    this.postgresOperator = new PostgresOperator(this, 'PostgresOperator', this.release('cloudnativePg'));
    const { notebooks, pipelines, katib } = spec.kubeflow.components;
    if (notebooks || pipelines || katib) {
      this.kubeflowNamespace = new PlatformNamespace(this, 'KubeflowNamespace', {
        name: 'kubeflow',
        component: 'kubeflow',
        podSecurityVersion: `v${spec.kubernetes.version}`,
        holdsData: true,
        // As the distribution labels it: sidecars injected, and its NetworkPolicies select it by this label.
        labels: { 'istio-injection': 'enabled', 'control-plane': 'kubeflow' },
      });
    }
  }
}
