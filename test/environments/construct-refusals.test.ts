import { ValidationError } from '../../constructs/lib/problems';
import { onprem } from '../../environments/onprem';
import { validateSpec } from '../../environments/spec';
import { copyOf } from '../support/synth';

/**
 * Every refusal a construct makes of its properties, reached through the spec: the spec must refuse first, with
 * the field path a user can act on (the construct's own message names only its property).
 */
const CONSTRUCT_REFUSALS: [string, (s: any) => void, string][] = [
  ['GpuNodePool name', (s) => (s.gpuPools[0].name = 'A100'), 'gpuPools[0].name:'],
  ['GpuNodePool gpusPerNode', (s) => (s.gpuPools[0].gpusPerNode = 0), 'gpuPools[0].gpusPerNode:'],
  ['GpuNodePool nodes', (s) => (s.gpuPools[0].nodes = []), 'gpuPools[0].nodes:'],
  ['GpuNodePool node name', (s) => (s.gpuPools[0].nodes = ['Node_1']), 'gpuPools[0].nodes[0]:'],
  ['GpuNodePool a node twice', (s) => (s.gpuPools[0].nodes = ['gpu-node-01', 'gpu-node-01']), 'gpuPools[0].nodes[1]:'],
  ['GpuNodePool cpuPerNode', (s) => (s.gpuPools[0].cpuPerNode = '0'), 'gpuPools[0].cpuPerNode:'],
  ['GpuNodePool memoryPerNode', (s) => (s.gpuPools[0].memoryPerNode = '0Gi'), 'gpuPools[0].memoryPerNode:'],
  ['GpuNodePool time-slicing replicas', (s) => (s.gpuPools[0].sharing = { mode: 'time-slicing', replicas: 1 }), 'gpuPools[0].sharing.replicas:'],
  ['MinioObjectStore servers', (s) => (s.objectStore.servers = 0), 'objectStore.servers:'],
  ['MinioObjectStore volumesPerServer', (s) => (s.objectStore.volumesPerServer = 0), 'objectStore.volumesPerServer:'],
  ['MinioObjectStore drives', (s) => Object.assign(s.objectStore, { servers: 1, volumesPerServer: 2 }), 'objectStore.volumesPerServer:'],
  ['MinioObjectStore volumeSize', (s) => (s.objectStore.volumeSize = '0'), 'objectStore.volumeSize:'],
  ['MlflowServer version', (s) => (s.mlflow.version = '3.1'), 'mlflow.version:'],
  [
    'MlflowServer release without workspaces',
    (s) => Object.assign(s.mlflow, { version: '3.9.2', image: 'registry.lab.internal:5000/mlflow:3.9.2' }),
    'mlflow.version:',
  ],
  [
    'MlflowServer release past the plugin',
    (s) => Object.assign(s.mlflow, { version: '3.13.0', image: 'registry.lab.internal:5000/mlflow:3.13.0' }),
    'mlflow.version:',
  ],
  ['MlflowServer replicas', (s) => (s.mlflow.replicas = 0), 'mlflow.replicas:'],
  ['MlflowServer image', (s) => (s.mlflow.image = 'registry.lab.internal:5000/mlflow:latest'), 'mlflow.image:'],
  ['PostgresCluster instances', (s) => (s.mlflow.database.instances = 0), 'mlflow.database.instances:'],
  ['PostgresCluster storage', (s) => (s.mlflow.database.storage = '0'), 'mlflow.database.storage:'],
  ['ModelServer name', (s) => (s.serving[0].name = 'Cell'), 'serving[0].name:'],
  ['ModelServer replicas', (s) => (s.serving[0].replicas = 0), 'serving[0].replicas:'],
  ['ModelServer maxReplicas', (s) => Object.assign(s.serving[0], { replicas: 2, maxReplicas: 1 }), 'serving[0].maxReplicas:'],
  ['ModelServer gpu', (s) => (s.serving[0].gpu = -1), 'serving[0].gpu:'],
  ['ModelServer pool', (s) => Object.assign(s.serving[0], { gpu: 1, pool: 'h100' }), 'serving[0].pool:'],
  ['ModelServer fastapi image', (s) => (s.serving[1] = { name: 'api', model: 'cell-detector/3', runtime: 'fastapi' }), 'serving[1].image:'],
  [
    'ModelServer unpinned image',
    (s) => (s.serving[1] = { name: 'api', model: 'cell-detector/3', runtime: 'fastapi', image: 'registry.lab.internal:5000/api' }),
    'serving[1].image:',
  ],
  ['ModelServer model outside the bucket', (s) => (s.serving[0].model = '../secrets/1'), 'serving[0].model:'],
  ['ModelServer model without a version', (s) => (s.serving[0].model = 'cell-detector'), 'serving[0].model:'],
  ['StaticNfsVolume share', (s) => (s.storage.nfs.share = 'export'), 'storage.nfs.share:'],
  ['StaticNfsVolume path', (s) => (s.storage.dataset.path = '../etc'), 'storage.dataset.path:'],
  ['StaticNfsVolume capacity', (s) => (s.storage.uploads.size = '0'), 'storage.uploads.size:'],
  ['TenantNamespace user', (s) => (s.users[1].name = 'kube-bob'), 'users[1].name:'],
  ['TenantNamespace user as an MLflow workspace', (s) => (s.users[1].name = 'static-files'), 'users[1].name:'],
  ['TenantNamespace quota', (s) => (s.users[1].quota.gpus = -1), 'users[1].quota.gpus:'],
  ['TenantNamespace quota memory', (s) => (s.users[1].quota.memory = 'lots'), 'users[1].quota.memory:'],
  ['TuningExperiment image', (s) => (s.kubeflow.tuning.image = 'registry.lab.internal:5000/train:latest'), 'kubeflow.tuning.image:'],
  ['TuningExperiment gpu quota', (s) => (s.users.find((u: any) => u.name === 'amira').quota.gpus = 0), 'kubeflow.tuning.users[0]:'],
];

describe('construct refusals reached through the spec', () => {
  test.each(CONSTRUCT_REFUSALS)('%s: the spec refuses it at its field path', (_, mutate, path) => {
    const spec = copyOf(onprem);
    mutate(spec);
    let error: unknown;
    try {
      validateSpec(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.some((p) => p.startsWith(path))).toBe(true);
  });
});
