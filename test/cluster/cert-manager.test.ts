import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { CertManager } from '../../constructs/cluster/cert-manager';
import { MinioOperator } from '../../constructs/platform/minio-operator';
import { PostgresOperator } from '../../constructs/platform/postgres-operator';

function synth(build: (stack: TerraformStack) => void) {
  const stack = new TerraformStack(Testing.app(), 'lab');
  build(stack);
  return JSON.parse(Testing.synth(stack)).resource;
}

const chart = (name: string, version: string) => ({ chart: name, repository: 'oci://registry.lab/charts', version });

describe('operators', () => {
  test('cert-manager installs its CRDs, keeps them on uninstall and elects its leader in its own restricted namespace', () => {
    const resource = synth(
      (s) => new CertManager(s, 'CertManager', { chart: chart('cert-manager', 'v1.21.1'), podSecurityVersion: 'v1.31', imageMirror: 'registry.lab/m' }),
    );
    const values = parse(resource.helm_release.cert_manager.values[0]);
    expect(values).toMatchObject({ crds: { enabled: true, keep: true }, global: { leaderElection: { namespace: 'cert-manager' } } });
    expect(values.webhook.image.repository).toBe('registry.lab/m/quay.io/jetstack/cert-manager-webhook');
    expect(resource.kubernetes_namespace_v1.namespace_cert_manager.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('the MinIO and CloudNativePG operators install pinned charts into restricted namespaces', () => {
    const resource = synth((s) => {
      new MinioOperator(s, 'Minio', { chart: chart('operator', '7.1.1'), podSecurityVersion: 'v1.31' });
      new PostgresOperator(s, 'Pg', { chart: chart('cloudnative-pg', '0.29.0'), podSecurityVersion: 'v1.31' });
    });
    expect(resource.helm_release.minio_operator).toMatchObject({ chart: 'operator', version: '7.1.1', namespace: 'minio-operator' });
    expect(resource.helm_release.cloudnative_pg).toMatchObject({ chart: 'cloudnative-pg', version: '0.29.0', namespace: 'cnpg-system' });
    expect(Object.values<any>(resource.kubernetes_namespace_v1).map((n) => n.metadata.labels['pod-security.kubernetes.io/enforce'])).toEqual([
      'restricted',
      'restricted',
    ]);
  });
});
