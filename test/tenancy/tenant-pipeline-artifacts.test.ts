import { stringify } from 'yaml';
import { launcherProviders, launcherProvidersDocument } from '../../constructs/tenancy/tenant-pipeline-artifacts';

describe('launcherProviders', () => {
  /** What yaml writes for the document, rendered whole. */
  const rendered = (endpoint: string, region: string, secretName: string) =>
    stringify(launcherProvidersDocument(endpoint, region, secretName), { lineWidth: 0 });

  test('is what yaml writes for every name, those it quotes included, at any endpoint and region', () => {
    const names = [
      's3-pipelines-amira',
      'a',
      'a.b-c',
      'tenant-secret-name',
      'null',
      'true',
      'false',
      'nullx',
      'truex',
      '1e5',
      '123',
      '0x1f',
      'x: y',
      'Upper',
      '',
    ];
    const places: [string, string][] = [
      ['minio.object-store.svc.cluster.local:443', 'us-east-1'],
      ['s3.example.org:9000', 'null'],
      ['tenant-secret-name', 'eu'],
    ];
    for (const [endpoint, region] of places) {
      for (const name of names)
        expect([endpoint, region, name, launcherProviders(endpoint, region, name)]).toEqual([endpoint, region, name, rendered(endpoint, region, name)]);
    }
  });

  test('quotes a name YAML would read as another type', () => {
    expect(launcherProviders('s3:443', 'eu', 'true')).toContain('secretName: "true"\n');
    expect(launcherProviders('s3:443', 'eu', '123')).toContain('secretName: "123"\n');
  });
});
