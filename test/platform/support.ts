import type { Construct } from 'constructs';
import { MlflowServer, type MlflowServerProps } from '../../constructs/platform/mlflow-server';
import { GATEWAY_SIGN_ON } from '../../constructs/kubeflow/auth';
import { PostgresCluster } from '../../constructs/platform/postgres-cluster';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { synthConstruct } from '../support/synth';
import { InternalCaIssuer } from '../../constructs/platform/internal-ca-issuer';
import { MinioObjectStore, type MinioObjectStoreProps } from '../../constructs/platform/minio-object-store';
import { PlatformGateway } from '../../constructs/platform/platform-gateway';
import { ServiceNamespace } from '../../constructs/platform/service-namespace';

/** An issuer, a service namespace, a MinIO store and the gateway in `scope`, as the charts build them. */
export function dataServices(scope: Construct, store: Partial<MinioObjectStoreProps> = {}) {
  const issuer = new InternalCaIssuer(scope, 'Issuer', { caSecret: 'platform-ca' });
  const storeNamespace = new ServiceNamespace(scope, 'StoreNamespace', { name: 'object-store', component: 'object-store', podSecurityVersion: 'v1.31' });
  const objectStore = new MinioObjectStore(scope, 'Store', {
    namespace: storeNamespace,
    issuer,
    servers: 2,
    volumesPerServer: 2,
    volumeSize: '100Gi',
    storageClass: 'local-nvme',
    rootSecret: 'object-store-root',
    kmsSecret: 'object-store-kms',
    ...store,
  });
  const namespace = new ServiceNamespace(scope, 'MlflowNamespace', { name: 'mlflow', component: 'mlflow', podSecurityVersion: 'v1.31' });
  const gateway = new PlatformGateway(scope, 'Gateway', { issuer, domain: 'mlops.lab.internal', vpnCidr: '10.44.0.0/24', edgeNodeAddress: '10.10.0.5' });
  return { issuer, objectStore, namespace, gateway };
}

/** The manifests of an MLflow server, signed on through the gateway, with its database in the test's data services, `props` overriding. */
export function mlflowObjects(props: Partial<MlflowServerProps> = {}): KubeObject[] {
  return synthConstruct((scope) => {
    const { issuer, objectStore, namespace, gateway } = dataServices(scope);
    const database = new PostgresCluster(scope, 'Db', {
      name: 'mlflow-db',
      namespace,
      database: 'mlflow',
      instances: 1,
      storage: '10Gi',
      storageClass: 'nfs-platform',
      objectStore,
      issuer,
    });
    const mlflow = new MlflowServer(scope, 'Mlflow', {
      namespace,
      issuer,
      version: '3.12.0',
      image: 'registry.lab.internal:5000/mlops-platform/mlflow:3.12.0-1',
      database,
      objectStore,
      workspaceSelector: 'mlops-platform.io/tenant',
      signOn: GATEWAY_SIGN_ON,
      gateway,
      ...props,
    });
    mlflow.allowFrom('alice');
  });
}
