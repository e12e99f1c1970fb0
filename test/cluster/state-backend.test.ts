import { TerraformStack, Testing } from 'cdktf';
import { addStateBackend, type StateBackendSettings } from '../../constructs/cluster/state-backend';

function backendOf(state: StateBackendSettings): Record<string, any> {
  const stack = new TerraformStack(Testing.app(), 'lab-cluster');
  addStateBackend(stack, { state, stackName: 'lab-cluster', kubeconfigPath: '/etc/kube/config', kubeconfigContext: 'lab' });
  return JSON.parse(Testing.synth(stack)).terraform.backend;
}

describe('addStateBackend', () => {
  test('local state lives in the project root, outside the folder each synth replaces', () => {
    expect(backendOf({ backend: 'local', directory: '.' })).toEqual({ local: { path: '../../../terraform.lab-cluster.tfstate' } });
  });

  test('local state can go to another folder, relative or absolute', () => {
    expect(backendOf({ backend: 'local', directory: 'state' })).toEqual({ local: { path: '../../../state/terraform.lab-cluster.tfstate' } });
    expect(backendOf({ backend: 'local', directory: '/srv/tfstate' })).toEqual({ local: { path: '/srv/tfstate/terraform.lab-cluster.tfstate' } });
  });

  test('the kubernetes backend keeps one Secret per stack in the state namespace, through the spec kubeconfig', () => {
    expect(backendOf({ backend: 'kubernetes', namespace: 'terraform-state' })).toEqual({
      kubernetes: { secret_suffix: 'lab-cluster', namespace: 'terraform-state', config_path: '/etc/kube/config', config_context: 'lab' },
    });
  });

  test('the s3 backend locks with a lock file and addresses an on-premises endpoint by path', () => {
    expect(backendOf({ backend: 's3', bucket: 'tfstate', endpoint: 'https://s3.lab.internal', region: 'us-east-1' }).s3).toMatchObject({
      bucket: 'tfstate',
      key: 'lab-cluster/terraform.tfstate',
      endpoints: { s3: 'https://s3.lab.internal' },
      use_path_style: true,
      use_lockfile: true,
      encrypt: true,
    });
  });
});
