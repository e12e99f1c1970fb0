import { findObject } from '../support/synth';
import { mlflowObjects as synth } from './support';

describe('MlflowServer', () => {
  const objects = synth();
  const deployment = findObject(objects, 'Deployment', 'mlflow', 'mlflow');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  test('proxies artifacts to its bucket and keeps metadata in PostgreSQL, with basic auth, over HTTPS', () => {
    const command = container.args[0];
    expect(command).toContain('--serve-artifacts --artifacts-destination s3://mlflow-artifacts');
    expect(command).toContain('--backend-store-uri "$(cat /var/run/secrets/mlflow-db/uri)?sslmode=verify-full&sslrootcert=/var/run/secrets/tls/ca.crt"');
    expect(command).toContain('--app-name basic-auth');
    expect(command).toContain('--certfile=/var/run/secrets/tls/tls.crt');
    expect(container.image).toBe('registry.lab.internal:5000/mlops-platform/mlflow:3.1.1-1');
  });

  test('every server process signs sessions with the one Flask secret key from its Secret, read from a file', () => {
    expect(container.args[0]).toMatch(
      /^export MLFLOW_FLASK_SERVER_SECRET_KEY="\$\(cat \/var\/run\/secrets\/mlflow-session\/secret-key\)" && exec mlflow server /,
    );
    expect(container.volumeMounts).toContainEqual({ name: 'session-key', mountPath: '/var/run/secrets/mlflow-session', readOnly: true });
    expect(pod.volumes).toContainEqual({
      name: 'session-key',
      secret: { secretName: 'mlflow-secret-key', items: [{ key: 'secret-key', path: 'secret-key' }], defaultMode: 0o440 },
    });
    expect(container.env.map((e: any) => e.name)).not.toContain('MLFLOW_FLASK_SERVER_SECRET_KEY');
  });

  test('reads credentials from mounted Secrets, never from literal or Secret-backed env vars', () => {
    expect(container.env.every((e: any) => e.value !== undefined && !e.valueFrom)).toBe(true);
    expect(
      pod.volumes
        .map((v: any) => v.secret?.secretName)
        .filter(Boolean)
        .sort(),
    ).toEqual(['mlflow-admin', 'mlflow-db-app', 'mlflow-secret-key', 'mlflow-tls', 'mlflow-tls', 's3-mlflow']);
  });

  test('secure defaults: non-root, read-only root, no escalation, all capabilities dropped, RuntimeDefault seccomp, no API token', () => {
    expect(container.securityContext).toEqual({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('mlflow');
  });

  test('has readiness, liveness and startup probes on /health and requests and limits', () => {
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe'])
      expect(container[probe].httpGet).toEqual({ path: '/health', port: 5000, scheme: 'HTTPS' });
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } });
  });

  test('pods are selected by name and instance only, never a construct hash', () => {
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'mlflow', 'app.kubernetes.io/instance': 'mlflow' });
    expect(findObject(objects, 'Service', 'mlflow', 'mlflow').spec.selector).toEqual({
      'app.kubernetes.io/instance': 'mlflow',
      'app.kubernetes.io/name': 'mlflow',
    });
    expect(JSON.stringify(deployment)).not.toContain('cdk8s.io/metadata.addr');
  });

  test('the gateway serves mlflow.<domain> with its own certificate and verifies MLflow’s certificate behind it', () => {
    const route = findObject(objects, 'VirtualService', 'mlflow', 'istio-system');
    expect(route.spec).toEqual({
      hosts: ['mlflow.mlops.lab.internal'],
      gateways: ['istio-system/platform-gateway'],
      exportTo: ['.'],
      http: [{ route: [{ destination: { host: 'mlflow.mlflow.svc.cluster.local', port: { number: 443 } } }] }],
    });
    expect(findObject(objects, 'DestinationRule', 'mlflow-backend', 'istio-system').spec.trafficPolicy.tls).toEqual({
      mode: 'SIMPLE',
      credentialName: 'mlflow-tls',
      sni: 'mlflow.mlflow.svc.cluster.local',
      subjectAltNames: ['mlflow.mlflow.svc.cluster.local'],
    });
    expect(findObject(objects, 'Certificate', 'mlflow', 'istio-system').spec.dnsNames).toEqual(['mlflow.mlops.lab.internal']);
    expect(findObject(objects, 'Certificate', 'mlflow', 'mlflow').spec).toMatchObject({
      secretName: 'mlflow-tls',
      dnsNames: ['mlflow.mlflow.svc.cluster.local', 'mlflow.mlflow.svc'],
      issuerRef: { name: 'platform-ca', kind: 'ClusterIssuer' },
    });
    expect(findObject(objects, 'NetworkPolicy', 'allow-mlflow', 'mlflow').spec.ingress).toEqual([
      { from: [{ ipBlock: { cidr: '10.10.0.5/32' } }], ports: [{ protocol: 'TCP', port: 5000 }] },
    ]);
    expect(objects.filter((o) => o.kind === 'Ingress')).toEqual([]);
  });

  test('one replica has no PDB; several get a PDB and spread over nodes', () => {
    expect(objects.filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]);
    const replicated = synth({ replicas: 3 });
    expect(findObject(replicated, 'PodDisruptionBudget', 'mlflow', 'mlflow').spec).toMatchObject({
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
    expect(findObject(replicated, 'Deployment', 'mlflow', 'mlflow').spec.template.spec.topologySpreadConstraints[0].topologyKey).toBe('kubernetes.io/hostname');
  });

  test('allowFrom adds one NetworkPolicy per client namespace', () => {
    expect(findObject(objects, 'NetworkPolicy', 'allow-mlflow-from-alice', 'mlflow').spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'alice' } } }], ports: [{ protocol: 'TCP', port: 5000 }] },
    ]);
  });

  test('fails on an unpinned image and no replicas', () => {
    expect(() => synth({ image: 'mlflow:latest', replicas: 0 })).toThrow(/replicas: must be a whole number >= 1[\s\S]*image: must pin a tag/);
  });
});
