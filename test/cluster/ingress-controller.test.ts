import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { IngressController } from '../../constructs/cluster/ingress-controller';

describe('IngressController', () => {
  const stack = new TerraformStack(Testing.app(), 'lab-cluster');
  new IngressController(stack, 'Ingress', { chart: { chart: 'ingress-nginx', repository: 'oci://r/charts', version: '4.13.3' }, podSecurityVersion: 'v1.31', node: 'edge-01', imageMirror: 'r.lab/m' });
  const resource = JSON.parse(Testing.synth(stack)).resource;
  const values = parse(resource.helm_release.ingress_nginx.values[0]);

  test('runs on the edge node host network with no Service, snippets off, TLS 1.2+ only', () => {
    expect(values.controller).toMatchObject({
      kind: 'DaemonSet',
      hostNetwork: true,
      nodeSelector: { 'kubernetes.io/hostname': 'edge-01' },
      service: { enabled: false },
      allowSnippetAnnotations: false,
      config: { 'ssl-protocols': 'TLSv1.2 TLSv1.3' },
    });
    expect(values.controller.image.registry).toBe('r.lab/m/registry.k8s.io');
  });

  test('its namespace is privileged as a recorded exemption', () => {
    expect(resource.kubernetes_namespace_v1.namespace_ingress_nginx.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });
});
