import { Testing } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { PlatformHelmRelease } from '../../constructs/cluster/platform-helm-release';
import { PlatformNamespace } from '../../constructs/cluster/platform-namespace';

function release(version: string): string {
  return Testing.synthScope((scope) => {
    const namespace = new PlatformNamespace(scope, 'Ns', { name: 'tools', component: 'tools', podSecurityVersion: 'v1.31' });
    new PlatformHelmRelease(scope, 'Release', {
      name: 'tools',
      namespace,
      chart: { chart: 'tools', repository: 'oci://registry.lab/charts', version },
      values: { replicas: 2 },
    });
  });
}

describe('PlatformHelmRelease', () => {
  test('installs a pinned chart atomically, into an existing namespace, values as YAML', () => {
    expect(release('1.2.3')).toHaveResourceWithProperties(Release, {
      name: 'tools',
      namespace: 'tools',
      version: '1.2.3',
      repository: 'oci://registry.lab/charts',
      atomic: true,
      wait: true,
      cleanup_on_fail: true,
      create_namespace: false,
      max_history: 10,
      timeout: 900,
      values: ['replicas: 2\n'],
    });
  });

  test.each(['latest', '1.x', '', '>=1.0.0'])('fails when the chart version %j is not pinned', (version) => {
    expect(() => release(version)).toThrow('chart version must be pinned');
  });
});
