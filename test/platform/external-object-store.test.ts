import { Testing } from 'cdk8s';
import { ExternalObjectStore } from '../../constructs/platform/external-object-store';

describe('ExternalObjectStore', () => {
  const store = () =>
    new ExternalObjectStore(Testing.chart(), 'Store', { endpoint: 'https://s3.lab.internal:9443', region: 'lab', cidr: '10.20.0.0/24', caSecret: 's3-ca' });

  test('grants name the consumer’s credentials Secret and the site’s endpoint, and are listed for the storage admin', () => {
    const s = store();
    expect(s.grant({ name: 'mlflow', namespace: 'mlflow' }, 'mlflowArtifacts', 'write')).toEqual({
      endpoint: 'https://s3.lab.internal:9443',
      region: 'lab',
      bucket: 'mlflow-artifacts',
      credentialsSecret: 's3-mlflow',
    });
    expect(s.grants).toEqual([{ consumer: { name: 'mlflow', namespace: 'mlflow' }, bucket: 'mlflow-artifacts', access: 'write' }]);
  });

  test('consumers reach it through its address range on its port and trust it through the site’s CA Secret', () => {
    const s = store();
    expect(s.networkTarget).toEqual({
      to: [{ ipBlock: { cidr: '10.20.0.0/24' } }],
      ports: [{ protocol: 'TCP', port: expect.objectContaining({ value: 9443 }) }],
    });
    expect(s.caSecret()).toBe('s3-ca');
  });

  test('states the bucket settings the site must apply: models versioned and locked', () => {
    expect(store().buckets.models).toEqual({ name: 'models', versioning: true, objectLock: true, retentionDays: 30, forceDestroy: false });
  });

  test('fails on a plain-HTTP endpoint or a bad range', () => {
    expect(() => new ExternalObjectStore(Testing.chart(), 'S', { endpoint: 'http://s3', region: 'r', cidr: '10.0.0.0/8' })).toThrow('endpoint must be https');
    expect(() => new ExternalObjectStore(Testing.chart(), 'S', { endpoint: 'https://s3', region: 'r', cidr: '10.0.0.1/8' })).toThrow(
      'cidr must be an IPv4 CIDR',
    );
  });
});
