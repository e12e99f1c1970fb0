import { PostgresCluster, type PostgresClusterProps } from '../../constructs/platform/postgres-cluster';
import { findObject, synthConstruct } from '../support/synth';
import { dataServices } from './support';

function synth(props: Partial<PostgresClusterProps> = {}) {
  return synthConstruct((scope) => {
    const { issuer, objectStore, namespace } = dataServices(scope);
    const db = new PostgresCluster(scope, 'Db', {
      name: 'mlflow-db',
      namespace,
      database: 'mlflow',
      instances: 3,
      storage: '50Gi',
      storageClass: 'nfs-platform',
      objectStore,
      issuer,
      ...props,
    });
    db.allowClients('mlflow', { app: 'mlflow' });
  });
}

describe('PostgresCluster', () => {
  const objects = synth();
  const cluster = findObject(objects, 'Cluster', 'mlflow-db', 'mlflow');

  test('runs the instances on the Retain class, without superuser access, with a server certificate from the internal CA', () => {
    expect(cluster.spec).toMatchObject({
      instances: 3,
      enableSuperuserAccess: false,
      bootstrap: { initdb: { database: 'mlflow', owner: 'mlflow' } },
      storage: { size: '50Gi', storageClass: 'nfs-platform' },
      certificates: { serverTLSSecret: 'mlflow-db-server-tls', serverCASecret: 'mlflow-db-server-tls' },
      affinity: { enablePodAntiAffinity: true, topologyKey: 'kubernetes.io/hostname' },
    });
    expect(findObject(objects, 'Certificate', 'mlflow-db-server', 'mlflow').spec.dnsNames).toContain('mlflow-db-rw.mlflow.svc.cluster.local');
    // CloudNativePG reloads a user-provided certificate only from a Secret labelled cnpg.io/reload (docs/src/certificates.md, v1.30.0).
    expect(findObject(objects, 'Certificate', 'mlflow-db-server', 'mlflow').spec.secretTemplate).toEqual({ labels: { 'cnpg.io/reload': '' } });
  });

  test('archives WAL and base backups to the backups bucket with its own credentials and trusts the store through the internal CA', () => {
    expect(cluster.spec.backup).toEqual({
      retentionPolicy: '30d',
      barmanObjectStore: {
        destinationPath: 's3://backups/mlflow-db',
        endpointURL: 'https://minio.object-store.svc.cluster.local',
        endpointCA: { name: 'mlflow-db-server-tls', key: 'ca.crt' },
        s3Credentials: {
          accessKeyId: { name: 's3-mlflow-db', key: 'CONSOLE_ACCESS_KEY' },
          secretAccessKey: { name: 's3-mlflow-db', key: 'CONSOLE_SECRET_KEY' },
        },
        wal: { compression: 'gzip' },
        data: { compression: 'gzip' },
      },
    });
  });

  test('takes a daily base backup', () => {
    expect(findObject(objects, 'ScheduledBackup', 'mlflow-db-daily', 'mlflow').spec).toEqual({
      schedule: '0 0 2 * * *',
      immediate: true,
      cluster: { name: 'mlflow-db' },
      method: 'barmanObjectStore',
      backupOwnerReference: 'self',
    });
  });

  test('admits its clients, its operator and its replicas only', () => {
    const policy = findObject(objects, 'NetworkPolicy', 'allow-mlflow-db', 'mlflow');
    expect(policy.spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: { 'cnpg.io/cluster': 'mlflow-db' } } }],
        ports: [
          { protocol: 'TCP', port: 5432 },
          { protocol: 'TCP', port: 8000 },
        ],
      },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'cnpg-system' } } }], ports: [{ protocol: 'TCP', port: 8000 }] },
      { from: [{ podSelector: { matchLabels: { app: 'mlflow' } } }], ports: [{ protocol: 'TCP', port: 5432 }] },
    ]);
  });

  test('fails with no instance, a bad size or a five-field schedule', () => {
    expect(() => synth({ instances: 0, storage: 'big', backupSchedule: '0 2 * * *' })).toThrow(
      /instances: must be a whole number >= 1, got 0[\s\S]*storage[\s\S]*backupSchedule: must be a six-field cron/,
    );
  });
});
