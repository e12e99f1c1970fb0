/** Specs the platform must refuse, each with the problem line (field path first) it must report. Each mutates a copy of dev. */
/** Changes a copy of the dev spec in place. */
export type Mutation = (spec: any) => void;

export const BAD_SPECS: [string, Mutation, string][] = [
  ['a fractional GPU quota', (s) => (s.users[1].quota.gpus = 1.5), 'users[1].quota.gpus: must be a whole number >= 0, got 1.5'],
  ['a negative GPU quota', (s) => (s.users[0].quota.gpus = -1), 'users[0].quota.gpus: must be a whole number >= 0, got -1'],
  [
    'a malformed CPU quantity',
    (s) => (s.users[0].quota.cpu = 'eight'),
    'users[0].quota.cpu: must be a Kubernetes quantity such as "8", "500m" or "64Gi", got "eight"',
  ],
  ['a malformed memory quantity', (s) => (s.users[2].quota.memory = '4GB'), 'users[2].quota.memory: must be a Kubernetes quantity'],
  ['a user name that is not a DNS label', (s) => (s.users[0].name = 'Alice.Smith'), 'users[0].name: must be a DNS label'],
  ['a user name starting with kube-', (s) => (s.users[0].name = 'kube-alice'), 'users[0].name: must not start with "kube-"'],
  [
    'a user named after a platform namespace',
    (s) => (s.users[1].name = 'mlflow'),
    'users[1].name: is a reserved namespace of Kubernetes or the platform, got "mlflow"',
  ],
  ['a user named default', (s) => (s.users[1].name = 'default'), 'users[1].name: is a reserved namespace'],
  ['two users with one name', (s) => (s.users[2].name = s.users[0].name), 'users[2].name: must be unique among users, got "alice"'],
  ['two users with one email', (s) => (s.users[2].email = s.users[0].email.toUpperCase()), 'users[2].email: must be unique among users'],
  ['an unknown role', (s) => (s.users[0].role = 'owner'), 'users[0].role: must be "admin", "data-scientist" or "viewer", got "owner"'],
  ['an invalid email', (s) => (s.users[0].email = 'alice'), 'users[0].email: must be an email address, got "alice"'],
  ['an unknown field in a user', (s) => (s.users[0].gpu = 1), 'users[0].gpu: is not a known field'],
  ['an unknown top-level field', (s) => (s.clusterName = 'x'), 'clusterName: is not a known field'],
  ['a missing quota', (s) => delete s.users[0].quota, 'users[0].quota: is required'],
  ['no users', (s) => (s.users = []), 'users: must list at least one user'],
  ['users that are not a list', (s) => (s.users = 'alice'), 'users: must be a list of users'],
  ['an environment name with capitals', (s) => (s.name = 'Dev'), 'name: must be a DNS label'],
  ['an unknown state backend', (s) => (s.state = { backend: 'consul' }), 'state.backend: must have backend "local", "kubernetes" or "s3"'],
  [
    'an unpinned Kubernetes version',
    (s) => (s.kubernetes.version = 'latest'),
    'kubernetes.version: must be a Kubernetes minor version such as "1.31", got "latest"',
  ],
  ['a GPU pool without nodes', (s) => (s.gpuPools[0].nodes = []), 'gpuPools[0].nodes: must list at least one node'],
  [
    'a node in two GPU pools',
    (s) => s.gpuPools.push({ ...s.gpuPools[0], name: 'second' }),
    'gpuPools[1].nodes[0]: is already in another GPU pool, got "ws-gpu01"',
  ],
  [
    'time-slicing with one replica',
    (s) => (s.gpuPools[0].sharing = { mode: 'time-slicing', replicas: 1 }),
    'gpuPools[0].sharing.replicas: must be a whole number from 2 to 48, got 1',
  ],
  [
    'an unknown MIG profile',
    (s) => (s.gpuPools[0].sharing = { mode: 'mig', profile: 'half' }),
    'gpuPools[0].sharing.profile: must be a MIG profile the GPU Operator’s MIG manager lays out on whole GPUs (all-<profile>), such as "1g.10gb" or "3g.40gb", got "half"',
  ],
  [
    'a MIG profile no layout splits whole GPUs into',
    (s) => (s.gpuPools[0].sharing = { mode: 'mig', profile: '5g.50gb' }),
    'gpuPools[0].sharing.profile: must be a MIG profile the GPU Operator’s MIG manager lays out',
  ],
  ['GPU quotas without GPU pools', (s) => (s.gpuPools = []), 'users[0].quota.gpus: needs a GPU pool, but gpuPools is empty, got 1'],
  [
    'two MinIO drives with versioning off (the models bucket is locked regardless)',
    (s) => Object.assign(s.objectStore, { volumesPerServer: 2, versioning: false }),
    'objectStore.volumesPerServer: gives 2 drives; the locked models bucket needs erasure coding over at least 4',
  ],
  [
    'MinIO drives on the NAS class',
    (s) => (s.objectStore.drives.storageClass = 'nfs-platform'),
    'objectStore.drives.storageClass: must not be an NFS class (nfs-tenant, nfs-platform): MinIO does not support erasure-coded drives on NFS',
  ],
  ['MinIO drives without a stated class', (s) => delete s.objectStore.drives, 'objectStore.drives: is required'],
  [
    'MinIO drives of an unknown type',
    (s) => (s.objectStore.drives.type = 'nfs'),
    'objectStore.drives.type: must be "local" or "block" (MinIO drives are never on NFS), got "nfs"',
  ],
  [
    'a viewer who publishes models',
    (s) => (s.users[2].publishModels = true),
    'users[2].publishModels: is for admins and data scientists: a viewer publishes nothing, got true',
  ],
  ['a relative NFS share', (s) => (s.storage.nfs.share = 'export'), 'storage.nfs.share: must be an absolute path, got "export"'],
  ['an unstated NAS encryption', (s) => delete s.storage.nfs.encryptedAtRest, 'storage.nfs.encryptedAtRest: is required'],
  ['no gateway public key', (s) => delete s.vpn.serverPublicKey, 'vpn.serverPublicKey: is required'],
  [
    'a gateway key that is not a WireGuard key',
    (s) => (s.vpn.serverPublicKey = 'not-a-key'),
    'vpn.serverPublicKey: must be a WireGuard public key (44 characters of base64), got "not-a-key"',
  ],
  [
    'a pasted WireGuard PrivateKey line as the gateway key',
    (s) => (s.vpn.serverPublicKey = 'PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk='),
    'vpn.serverPublicKey: looks like a WireGuard private key (a PrivateKey line)',
  ],
  [
    "a user's key as the gateway key",
    (s) => (s.vpn.serverPublicKey = s.users[0].vpnPublicKey),
    "vpn.serverPublicKey: is a user's key; it must be the gateway's own public key",
  ],
  [
    'no registry for built images and no MLflow image',
    (s) => delete s.registry,
    'registry.builds: is required unless mlflow.image is set: the pipeline builds MLflow with its database and S3 drivers (images/mlflow)',
  ],
  [
    'an MLflow release the recipe does not build',
    (s) => (s.mlflow.version = '3.11.2'),
    'mlflow.version: must be 3.12.0, the release images/mlflow builds; for another, set mlflow.image',
  ],
  [
    'an MLflow release without workspaces',
    (s) => (s.mlflow = { ...s.mlflow, version: '3.9.0', image: 'registry.lab.internal:5000/site/mlflow:3.9.0' }),
    'mlflow.version: has no workspaces (MLflow 3.10 and later)',
  ],
  [
    'an MLflow release newer than the authorization plugin supports',
    (s) => (s.mlflow.version = '3.13.0'),
    'mlflow.version: is newer than the Kubernetes authorization plugin the image carries supports (MLflow 3.10 to 3.12)',
  ],
  [
    'a drive class whose reclaim policy is not one Kubernetes has',
    (s) => (s.objectStore.drives.reclaimPolicy = 'Recycle'),
    'objectStore.drives.reclaimPolicy: must be "Retain" or "Delete", as the StorageClass says',
  ],
  [
    'the retired MLflow password Secrets',
    (s) => (s.mlflow.auth = { adminSecret: 'mlflow-admin' }),
    'mlflow.auth: is no longer used: MLflow authorizes every call with Kubernetes RBAC',
  ],
  [
    'a tenant name MLflow cannot use as a workspace',
    (s) => (s.users[1].name = 'api'),
    'users[1].name: is a name MLflow reserves for its routes; it cannot name the tenant’s MLflow workspace',
  ],
  [
    'a tenant name with a double dash',
    (s) => (s.users[1].name = 'bob--lab'),
    'users[1].name: must not contain "--": it also names the tenant’s MLflow workspace, and MLflow refuses that',
  ],
  ['a VPN CIDR with host bits', (s) => (s.vpn.cidr = '10.44.0.1/24'), 'vpn.cidr: must be an IPv4 CIDR such as "10.44.0.0/24", got "10.44.0.1/24"'],
  [
    'a VPN CIDR too small for the peers',
    (s) => (s.vpn.cidr = '10.44.0.0/30'),
    'vpn.cidr: is too small: it holds 1 peers besides the gateway, and 3 users have VPN keys',
  ],
  ['a duplicate VPN key', (s) => (s.users[1].vpnPublicKey = s.users[0].vpnPublicKey), 'users[1].vpnPublicKey: must be unique among users'],
  ['a VPN private key in place of a public key', (s) => (s.users[0].vpnPublicKey = 'not-a-key'), 'users[0].vpnPublicKey: must be a WireGuard public key'],
  ['a private key pasted as a Secret name', (s) => (s.tls.caSecret = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn'), 'tls.caSecret: looks like a private key'],
  [
    'a password inside a URL',
    (s) => (s.objectStore = { kind: 'external-s3', endpoint: 'https://admin:hunter2@s3.lab.internal', credentialsSecret: 's3-creds' }),
    'objectStore.endpoint: looks like a URL with a password',
  ],
  [
    'a FastAPI server without an image',
    (s) => (s.serving = [{ name: 'api', model: 'm/1', runtime: 'fastapi' }]),
    'serving[0].image: is required when runtime is "fastapi"',
  ],
  [
    'a suppression without a reason',
    (s) => (s.guardrails = { suppressions: [{ rule: 'SEC-44', object: 'Service/vpn/wireguard', reason: 'because' }] }),
    'guardrails.suppressions[0].reason: must explain why (at least 10 characters)',
  ],
  [
    'a suppression of an unknown rule format',
    (s) => (s.guardrails = { suppressions: [{ rule: 'no-privileged', object: 'Service/vpn/wireguard', reason: 'the VPN gateway needs it' }] }),
    'guardrails.suppressions[0].rule: must be a guardrail ID such as "SEC-44"',
  ],
  ['an overcommit below 1', (s) => (s.guardrails = { gpuOvercommit: 0.5 }), 'guardrails.gpuOvercommit: must be a number >= 1, got 0.5'],
  [
    'a Kerberos mount option',
    (s) => (s.storage.nfs.mountOptions = ['nfsvers=4.1', 'sec=krb5p']),
    'storage.nfs.mountOptions[1]: is not supported: csi-driver-nfs 4.11.0 has no Kerberos support (kubernetes-csi/csi-driver-nfs#525)',
  ],
  ['NFS Kerberos turned on', (s) => (s.storage.nfs.kerberos = true), 'storage.nfs.kerberos: is not supported: csi-driver-nfs 4.11.0 has no Kerberos support'],
  ['an unstated NAS transit encryption', (s) => delete s.storage.nfs.encryptedInTransit, 'storage.nfs.encryptedInTransit: is required'],
  [
    'MIG pools with different strategies',
    (s) =>
      s.gpuPools.push(
        { ...s.gpuPools[0], name: 'mig-a', nodes: ['mig-01'], sharing: { mode: 'mig', profile: '1g.10gb', strategy: 'single' } },
        { ...s.gpuPools[0], name: 'mig-b', nodes: ['mig-02'], sharing: { mode: 'mig', profile: '1g.10gb', strategy: 'mixed' } },
      ),
    'gpuPools[2].sharing.strategy: must be the same for every MIG pool',
  ],
  ['an unknown chart in the overrides', (s) => (s.charts = { nginx: { version: '1.0.0' } }), 'charts.nginx: is not a known field'],
  ['a VPN address outside the range', (s) => (s.users[0].vpnAddress = '10.45.0.9'), 'users[0].vpnAddress: must be a peer address inside 10.44.0.0/24'],
  [
    'a VPN address without a key',
    (s) => {
      delete s.users[2].vpnPublicKey;
      s.users[2].vpnAddress = '10.44.0.9';
    },
    'users[2].vpnAddress: needs a vpnPublicKey',
  ],
  [
    'two users pinned to one VPN address',
    (s) => {
      s.users[0].vpnAddress = '10.44.0.9';
      s.users[1].vpnAddress = '10.44.0.9';
    },
    "users[1].vpnAddress: is needed: the derived VPN address 10.44.0.9 is alice's; pin a free one such as",
  ],
  [
    'a model server on an unknown pool',
    (s) => (s.serving = [{ name: 'm', model: 'm/1', runtime: 'tf-serving', gpu: 1, pool: 'nope' }]),
    'serving[0].pool: must name a GPU pool, got "nope"',
  ],
  [
    'an autoscaler bound below the replicas',
    (s) => (s.serving = [{ name: 'm', model: 'm/1', runtime: 'tf-serving', replicas: 3, maxReplicas: 2 }]),
    'serving[0].maxReplicas: must be at least replicas (3), got 2',
  ],
  [
    'a model server named after the MLflow host',
    (s) => (s.serving = [{ name: 'mlflow', model: 'm/1', runtime: 'tf-serving' }]),
    'serving[0].name: is the host of a platform endpoint (mlflow.mlops-dev.lab.internal); choose another name',
  ],
  [
    'a model server named after the Kubeflow host',
    (s) => (s.serving = [{ name: 'kubeflow', model: 'm/1', runtime: 'tf-serving' }]),
    'serving[0].name: is the host of a platform endpoint (kubeflow.mlops-dev.lab.internal)',
  ],
  [
    'two model servers on one host',
    (s) =>
      (s.serving = [
        { name: 'm', model: 'm/1', runtime: 'tf-serving' },
        { name: 'm', model: 'm/2', runtime: 'tf-serving' },
      ]),
    'serving[1].name: must be unique among model servers, got "m"',
  ],
  [
    'a domain label longer than 63 characters',
    (s) => (s.kubernetes.domain = `${'a'.repeat(64)}.lab.internal`),
    'kubernetes.domain: must be a DNS name: label "aaaaaaaaaaaaaaaaaaaa…" is longer than 63 characters',
  ],
  ['a domain that is not a DNS name', (s) => (s.kubernetes.domain = 'lab_internal'), 'kubernetes.domain: must be a DNS domain, got "lab_internal"'],
  [
    'the cluster’s own DNS domain',
    (s) => (s.kubernetes.domain = 'svc.cluster.local'),
    "kubernetes.domain: must not be the cluster's own DNS domain (cluster.local)",
  ],
  [
    'a host longer than 253 characters',
    (s) => (s.kubernetes.domain = Array.from({ length: 4 }, () => 'a'.repeat(62)).join('.')),
    'kubernetes.domain: makes the host kubeflow.',
  ],
  [
    'a public VPN range',
    (s) => (s.vpn.cidr = '8.8.8.0/24'),
    'vpn.cidr: must be a private range (inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)',
  ],
  [
    'a VPN range holding the edge node',
    (s) => (s.vpn.cidr = '192.168.10.0/24'),
    "vpn.cidr: contains the edge node's address 192.168.10.20 (vpn.gatewayNodeAddress): the gateway would admit the node's own connections as VPN clients",
  ],
  [
    'the retired ingress-nginx chart',
    (s) => (s.charts = { ingressNginx: { version: '4.13.3' } }),
    'charts.ingressNginx: is no longer used: ingress-nginx is retired; every endpoint is served by the Istio ingress gateway; remove it',
  ],
  [
    'a TF Serving model without a version',
    (s) => (s.serving = [{ name: 'm', model: 'cell-detector', runtime: 'tf-serving' }]),
    'serving[0].model: must end with the model version, a number (TF Serving serves only numbered version folders under the model), such as "cell-detector/3", got "cell-detector"',
  ],
  [
    'an unpinned FastAPI image',
    (s) => (s.serving = [{ name: 'm', model: 'm/1', runtime: 'fastapi', image: 'registry.lab/api:latest' }]),
    'serving[0].image: must pin a tag other than latest',
  ],
  [
    'an old spec with a Kubeflow chart repository',
    (s) => (s.kubeflow.chartRepository = 'oci://registry.lab/kubeflow'),
    'kubeflow.chartRepository: is no longer used: Kubeflow is installed from the vendored community distribution 26.03.1 as kustomize overlays',
  ],
  [
    'an old spec with a packaged Kubeflow component',
    (s) => (s.kubeflow.components = { pipelines: { enabled: true, version: '2.16.0', chart: 'kubeflow-pipelines' } }),
    'kubeflow.components.pipelines: must be true or false (the component comes from the vendored distribution; its version and chart fields are gone)',
  ],
  [
    'an old spec with the profiles component',
    (s) => (s.kubeflow.components = { profiles: { enabled: true } }),
    'kubeflow.components.profiles: is no longer used',
  ],
  [
    'an old spec with an auth proxy chart version',
    (s) => (s.charts = { oauth2Proxy: { version: '7.12.18' } }),
    'charts.oauth2Proxy: is no longer used: the auth proxy (oauth2-proxy) comes from the vendored Kubeflow distribution',
  ],
  [
    'a Kubeflow release that is not vendored',
    (s) => (s.kubeflow.version = '26.10'),
    'kubeflow.version: must be "26.03": the vendored Kubeflow community distribution is 26.03.1',
  ],
  ['Kubeflow without single sign-on', (s) => delete s.access, 'access.oidc: is required when Kubeflow is on'],
  ['Kubeflow without an active admin', (s) => (s.users[0].role = 'data-scientist'), 'users: must include an active admin when Kubeflow is on'],
  [
    'a tuning pool that is not a GPU pool',
    (s) => (s.kubeflow.tuning = { image: 'registry.lab/train:1.0.0', users: [], pool: 'h100' }),
    'kubeflow.tuning.pool: must name a GPU pool, got "h100"',
  ],
  [
    'a tuning user without GPUs',
    (s) => (s.kubeflow.tuning = { image: 'registry.lab/train:1.0.0', users: ['carol'] }),
    'kubeflow.tuning.users[0]: must name an active user who may run jobs and has a GPU quota, got "carol"',
  ],
  ['an unpinned notebook image', (s) => (s.kubeflow.notebookImages = ['jupyter:latest']), 'kubeflow.notebookImages[0]: must pin a tag other than latest'],
  ['a wrong type for a flag', (s) => (s.storage.nfs.kerberos = 'yes'), 'storage.nfs.kerberos: must be true or false, got "yes"'],
];
