import type { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { InternalCaIssuer } from '../../constructs/platform/internal-ca-issuer';
import { PlatformGateway } from '../../constructs/platform/platform-gateway';
import { runGuardrails } from '../../constructs/policy/guardrail-pack';
import type { GuardrailFacts } from '../../constructs/policy/guardrail';
import { findObject, synthConstruct } from '../support/synth';

const facts = {
  capacity: { gpus: 0, cpu: 0, memory: 0, pools: [] },
  overcommit: { gpus: 1, cpu: 1, memory: 1 },
  allowedRegistries: [],
  platformNamespaces: [],
  vpnRanges: ['10.44.0.0/24'],
} as GuardrailFacts;

function service(scope: Construct, name: string, namespace: string): ApiObject {
  return new ApiObject(scope, `${name}Service`, { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { ports: [{ port: 80 }] } });
}

describe('PlatformGateway', () => {
  let urls: string[] = [];
  const objects = synthConstruct((scope) => {
    const gateway = new PlatformGateway(scope, 'Gateway', {
      issuer: new InternalCaIssuer(scope, 'Issuer', { caSecret: 'platform-ca' }),
      domain: 'mlops.lab.internal',
      vpnCidr: '10.44.0.0/24',
      edgeNodeAddress: '10.10.0.5',
    });
    gateway.addHost('kubeflow', 'Kubeflow');
    urls = [gateway.route({ host: 'cell-detector', service: service(scope, 'cell-detector', 'serving'), port: 80 })];
  });

  test('one Gateway: an HTTPS server per host with its certificate, plain HTTP only as a redirect', () => {
    expect(urls).toEqual(['https://cell-detector.mlops.lab.internal']);
    const servers = findObject(objects, 'Gateway', 'platform-gateway', 'istio-system').spec.servers;
    expect(servers.map((s: any) => [s.port.number, s.hosts, s.tls])).toEqual([
      [443, ['kubeflow.mlops.lab.internal'], { mode: 'SIMPLE', credentialName: 'kubeflow-tls', minProtocolVersion: 'TLSV1_2' }],
      [443, ['cell-detector.mlops.lab.internal'], { mode: 'SIMPLE', credentialName: 'cell-detector-tls', minProtocolVersion: 'TLSV1_2' }],
      [80, ['kubeflow.mlops.lab.internal', 'cell-detector.mlops.lab.internal'], { httpsRedirect: true }],
    ]);
    expect(findObject(objects, 'Certificate', 'cell-detector', 'istio-system').spec).toMatchObject({
      secretName: 'cell-detector-tls',
      dnsNames: ['cell-detector.mlops.lab.internal'],
    });
  });

  test('routes live beside the gateway, visible to it alone; no backend TLS unless asked', () => {
    expect(findObject(objects, 'VirtualService', 'cell-detector', 'istio-system').spec.exportTo).toEqual(['.']);
    expect(objects.filter((o) => o.kind === 'DestinationRule')).toEqual([]);
  });

  test('its output passes the gateway rules: VPN only, TLS at every host', () => {
    const findings = runGuardrails({ objects, stacks: [], facts }).errors.filter((f) => ['PLT-05', 'SEC-48a'].includes(f.rule));
    expect(findings).toEqual([]);
  });

  test('a host is served once: a second owner of the same name is refused with both names', () => {
    expect(() =>
      synthConstruct((scope) => {
        const gateway = new PlatformGateway(scope, 'Gateway', {
          issuer: new InternalCaIssuer(scope, 'Issuer', { caSecret: 'ca' }),
          domain: 'lab',
          vpnCidr: '10.44.0.0/24',
          edgeNodeAddress: '10.10.0.5',
        });
        gateway.route({ host: 'mlflow', service: service(scope, 'mlflow', 'mlflow'), port: 443 });
        gateway.route({ host: 'mlflow', service: service(scope, 'other', 'serving'), port: 80 });
      }),
    ).toThrow("PlatformGateway: host mlflow.lab is mlflow/mlflow's; serving/other needs another name");
  });
});
