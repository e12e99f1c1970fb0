import { TerraformStack, Testing } from 'cdktf';
import { KubernetesBackend } from '../../constructs/cluster/kubernetes-backend';

describe('KubernetesBackend', () => {
  const props = { secretSuffix: 'onprem-cluster', namespace: 'terraform-state', configPath: '~/.kube/config', configContext: 'prod' };

  test('synthesizes the kubernetes backend block with snake_case attributes', () => {
    const stack = new TerraformStack(Testing.app(), 'onprem-cluster');
    new KubernetesBackend(stack, props);
    expect(JSON.parse(Testing.synth(stack)).terraform.backend).toEqual({
      kubernetes: { secret_suffix: 'onprem-cluster', namespace: 'terraform-state', config_path: '~/.kube/config', config_context: 'prod' },
    });
  });

  test('can read the service account of the pod Terraform runs in', () => {
    const stack = new TerraformStack(Testing.app(), 'onprem-cluster');
    new KubernetesBackend(stack, { ...props, inClusterConfig: true });
    expect(JSON.parse(Testing.synth(stack)).terraform.backend.kubernetes.in_cluster_config).toBe(true);
  });

  test("reads another stack's state through a kubernetes remote state data source", () => {
    const stack = new TerraformStack(Testing.app(), 'onprem-platform');
    const backend = new KubernetesBackend(stack, { ...props, secretSuffix: 'onprem-platform' });
    backend.getRemoteStateDataSource(stack, 'Cluster', 'onprem-cluster');
    expect(JSON.parse(Testing.synth(stack)).data.terraform_remote_state).toEqual({
      Cluster: {
        backend: 'kubernetes',
        config: { secret_suffix: 'onprem-cluster', namespace: 'terraform-state', config_path: '~/.kube/config', config_context: 'prod' },
      },
    });
  });
});
