import { findObject } from '../support/synth';
import { mlflowObjects as synth } from './support';

describe('MlflowServer', () => {
  const objects = synth();
  const deployment = findObject(objects, 'Deployment', 'mlflow', 'mlflow');
  const web = findObject(objects, 'Deployment', 'mlflow-web', 'mlflow');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const env = (c: any) => Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));

  test('both servers keep metadata in PostgreSQL and proxy artifacts to their bucket, with a workspace per tenant namespace and Kubernetes RBAC on every call, over HTTPS', () => {
    for (const server of [deployment, web]) {
      const command = server.spec.template.spec.containers[0].args[0];
      expect(command).toContain('--serve-artifacts --artifacts-destination s3://mlflow-artifacts');
      expect(command).toContain('--backend-store-uri "$(cat /var/run/secrets/mlflow-db/uri)?sslmode=verify-full&sslrootcert=/var/run/secrets/tls/ca.crt"');
      expect(command).toContain('--enable-workspaces --workspace-store-uri kubernetes://');
      expect(command).toContain('--app-name kubernetes-auth');
      expect(command).toContain('--uvicorn-opts "--ssl-certfile /var/run/secrets/tls/tls.crt --ssl-keyfile /var/run/secrets/tls/tls.key"');
      expect(command).not.toMatch(/basic-auth|gunicorn|FLASK_SERVER_SECRET_KEY/);
      expect(server.spec.template.spec.containers[0].image).toBe('registry.lab.internal:5000/mlops-platform/mlflow:3.12.0-1');
      expect(env(server.spec.template.spec.containers[0]).MLFLOW_K8S_WORKSPACE_LABEL_SELECTOR).toBe('mlops-platform.io/tenant');
    }
  });

  test('pods call the server that checks their own token; the web server trusts only the identity the gateway writes', () => {
    expect(env(container)).toMatchObject({ MLFLOW_K8S_AUTH_AUTHORIZATION_MODE: 'self_subject_access_review' });
    expect(Object.keys(env(container)).filter((k) => k.startsWith('MLFLOW_K8S_AUTH_REMOTE'))).toEqual([]);
    expect(env(web.spec.template.spec.containers[0])).toMatchObject({
      MLFLOW_K8S_AUTH_AUTHORIZATION_MODE: 'subject_access_review',
      MLFLOW_K8S_AUTH_REMOTE_USER_HEADER: 'kubeflow-userid',
      MLFLOW_K8S_AUTH_REMOTE_GROUPS_HEADER: 'kubeflow-groups',
      MLFLOW_K8S_AUTH_REMOTE_GROUPS_SEPARATOR: ',',
    });
    // Only the gateway connects to the web server; tenants reach the token-checking one.
    expect(findObject(objects, 'NetworkPolicy', 'allow-mlflow-web', 'mlflow').spec.ingress).toEqual([
      { from: [{ ipBlock: { cidr: '10.10.0.5/32' } }], ports: [{ protocol: 'TCP', port: 5000 }] },
    ]);
    expect(findObject(objects, 'NetworkPolicy', 'allow-mlflow', 'mlflow').spec.ingress).toBeUndefined();
    expect(findObject(objects, 'NetworkPolicy', 'allow-mlflow-from-alice', 'mlflow').spec).toMatchObject({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'mlflow' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'alice' } } }], ports: [{ protocol: 'TCP', port: 5000 }] }],
    });
  });

  test('MLflow answers only to the names it is reached by, probes included', () => {
    expect(container.args[0]).toContain(
      '--allowed-hosts "mlflow.mlflow.svc.cluster.local,mlflow.mlflow.svc.cluster.local:*,mlflow.mlflow.svc,mlflow.mlflow.svc:*"',
    );
    expect(web.spec.template.spec.containers[0].args[0]).toContain(
      '--allowed-hosts "mlflow-web.mlflow.svc.cluster.local,mlflow-web.mlflow.svc.cluster.local:*,mlflow.mlops.lab.internal,mlflow.mlops.lab.internal:*"',
    );
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe'])
      expect(container[probe].httpGet).toEqual({
        path: '/health',
        port: 5000,
        scheme: 'HTTPS',
        httpHeaders: [{ name: 'Host', value: 'mlflow.mlflow.svc.cluster.local' }],
      });
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } });
  });

  test('the servers may list and watch namespaces; only the web server may ask about other users; nothing else', () => {
    const rules = (name: string) => findObject(objects, 'ClusterRole', name).rules;
    expect(rules('mlflow-workspaces')).toEqual([{ apiGroups: [''], resources: ['namespaces'], verbs: ['list', 'watch'] }]);
    expect(findObject(objects, 'ClusterRoleBinding', 'mlflow-workspaces').subjects.map((s: any) => s.name)).toEqual(['mlflow', 'mlflow-web']);
    expect(rules('mlflow-web-access-reviews')).toEqual([{ apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] }]);
    expect(findObject(objects, 'ClusterRoleBinding', 'mlflow-web-access-reviews').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'mlflow-web', namespace: 'mlflow' },
    ]);
    expect(objects.filter((o) => o.kind === 'ClusterRole').map((o) => o.metadata.name)).toEqual(['mlflow-workspaces', 'mlflow-web-access-reviews']);
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.serviceAccountName).toBe('mlflow');
    expect(findObject(objects, 'NetworkPolicy', 'allow-mlflow', 'mlflow').spec.egress).toContainEqual({
      ports: [
        { protocol: 'TCP', port: 443 },
        { protocol: 'TCP', port: 6443 },
      ],
    });
  });

  test('no MLflow password exists: no admin Secret, no auth database, no Flask key; credentials come from mounted Secrets', () => {
    for (const server of [deployment, web]) {
      const spec = server.spec.template.spec;
      expect(spec.containers[0].env.every((e: any) => e.value !== undefined && !e.valueFrom)).toBe(true);
      expect(
        spec.volumes
          .map((v: any) => v.secret?.secretName)
          .filter(Boolean)
          .sort(),
      ).toEqual(['mlflow-db-app', 'mlflow-tls', 'mlflow-tls', 's3-mlflow']);
    }
    expect(findObject(objects, 'Cluster', 'mlflow-db', 'mlflow').spec.bootstrap.initdb).toEqual({ database: 'mlflow', owner: 'mlflow' });
  });

  test('secure defaults: non-root, read-only root, no escalation, all capabilities dropped, RuntimeDefault seccomp', () => {
    expect(container.securityContext).toEqual({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('pods are selected by name and instance only, never a construct hash', () => {
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'mlflow', 'app.kubernetes.io/instance': 'mlflow' });
    expect(web.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'mlflow-web', 'app.kubernetes.io/instance': 'mlflow' });
    expect(findObject(objects, 'Service', 'mlflow', 'mlflow').spec.selector).toEqual({
      'app.kubernetes.io/instance': 'mlflow',
      'app.kubernetes.io/name': 'mlflow',
    });
    expect(JSON.stringify(deployment)).not.toContain('cdk8s.io/metadata.addr');
  });

  test('the gateway serves mlflow.<domain> from the web server with its own certificate, verifying MLflow’s behind it', () => {
    const route = findObject(objects, 'VirtualService', 'mlflow', 'istio-system');
    expect(route.spec).toEqual({
      hosts: ['mlflow.mlops.lab.internal'],
      gateways: ['istio-system/platform-gateway'],
      exportTo: ['.'],
      http: [{ route: [{ destination: { host: 'mlflow-web.mlflow.svc.cluster.local', port: { number: 443 } } }] }],
    });
    expect(findObject(objects, 'DestinationRule', 'mlflow-backend', 'istio-system').spec.trafficPolicy.tls).toEqual({
      mode: 'SIMPLE',
      credentialName: 'mlflow-tls',
      sni: 'mlflow-web.mlflow.svc.cluster.local',
      subjectAltNames: ['mlflow-web.mlflow.svc.cluster.local'],
    });
    expect(findObject(objects, 'Certificate', 'mlflow', 'mlflow').spec).toMatchObject({
      secretName: 'mlflow-tls',
      dnsNames: ['mlflow.mlflow.svc.cluster.local', 'mlflow.mlflow.svc', 'mlflow-web.mlflow.svc.cluster.local', 'mlflow-web.mlflow.svc'],
      issuerRef: { name: 'platform-ca', kind: 'ClusterIssuer' },
    });
  });

  test('without the sign-on, MLflow is not on the gateway: one server, for pods with their tokens', () => {
    const inner = synth({ signOn: undefined });
    expect(inner.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual(['mlflow']);
    expect(inner.filter((o) => o.kind === 'VirtualService' || o.kind === 'ClusterRoleBinding').map((o) => o.metadata.name)).toEqual(['mlflow-workspaces']);
  });

  test('one replica has no PDB; several get a PDB each and spread over nodes', () => {
    expect(objects.filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]);
    const replicated = synth({ replicas: 3 });
    for (const name of ['mlflow', 'mlflow-web']) {
      expect(findObject(replicated, 'PodDisruptionBudget', name, 'mlflow').spec).toMatchObject({
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      });
      expect(findObject(replicated, 'Deployment', name, 'mlflow').spec.template.spec.topologySpreadConstraints[0].topologyKey).toBe('kubernetes.io/hostname');
    }
  });

  test('fails on an unpinned image, no replicas, a release without workspaces and no workspace selector, naming each', () => {
    expect(() => synth({ image: 'mlflow:latest', replicas: 0, version: '3.1.1', workspaceSelector: ' ' })).toThrow(
      /version: has no workspaces[\s\S]*replicas: must be a whole number >= 1[\s\S]*image: must pin a tag[\s\S]*workspaceSelector: must select/,
    );
    expect(() => synth({ version: '3.13.0' })).toThrow(/version: is newer than the Kubernetes authorization plugin/);
  });
});
