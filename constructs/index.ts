/**
 * The platform's construct library. Import what you need:
 *
 *   import { TenantNamespace, GpuNodePool } from 'onprem-mlops-platform';
 *
 * cdktf constructs (cluster/, platform operators) go into a TerraformStack;
 * cdk8s constructs (tenancy/, platform services, serving/) into a Chart;
 * Kubeflow comes as kustomize units (kubeflow/) over the vendored distribution.
 */
export * from './cluster/apply-unit';
export * from './cluster/cert-manager';
export * from './cluster/cluster-providers';
export * from './cluster/gpu-node-pool';
export * from './cluster/gpu-operator';
export * from './cluster/kubernetes-backend';
export * from './cluster/kueue';
export * from './cluster/nas-storage';
export * from './cluster/platform-component';
export * from './cluster/platform-helm-release';
export * from './cluster/platform-namespace';
export * from './cluster/state-backend';
export * from './kubeflow/auth';
export * from './kubeflow/base';
export * from './kubeflow/dashboard';
export * from './kubeflow/istio';
export * from './kubeflow/istio-crds';
export * from './kubeflow/katib';
export * from './kubeflow/kubeflow-distribution';
export * from './kubeflow/kubeflow-entry';
export * from './kubeflow/kustomize-unit';
export * from './kubeflow/notebooks';
export * from './kubeflow/pipelines';
export * from './kubeflow/site';
export * from './kubeflow/upstream-exemptions';
export * from './platform/external-object-store';
export * from './platform/gpu-queues';
export * from './platform/internal-ca-issuer';
export * from './platform/minio-object-store';
export * from './platform/minio-operator';
export * from './platform/mlflow-server';
export * from './platform/nas-folders';
export * from './platform/object-store';
export * from './platform/platform-gateway';
export * from './platform/platform-priorities';
export * from './platform/scheduled-dump';
export * from './platform/postgres-cluster';
export * from './platform/postgres-operator';
export * from './platform/service-certificate';
export * from './platform/service-namespace';
export * from './platform/vpn-gateway';
export * from './serving/model-server';
export * from './tenancy/kubeflow-profile';
export * from './tenancy/platform-roles';
export * from './tenancy/static-nfs-volume';
export * from './tenancy/tenant-isolation-policy';
export * from './tenancy/tenant-namespace';
export * from './tenancy/tenant-pipeline-artifacts';
export * from './tenancy/profile-owner-model-reader';
export * from './tenancy/tenant-mlflow-access';
export * from './tenancy/tenant-pod-defaults';
export * from './tenancy/tenant-role-rules';
export * from './workflows/tuning-experiment';
export * from './policy/guardrail';
export * from './policy/guardrail-pack';
export * from './policy/exemptions';
export * from './lib/labels';
export * from './lib/naming';
export * from './lib/pod-security';
export * from './lib/gpu-scheduling';
