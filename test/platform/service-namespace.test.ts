import { ServiceNamespace } from '../../constructs/platform/service-namespace';
import { findObject, synthConstruct } from '../support/synth';

describe('ServiceNamespace', () => {
  const objects = synthConstruct((scope) => {
    const ns = new ServiceNamespace(scope, 'Ns', { name: 'mlflow', component: 'mlflow', podSecurityVersion: 'v1.31' });
    ns.allow('web', { app: 'web' }, { ingress: [{ from: [{ podSelector: {} }] }] });
  });

  test('enforces Pod Security restricted, denies all traffic but DNS and mounts no default token', () => {
    expect(findObject(objects, 'Namespace', 'mlflow').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.31',
    });
    expect(findObject(objects, 'NetworkPolicy', 'default-deny', 'mlflow').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(findObject(objects, 'NetworkPolicy', 'allow-dns', 'mlflow').spec.policyTypes).toEqual(['Egress']);
    expect(findObject(objects, 'ServiceAccount', 'default', 'mlflow').automountServiceAccountToken).toBe(false);
  });

  test('allow opens exactly the directions it is given', () => {
    expect(findObject(objects, 'NetworkPolicy', 'allow-web', 'mlflow').spec).toEqual({
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: {} }] }],
    });
  });
});
