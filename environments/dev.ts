import type { PlatformSpecInput } from './spec';

/**
 * The default environment: one workstation-class node with one GPU shared by
 * time-slicing, three users, local Terraform state. Synthesizes with no other
 * input, so it is what `npm run synth` builds.
 */
export const dev: PlatformSpecInput = {
  name: 'dev',
  kubernetes: {
    configPath: '~/.kube/config',
    context: 'mlops-dev',
    version: '1.36',
    domain: 'mlops-dev.lab.internal',
  },
  registry: { builds: 'ws-gpu01.lab.internal:5000/mlops-platform' },
  state: { backend: 'local' },
  gpuPools: [
    {
      name: 'workstation',
      nodes: ['ws-gpu01'],
      gpuModel: 'NVIDIA RTX A6000',
      gpusPerNode: 1,
      cpuPerNode: '32',
      memoryPerNode: '128Gi',
      sharing: { mode: 'time-slicing', replicas: 2 },
    },
  ],
  storage: {
    // The workstation serves its own NFS share: the traffic never leaves the host, and is not encrypted (PLT-10, suppressed below).
    nfs: { server: 'ws-gpu01.lab.internal', share: '/srv/nfs/mlops', encryptedAtRest: true, encryptedInTransit: false },
    dataset: { path: 'datasets/cell-images', size: '100Gi' },
    uploads: { path: 'uploads', size: '50Gi' },
  },
  objectStore: {
    kind: 'minio',
    servers: 1,
    volumesPerServer: 4,
    volumeSize: '100Gi',
    // The workstation's local-path class is set up to keep a volume when its claim goes (reclaimPolicy: Retain).
    drives: { storageClass: 'local-path', type: 'local', reclaimPolicy: 'Retain' },
    rootSecret: 'object-store-root',
    kmsSecret: 'object-store-kms',
  },
  tls: { caSecret: 'platform-ca' },
  mlflow: { version: '3.12.0' },
  kubeflow: { version: '26.03' },
  vpn: {
    cidr: '10.44.0.0/24',
    endpoint: 'vpn-dev.lab.internal',
    serverKeySecret: 'wireguard-server-key',
    serverPublicKey: 'mZTm5sMNUtImcjV+8IYGSAMrbJ6T0v8X73HlmyctOC4=',
    gatewayNode: 'ws-gpu01',
    gatewayNodeAddress: '192.168.10.20',
  },
  users: [
    {
      name: 'alice',
      email: 'alice@cellbio.example.org',
      role: 'admin',
      quota: { gpus: 1, cpu: '8', memory: '32Gi', storage: '100Gi' },
      vpnPublicKey: 'OKXcT3u/5i9PN/OC+YoGqMNdxm8MUL32EaDdDLFUG4A=',
    },
    {
      name: 'bob',
      email: 'bob@cellbio.example.org',
      role: 'data-scientist',
      quota: { gpus: 1, cpu: '8', memory: '32Gi', storage: '100Gi' },
      vpnPublicKey: 'OwrnyLnYZTOAW8ekeLrtpstrHP3hOd/4kG70iTTVC7k=',
    },
    {
      name: 'carol',
      email: 'carol@cellbio.example.org',
      role: 'viewer',
      quota: { gpus: 0, cpu: '2', memory: '4Gi', storage: '10Gi' },
      vpnPublicKey: 'xD/CO5mhsZjQmDAjnzwSwkYCF3EITaBP/aCdF43/q9Y=',
    },
  ],
  access: { oidc: { issuerUrl: 'https://sso.cellbio.example.org/realms/lab', clientId: 'mlops-dev', clientSecret: 'oidc-client' } },
  serving: [{ name: 'cell-detector', model: 'cell-detector/1', runtime: 'tf-serving' }],
  guardrails: {
    suppressions: [
      { rule: 'PLT-10', object: 'NasStorage//ws-gpu01.lab.internal', reason: 'the NAS is the GPU workstation itself: NFS traffic stays on the host' },
    ],
  },
};
