import { findObject, synthConstruct } from '../support/synth';
import { dataServices } from './support';
import { Testing } from 'cdk8s';

describe('MinioObjectStore', () => {
  const objects = synthConstruct((scope) => {
    const { objectStore } = dataServices(scope);
    objectStore.grant({ name: 'mlflow', namespace: 'mlflow' }, 'mlflowArtifacts', 'write');
    objectStore.grant({ name: 'serving', namespace: 'serving' }, 'models', 'read');
  });
  const tenant = findObject(objects, 'Tenant', 'store', 'object-store');
  const setup = findObject(objects, 'ConfigMap', 'object-store-setup', 'object-store');

  test('runs erasure-coded drives on the local class, TLS from cert-manager, encryption with the KMS key', () => {
    expect(tenant.spec).toMatchObject({
      configuration: { name: 'object-store-root' },
      requestAutoCert: false,
      externalCertSecret: [{ name: 'minio-tls', type: 'cert-manager.io/v1' }],
      env: [{ name: 'MINIO_KMS_SECRET_KEY_FILE', value: '/var/run/secrets/minio-kms/key' }],
      additionalVolumes: [
        { name: 'kms', secret: { secretName: 'object-store-kms' } },
        { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
      ],
      pools: [
        { servers: 2, volumesPerServer: 2, volumeClaimTemplate: { spec: { storageClassName: 'local-nvme', resources: { requests: { storage: '100Gi' } } } } },
      ],
    });
    expect(tenant.spec.image).toMatch(/^quay\.io\/minio\/minio:RELEASE\./);
  });

  test('the operator trusts the internal CA: a Certificate whose Secret starts with operator-ca-tls, in the operator’s namespace', () => {
    // Operator v7.1.1 trusts Secrets named with this prefix in its own namespace and reloads them on change
    // (pkg/controller/operator.go OperatorCATLSSecretName, main-controller.go handleSecret); the Secret's ca.crt is the internal CA.
    const trust = findObject(objects, 'Certificate', 'operator-ca-tls-platform', 'minio-operator');
    expect(trust.spec.secretName.startsWith('operator-ca-tls')).toBe(true);
    expect(trust.spec.issuerRef).toMatchObject({ name: 'platform-ca', kind: 'ClusterIssuer' });
  });

  test('servers reach the Kubernetes API (the operator’s init container and sidecar read the Tenant) and the operator’s upgrade port', () => {
    // Operator v7.1.1: sidecar/pkg/validator/validator.go and sidecar/pkg/sidecar/sidecar_utils.go call rest.InClusterConfig and
    // GET the Tenant and its configuration Secret; pkg/common/const.go UpgradeServerPort = "4221".
    expect(findObject(objects, 'NetworkPolicy', 'allow-minio-operator-access', 'object-store').spec).toMatchObject({
      podSelector: { matchLabels: { 'v1.min.io/tenant': 'store' } },
      policyTypes: ['Egress'],
      egress: [
        {
          ports: [
            { protocol: 'TCP', port: 443 },
            { protocol: 'TCP', port: 6443 },
          ],
        },
        { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'minio-operator' } } }], ports: [{ protocol: 'TCP', port: 4221 }] },
      ],
    });
  });

  test('noncurrent versions in the backups bucket expire (pruned dumps and backups do not pile up), idempotently', () => {
    expect(setup.data['setup.sh']).toContain('mc ilm rule import store/backups < /etc/object-store-setup/lifecycle-backups.json');
    expect(JSON.parse(setup.data['lifecycle-backups.json']).Rules).toEqual([
      {
        ID: 'expire-noncurrent-versions',
        Status: 'Enabled',
        Filter: { Prefix: '' },
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        Expiration: { ExpiredObjectDeleteMarker: true },
      },
    ]);
  });

  test('servers run non-root with every capability dropped and a read-only root (writes go to the drives and /tmp)', () => {
    expect(tenant.spec.additionalVolumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    expect(tenant.spec.pools[0].containerSecurityContext).toEqual({
      runAsUser: 1000,
      runAsGroup: 1000,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('models is versioned and locked from creation; every bucket encrypted and private', () => {
    const script: string = setup.data['setup.sh'];
    expect(script).toContain('mc mb --ignore-existing --with-lock store/models');
    expect(script).toContain('mc version enable store/models');
    expect(script).toContain('mc retention set --default GOVERNANCE 30d store/models');
    for (const bucket of ['models', 'mlflow-artifacts', 'pipelines', 'backups']) {
      expect(script).toContain(`mc encrypt set sse-s3 store/${bucket}`);
      expect(script).toContain(`mc anonymous set none store/${bucket}`);
    }
    expect(JSON.parse(setup.data['buckets.json'])).toContainEqual({
      name: 'models',
      versioning: true,
      objectLock: true,
      retentionDays: 30,
      forceDestroy: false,
    });
  });

  test('each consumer gets a MinIO user from its Secret and a policy for exactly its buckets', () => {
    // Users listed in Tenant.spec.users get consoleAdmin and are created once only (operator v7.1.1
    // pkg/apis/minio.min.io/v2/helper.go CreateUsers, pkg/controller/main-controller.go Status.ProvisionedUsers).
    expect(tenant.spec.users).toBeUndefined();
    expect(setup.data['setup.sh']).toMatch(/reconcile_user mlflow\nreconcile_user serving\n/);
    const serving = JSON.parse(setup.data['policy-serving.json']);
    expect(serving.Statement).toEqual([
      { Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketVersions'], Resource: ['arn:aws:s3:::models'] },
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: ['arn:aws:s3:::models/*'] },
    ]);
    expect(JSON.parse(setup.data['policy-mlflow.json']).Statement[1].Action).toContain('s3:PutObject');
  });

  test('a grant under a prefix lists and touches only the keys under it (one tenant cannot read another’s artifacts)', () => {
    const prefixed = synthConstruct((scope) => {
      dataServices(scope).objectStore.grant({ name: 'pipelines-alice', namespace: 'alice' }, 'pipelines', 'write', 'private-artifacts/alice');
    });
    const data = findObject(prefixed, 'ConfigMap', 'object-store-setup', 'object-store').data;
    expect(JSON.parse(data['policy-pipelines-alice.json']).Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketVersions'],
        Resource: ['arn:aws:s3:::pipelines'],
        Condition: { StringLike: { 's3:prefix': ['private-artifacts/alice/*'] } },
      },
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        Resource: ['arn:aws:s3:::pipelines/private-artifacts/alice/*'],
      },
    ]);
  });

  test('the reconcile CronJob runs hardened, without API access, and reads credentials from mounted Secrets', () => {
    const job = findObject(objects, 'CronJob', 'object-store-setup', 'object-store');
    const pod = job.spec.jobTemplate.spec.template.spec;
    expect(pod).toMatchObject({
      serviceAccountName: 'object-store-setup',
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    });
    expect(pod.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.containers[0].env).toBeUndefined();
    expect(pod.volumes.find((v: any) => v.name === 'users').projected.sources).toEqual([
      {
        secret: {
          name: 's3-user-mlflow',
          items: [
            { key: 'CONSOLE_ACCESS_KEY', path: 'mlflow/CONSOLE_ACCESS_KEY' },
            { key: 'CONSOLE_SECRET_KEY', path: 'mlflow/CONSOLE_SECRET_KEY' },
          ],
        },
      },
      {
        secret: {
          name: 's3-user-serving',
          items: [
            { key: 'CONSOLE_ACCESS_KEY', path: 'serving/CONSOLE_ACCESS_KEY' },
            { key: 'CONSOLE_SECRET_KEY', path: 'serving/CONSOLE_SECRET_KEY' },
          ],
        },
      },
    ]);
  });

  test('only the operator and granted namespaces reach the servers', () => {
    const policy = findObject(objects, 'NetworkPolicy', 'allow-minio-clients', 'object-store');
    expect(policy.spec.ingress[0].from.map((p: any) => p.namespaceSelector.matchLabels['kubernetes.io/metadata.name'])).toEqual([
      'minio-operator',
      'mlflow',
      'serving',
    ]);
  });

  test('a grant returns the endpoint, bucket and the consumer’s own credentials Secret', () => {
    const chart = Testing.chart();
    const { objectStore } = dataServices(chart);
    expect(objectStore.grant({ name: 'kfp', namespace: 'kubeflow' }, 'pipelines', 'write')).toEqual({
      endpoint: 'https://minio.object-store.svc.cluster.local',
      region: 'us-east-1',
      bucket: 'pipelines',
      credentialsSecret: 's3-kfp',
    });
  });

  test('allowFrom admits one more namespace with a NetworkPolicy of its own', () => {
    const chart = Testing.chart();
    const { objectStore } = dataServices(chart);
    objectStore.allowFrom('alice');
    objectStore.allowFrom('alice');
    const policies = (Testing.synth(chart) as any[]).filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-minio-from-alice');
    expect(policies.map((p) => p.spec)).toEqual([
      {
        podSelector: { matchLabels: { 'v1.min.io/tenant': 'store' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'alice' } } }], ports: [{ protocol: 'TCP', port: 9000 }] }],
      },
    ]);
  });

  test('fails with fewer than 4 drives', () => {
    expect(() => synthConstruct((scope) => dataServices(scope, { servers: 1, volumesPerServer: 2 }))).toThrow(
      'volumesPerServer: gives 2 drives; erasure coding (versioning, object lock) needs at least 4, got 2',
    );
  });

  test('fails when a consumer name is reused in another namespace', () => {
    const chart = Testing.chart();
    const { objectStore } = dataServices(chart);
    objectStore.grant({ name: 'app', namespace: 'a' }, 'models', 'read');
    expect(() => objectStore.grant({ name: 'app', namespace: 'b' }, 'models', 'read')).toThrow('consumer app is already granted in namespace a, not b');
  });
});
