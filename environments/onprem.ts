import type { PlatformSpecInput } from './spec';

const keys = [
  '8smLiwBPZ1JERCQqXJz5yUp8Rd4rYXwDTgvdY5JdfSg=',
  '5X21fp8wUdCVFgwbArulEv9nX7gTJdFdc/Rjj0pt9nc=',
  'RuV7/OmJ0RwOYrkHhOlCttm+CGEGCf2jqtG3LHWB6zc=',
  'Sr0dT6IR50JT5E0GQn2gJlwBNZvUis27AbU+SkhhsEU=',
  'wxIz2kjFv7anMK4zjjTO2i4V47xMz8dwrgMUCygABiE=',
  'lDkcjbevG2a92bHcQsTJLErPoDzozIcGMVJEJibScdo=',
  '8vwvgcD0vxvtlhfM9DPgkVr6mU+Sf4cnJtSswVlR1bI=',
  'tQUDzA6om+EmxhH+f134w8aVlxB8HsBUeeUHEudQp+w=',
  'fu4YmRgZHpGsCYpkGK5RT18gAQqA3iwLUTkCU5Y/oKs=',
  '4TMFljbkqzs5hdH8Xi5KfhsL0jazow8nfQBEZ0TI4Ss=',
  'urhxfGDVRoSiqZrOUWPXQ3R4n2jgd71jA6R2OY0aRFU=',
];

const scientist = (gpus: number) => ({ gpus, cpu: '16', memory: '96Gi', storage: '500Gi' });

/**
 * The lab's production site: three GPU nodes with four A100s each, ten
 * users, an encrypted NAS on an encrypted storage network, state in the cluster, and every
 * image and chart pulled from the site's own mirror.
 */
export const onprem: PlatformSpecInput = {
  name: 'onprem',
  kubernetes: {
    configPath: '~/.kube/config',
    context: 'mlops-prod',
    version: '1.36',
    domain: 'mlops.lab.internal',
  },
  registry: {
    mirror: 'registry.lab.internal:5000/mirror',
    charts: 'oci://registry.lab.internal:5000/charts',
    builds: 'registry.lab.internal:5000/mlops-platform',
  },
  state: { backend: 'kubernetes', namespace: 'terraform-state' },
  gpuPools: [
    {
      name: 'a100',
      nodes: ['gpu-node-01', 'gpu-node-02', 'gpu-node-03'],
      gpuModel: 'NVIDIA A100 80GB PCIe',
      gpusPerNode: 4,
      cpuPerNode: '64',
      memoryPerNode: '512Gi',
    },
  ],
  storage: {
    nfs: {
      server: 'nas01.lab.internal',
      share: '/export/mlops',
      mountOptions: ['nfsvers=4.1', 'hard', 'noatime'],
      encryptedAtRest: true,
      // The GPU nodes reach the NAS over the storage VLAN, which the lab's switches encrypt (MACsec).
      encryptedInTransit: true,
    },
    dataset: { path: 'datasets/cell-images', size: '2Ti' },
    uploads: { path: 'uploads', size: '500Gi' },
  },
  objectStore: {
    kind: 'minio',
    servers: 4,
    volumesPerServer: 2,
    volumeSize: '1Ti',
    drives: { storageClass: 'local-nvme', type: 'local', reclaimPolicy: 'Retain' },
    rootSecret: 'object-store-root',
    kmsSecret: 'object-store-kms',
  },
  tls: { caSecret: 'platform-ca' },
  mlflow: {
    version: '3.12.0',
    replicas: 2,
    database: { instances: 3, storage: '50Gi' },
  },
  kubeflow: {
    version: '26.03',
    tuning: { image: 'registry.lab.internal:5000/cellbio/cell-detector-train:2.3.0', users: ['amira'] },
    fairSharing: true,
  },
  vpn: {
    cidr: '10.44.0.0/24',
    endpoint: 'vpn.lab.internal',
    serverKeySecret: 'wireguard-server-key',
    serverPublicKey: 'rqhjK+fqdtRLKQEjw/b5FiP6reEdSCW+e9yqFTMq6ys=',
    gatewayNode: 'edge-01',
    gatewayNodeAddress: '10.10.0.5',
  },
  users: [
    {
      name: 'platform-admin',
      email: 'it-mlops@cellbio.example.org',
      role: 'admin',
      quota: { gpus: 0, cpu: '4', memory: '16Gi', storage: '50Gi' },
      vpnPublicKey: keys[0],
    },
    { name: 'amira', email: 'amira.haddad@cellbio.example.org', role: 'data-scientist', quota: scientist(2), vpnPublicKey: keys[1] },
    { name: 'ben', email: 'ben.okafor@cellbio.example.org', role: 'data-scientist', quota: scientist(2), vpnPublicKey: keys[2] },
    { name: 'chen', email: 'chen.wei@cellbio.example.org', role: 'data-scientist', quota: scientist(1), vpnPublicKey: keys[3] },
    { name: 'dana', email: 'dana.novak@cellbio.example.org', role: 'data-scientist', quota: scientist(1), vpnPublicKey: keys[4] },
    { name: 'emil', email: 'emil.larsen@cellbio.example.org', role: 'data-scientist', quota: scientist(1), vpnPublicKey: keys[5] },
    { name: 'fatima', email: 'fatima.rahman@cellbio.example.org', role: 'data-scientist', quota: scientist(1), vpnPublicKey: keys[6] },
    { name: 'goran', email: 'goran.petrov@cellbio.example.org', role: 'data-scientist', quota: scientist(1), vpnPublicKey: keys[7] },
    { name: 'hana', email: 'hana.sato@cellbio.example.org', role: 'data-scientist', quota: scientist(1), vpnPublicKey: keys[8] },
    {
      name: 'ines',
      email: 'ines.moreau@cellbio.example.org',
      role: 'viewer',
      quota: { gpus: 0, cpu: '2', memory: '4Gi', storage: '10Gi' },
      vpnPublicKey: keys[9],
    },
    {
      name: 'jonas',
      email: 'jonas.berg@cellbio.example.org',
      role: 'data-scientist',
      quota: scientist(1),
      vpnPublicKey: keys[10],
      offboarded: true,
    },
  ],
  serving: [
    // Two GPUs at most: with the tenants' ten they fill the three A100 nodes (SEC-47 counts maxReplicas).
    { name: 'cell-detector', model: 'cell-detector/3', runtime: 'tf-serving', replicas: 2, maxReplicas: 2, gpu: 1 },
    {
      name: 'cell-detector-api',
      model: 'cell-detector/3',
      runtime: 'fastapi',
      image: 'registry.lab.internal:5000/cellbio/cell-detector-api:1.4.2',
      replicas: 2,
    },
  ],
  access: { oidc: { issuerUrl: 'https://sso.cellbio.example.org/realms/lab', clientId: 'mlops', clientSecret: 'oidc-client' } },
  guardrails: {
    allowedRegistries: ['registry.lab.internal:5000'],
  },
};
