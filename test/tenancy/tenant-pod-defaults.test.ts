import { GPU_TOLERATION } from '../../constructs/lib/gpu-scheduling';
import { InternalCaIssuer } from '../../constructs/platform/internal-ca-issuer';
import { TenantPodDefaults } from '../../constructs/tenancy/tenant-pod-defaults';
import { findObject, synthConstruct } from '../support/synth';

describe('TenantPodDefaults', () => {
  const objects = synthConstruct((scope) => {
    const issuer = new InternalCaIssuer(scope, 'Issuer', { caSecret: 'platform-ca' });
    new TenantPodDefaults(scope, 'Defaults', {
      namespace: 'alice',
      issuer,
      mlflowTrackingUri: 'https://mlflow.mlflow.svc.cluster.local',
      s3Endpoint: 'https://minio.object-store.svc.cluster.local',
      datasetClaim: 'dataset',
      gpuPools: [{ name: 'a100', nodeSelector: { 'mlops-platform.io/gpu-pool': 'a100' }, toleration: GPU_TOLERATION, queue: 'gpu-a100' }],
      pipelines: true,
    });
  });

  test('every pipeline pod (labelled by Kubeflow Pipelines) trusts the platform CA beside the system roots', () => {
    const spec = findObject(objects, 'PodDefault', 'pipeline-platform-ca', 'alice').spec;
    expect(spec.selector).toEqual({ matchLabels: { 'pipelines.kubeflow.org/v2_component': 'true' } });
    expect(spec.env).toContainEqual({ name: 'SSL_CERT_DIR', value: '/etc/ssl/certs:/etc/platform-ca' });
    expect(spec.volumeMounts).toEqual([{ name: 'platform-ca', mountPath: '/etc/platform-ca', readOnly: true }]);
    const without = synthConstruct((scope) => {
      const issuer = new InternalCaIssuer(scope, 'Issuer', { caSecret: 'platform-ca' });
      new TenantPodDefaults(scope, 'Defaults', { namespace: 'bob', issuer, mlflowTrackingUri: 'https://m', s3Endpoint: 'https://s', datasetClaim: 'dataset' });
    });
    expect(without.filter((o) => o.metadata.name === 'pipeline-platform-ca')).toEqual([]);
  });

  test('platform-services puts the MLflow URI, the S3 endpoint and the platform CA into selected pods', () => {
    const spec = findObject(objects, 'PodDefault', 'platform-services', 'alice').spec;
    expect(spec.selector).toEqual({ matchLabels: { 'platform-services': 'true' } });
    expect(spec.env).toContainEqual({ name: 'MLFLOW_TRACKING_URI', value: 'https://mlflow.mlflow.svc.cluster.local' });
    expect(spec.env).toContainEqual({ name: 'MLFLOW_S3_ENDPOINT_URL', value: 'https://minio.object-store.svc.cluster.local' });
    expect(spec.volumes).toEqual([{ name: 'platform-ca', secret: { secretName: 'platform-ca-bundle-tls', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }]);
    expect(findObject(objects, 'Certificate', 'platform-ca-bundle', 'alice').spec.issuerRef.name).toBe('platform-ca');
  });

  test('notebooks, trials and pipeline steps log to their own workspace with the pod’s token: no MLflow password anywhere', () => {
    const client = {
      MLFLOW_TRACKING_URI: 'https://mlflow.mlflow.svc.cluster.local',
      MLFLOW_TRACKING_AUTH: 'kubernetes-namespaced',
      MLFLOW_TRACKING_SERVER_CERT_PATH: '/etc/platform-ca/ca.crt',
    };
    for (const name of ['platform-services', 'pipeline-platform-ca']) {
      const env: { name: string; value: string }[] = findObject(objects, 'PodDefault', name, 'alice').spec.env;
      expect(Object.fromEntries(env.filter((e) => e.name in client).map((e) => [e.name, e.value]))).toEqual(client);
      expect(env.map((e) => e.name).filter((n) => /MLFLOW_TRACKING_(USERNAME|PASSWORD|TOKEN)/.test(n))).toEqual([]);
    }
  });

  test('cell-dataset mounts the dataset claim read-only at /data/cells', () => {
    expect(findObject(objects, 'PodDefault', 'cell-dataset', 'alice').spec).toMatchObject({
      volumes: [{ name: 'cell-dataset', persistentVolumeClaim: { claimName: 'dataset', readOnly: true } }],
      volumeMounts: [{ name: 'cell-dataset', mountPath: '/data/cells', readOnly: true }],
    });
  });

  test('gpu-<pool> adds the pool toleration and the tenant’s queue', () => {
    expect(findObject(objects, 'PodDefault', 'gpu-a100', 'alice').spec).toMatchObject({
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }],
      labels: { 'kueue.x-k8s.io/queue-name': 'gpu-a100' },
    });
  });
});
