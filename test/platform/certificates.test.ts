import { Testing } from 'cdk8s';
import { InternalCaIssuer } from '../../constructs/platform/internal-ca-issuer';
import { ServiceCertificate } from '../../constructs/platform/service-certificate';
import { findObject, synthConstruct } from '../support/synth';

describe('InternalCaIssuer and ServiceCertificate', () => {
  const objects = synthConstruct((scope) => {
    const issuer = new InternalCaIssuer(scope, 'Issuer', { caSecret: 'platform-ca' });
    new ServiceCertificate(scope, 'Cert', { issuer, namespace: 'mlflow', name: 'mlflow', dnsNames: ['mlflow.lab.internal', 'mlflow.mlflow.svc'] });
  });

  test('the issuer signs with the site’s CA from an existing Secret', () => {
    expect(findObject(objects, 'ClusterIssuer', 'platform-ca').spec).toEqual({ ca: { secretName: 'platform-ca' } });
  });

  test('certificates are ECDSA, rotate their key, last 90 days and renew 15 days ahead', () => {
    expect(findObject(objects, 'Certificate', 'mlflow', 'mlflow').spec).toEqual({
      secretName: 'mlflow-tls',
      dnsNames: ['mlflow.lab.internal', 'mlflow.mlflow.svc'],
      issuerRef: { name: 'platform-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      duration: '2160h',
      renewBefore: '360h',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      usages: ['server auth', 'digital signature', 'key encipherment'],
    });
  });

  test('fails without a DNS name', () => {
    const chart = Testing.chart();
    const issuer = new InternalCaIssuer(chart, 'Issuer', { caSecret: 'ca' });
    expect(() => new ServiceCertificate(chart, 'Cert', { issuer, namespace: 'x', name: 'x', dnsNames: [] })).toThrow('needs at least one DNS name');
  });
});
