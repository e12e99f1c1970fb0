import type { Construct } from 'constructs';
import { LocalBackend, S3Backend, type TerraformBackend } from 'cdktf';
import { KubernetesBackend } from './kubernetes-backend';

/** Where one stack keeps its Terraform state. */
export type StateBackendSettings =
  | { readonly backend: 'local'; readonly directory: string }
  | { readonly backend: 'kubernetes'; readonly namespace: string }
  | { readonly backend: 's3'; readonly bucket: string; readonly endpoint: string; readonly region: string };

/** Properties of {@link addStateBackend}. */
export interface StateBackendProps {
  /** The backend chosen in the spec. */
  readonly state: StateBackendSettings;
  /** The stack's name (`onprem-cluster`): names its state file, Secret or key. */
  readonly stackName: string;
  /** kubeconfig path, for the `kubernetes` backend. */
  readonly kubeconfigPath: string;
  /** kubeconfig context, for the `kubernetes` backend. */
  readonly kubeconfigContext: string;
}

/**
 * Gives a stack the state backend of the spec. Local state sits in the
 * project (outside `cdktf.out/`, which every synth replaces); `kubernetes`
 * and `s3` lock, which shared use needs (GUARDRAILS REL-08).
 */
export function addStateBackend(scope: Construct, props: StateBackendProps): TerraformBackend {
  const { state, stackName } = props;
  switch (state.backend) {
    case 'local': {
      // Terraform runs in cdktf.out/stacks/<stack>/; three levels up is the project root.
      const directory = state.directory.startsWith('/') ? state.directory : `../../../${state.directory}`.replace(/\/\.$/, '');
      return new LocalBackend(scope, { path: `${directory}/terraform.${stackName}.tfstate` });
    }
    case 'kubernetes':
      return new KubernetesBackend(scope, {
        secretSuffix: stackName,
        namespace: state.namespace,
        configPath: props.kubeconfigPath,
        configContext: props.kubeconfigContext,
      });
    case 's3': {
      const backend = new S3Backend(scope, {
        bucket: state.bucket,
        key: `${stackName}/terraform.tfstate`,
        region: state.region,
        endpoints: { s3: state.endpoint },
        usePathStyle: true,
        skipCredentialsValidation: true,
        skipRegionValidation: true,
        skipRequestingAccountId: true,
        skipMetadataApiCheck: true,
        encrypt: true,
      });
      // Terraform >= 1.10 locks with a lock file next to the state; no DynamoDB on premises.
      backend.addOverride('use_lockfile', true);
      return backend;
    }
  }
}
