import { TerraformStack, Testing } from 'cdktf';
import { ClusterProviders } from '../../constructs/cluster/cluster-providers';

describe('ClusterProviders', () => {
  test('points the kubernetes and helm providers at one kubeconfig context', () => {
    const stack = new TerraformStack(Testing.app(), 'lab-cluster');
    new ClusterProviders(stack, 'Providers', { kubeconfigPath: '/etc/kube/config', kubeconfigContext: 'lab' });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.provider).toEqual({
      kubernetes: [{ config_path: '/etc/kube/config', config_context: 'lab' }],
      helm: [{ kubernetes: { config_path: '/etc/kube/config', config_context: 'lab' } }],
    });
    expect(json.terraform.required_providers).toEqual({
      kubernetes: { source: 'kubernetes', version: '2.38.0' },
      helm: { source: 'helm', version: '3.1.1' },
    });
  });
});
