/** The sections of the spec, field by field, and the shape of the whole. */
import { z } from 'zod';
import { DNS_LABEL, DNS_SUBDOMAIN, tenantNamespaceProblem } from '../../constructs/lib/naming';
import { MIG_INSTANCES_PER_GPU } from '../../constructs/lib/mig-profiles';
import { NFS_STORAGE_CLASSES } from '../../constructs/lib/nfs';
import {
  cidr,
  dnsLabel,
  expecting,
  flag,
  hostname,
  ipv4,
  pathBelow,
  positiveQuantity,
  quantity,
  registryPrefix,
  secretName,
  section,
  text,
  url,
  wholeNumber,
  wireguardPublicKey,
} from './fields';

const kubernetesSchema = section({
  /** Path of the kubeconfig Terraform and kubectl use. */
  configPath: text().default('~/.kube/config'),
  /** The kubeconfig context of the target cluster. */
  context: text(),
  /** Kubernetes minor version of the cluster (`1.31`); pins the Pod Security version. */
  version: z.string(expecting('must be a Kubernetes minor version such as "1.31"')).regex(/^1\.\d{2}$/, {
    error: 'must be a Kubernetes minor version such as "1.31"',
  }),
  /** The DNS domain platform endpoints live under (`mlflow.<domain>`). */
  domain: z.string(expecting('must be a DNS domain')).regex(DNS_SUBDOMAIN, { error: 'must be a DNS domain' }),
});

const registrySchema = section({
  /** Where every image is pulled from instead of its public registry (air-gapped sites). */
  mirror: registryPrefix.optional(),
  /** Where every Helm chart is pulled from instead of its public repository. */
  charts: url('https:// or oci://').optional(),
  /** Where the pipeline pushes the images it builds from `images/` (MLflow with its drivers), and the cluster pulls them from. */
  builds: registryPrefix.optional(),
});

const chartOverride = section({
  /** Chart version to install instead of the pinned default. */
  version: text(),
});

const chartsSchema = section({
  gpuOperator: chartOverride.optional(),
  csiDriverNfs: chartOverride.optional(),
  certManager: chartOverride.optional(),
  minioOperator: chartOverride.optional(),
  cloudnativePg: chartOverride.optional(),
  /** Retired: the Istio ingress gateway is the one way in. */
  ingressNginx: z.never({ error: 'is no longer used: ingress-nginx is retired; every endpoint is served by the Istio ingress gateway; remove it' }).optional(),
  kueue: chartOverride.optional(),
  /** Retired: the auth proxy comes from the Kubeflow distribution. */
  oauth2Proxy: z.never({ error: 'is no longer used: the auth proxy (oauth2-proxy) comes from the vendored Kubeflow distribution; remove it' }).optional(),
});

const gpuOperatorSchema = section({
  /** Let the operator install the NVIDIA driver; off when nodes have it preinstalled. */
  installDriver: flag.default(false),
  /** Export GPU metrics (DCGM exporter). */
  dcgmExporter: flag.default(true),
});

const stateSchema = z.discriminatedUnion(
  'backend',
  [
    section({
      backend: z.literal('local'),
      /** Folder for state files, relative to the project root. */
      directory: text().default('.'),
    }),
    section({
      backend: z.literal('kubernetes'),
      /** Namespace holding the state Secrets; it must exist before `terraform init`. */
      namespace: dnsLabel.default('terraform-state'),
    }),
    section({
      backend: z.literal('s3'),
      bucket: text(),
      /** S3-compatible endpoint (the site's object store). */
      endpoint: url('https://'),
      region: text().default('us-east-1'),
    }),
  ],
  { error: 'must have backend "local", "kubernetes" or "s3"' },
);

const sharingSchema = z.discriminatedUnion(
  'mode',
  [
    section({ mode: z.literal('none') }),
    section({
      mode: z.literal('time-slicing'),
      /** How many workloads share one GPU. */
      replicas: wholeNumber(2, 48),
    }),
    section({
      mode: z.literal('mig'),
      strategy: z.enum(['single', 'mixed'], expecting('must be "single" or "mixed"')).default('single'),
      /** The MIG profile every GPU is split into (`1g.10gb`, `3g.40gb`). */
      profile: z.string(expecting('must be a MIG profile such as "1g.10gb"')).refine((p) => p in MIG_INSTANCES_PER_GPU, {
        error: 'must be a MIG profile the GPU Operator’s MIG manager lays out on whole GPUs (all-<profile>), such as "1g.10gb" or "3g.40gb"',
      }),
    }),
  ],
  { error: 'must have mode "none", "time-slicing" or "mig"' },
);

const gpuPoolSchema = section({
  name: dnsLabel,
  /** Kubernetes node names in the pool. */
  nodes: z.array(z.string().regex(DNS_SUBDOMAIN, { error: 'must be a Kubernetes node name' }), expecting('must be a list of node names')).min(1, {
    error: 'must list at least one node',
  }),
  gpuModel: text(),
  gpusPerNode: wholeNumber(1, 16),
  /** Allocatable CPU of each node, for the quota-versus-capacity check. */
  cpuPerNode: positiveQuantity,
  /** Allocatable memory of each node, for the quota-versus-capacity check. */
  memoryPerNode: positiveQuantity,
  sharing: sharingSchema.prefault({ mode: 'none' }),
});

/**
 * Why NFS Kerberos (`sec=krb5`, `krb5i`, `krb5p`) is refused: csi-driver-nfs v4.11.0 has no Kerberos support
 * (kubernetes-csi/csi-driver-nfs#525, open), its mounts hang without rpc.gssd on every node, and even with it only
 * root holds the nodes' machine credentials, so every non-root pod gets EACCES.
 */
export const KERBEROS_UNSUPPORTED =
  'is not supported: csi-driver-nfs 4.11.0 has no Kerberos support (kubernetes-csi/csi-driver-nfs#525), so krb5 mounts hang without rpc.gssd and non-root pods get EACCES; encrypt the storage network and set storage.nfs.encryptedInTransit: true';

const nfsSchema = section({
  server: hostname,
  /** The exported path on the NAS. */
  share: z.string(expecting('must be an absolute path')).regex(/^\/\S*$/, { error: 'must be an absolute path' }),
  mountOptions: z.array(text()).default(['nfsvers=4.1', 'hard', 'noatime']),
  /** Refused when true: see {@link KERBEROS_UNSUPPORTED}. */
  kerberos: flag.optional().refine((on) => on !== true, { error: () => KERBEROS_UNSUPPORTED }),
  /** The NAS encrypts its disks; the platform cannot, so the spec states it. */
  encryptedAtRest: flag,
  /**
   * The network between the nodes and the NAS encrypts NFS traffic (IPsec, MACsec, an encrypted storage link); the
   * platform cannot (see {@link KERBEROS_UNSUPPORTED}), so the spec states it (guardrail PLT-10).
   */
  encryptedInTransit: flag,
});

const areaSchema = section({
  /** Folder below the NFS share. */
  path: pathBelow('a relative path below the share'),
  size: positiveQuantity,
});

const storageSchema = section({
  nfs: nfsSchema,
  /**
   * The user and group tenant pods write the NAS as, by default the notebook images' `jovyan` (1000:100): pipeline
   * steps and tuning trials run as them, notebooks get the group, tenant folders are made group-writable by it. The
   * NAS export must let it write: `all_squash,anonuid=<uid>,anongid=<gid>` on the tenant areas, or folders it owns.
   */
  owner: section({ uid: wholeNumber(1).default(1000), gid: wholeNumber(1).default(100) }).prefault({}),
  /** The curated image set, mounted read-only in every tenant. */
  dataset: areaSchema,
  /** Where data scientists add new images before an admin promotes them. */
  uploads: areaSchema,
});

const objectStoreSchema = z.discriminatedUnion(
  'kind',
  [
    section({
      kind: z.literal('minio'),
      servers: wholeNumber(1),
      volumesPerServer: wholeNumber(1),
      volumeSize: positiveQuantity,
      /**
       * The drives: a StorageClass of local disks or block devices the site provides, which must keep a volume when
       * its claim goes (reclaim policy Retain). MinIO does not support erasure-coded drives on NFS, and one NAS
       * export is one failure domain.
       */
      drives: section({
        storageClass: dnsLabel.refine((name) => !(Object.values(NFS_STORAGE_CLASSES) as string[]).includes(name), {
          error: `must not be an NFS class (${Object.values(NFS_STORAGE_CLASSES).join(', ')}): MinIO does not support erasure-coded drives on NFS; use a class of local disks or block devices`,
        }),
        /** What backs the class: disks of the node (`local`: a drive lives and dies with its node) or network block devices (`block`). */
        type: z.enum(['local', 'block'], { error: 'must be "local" or "block" (MinIO drives are never on NFS)' }),
        /** The class's reclaim policy as the site configured it (the platform cannot see it); guardrail REL-01 requires Retain. */
        reclaimPolicy: z.enum(['Retain', 'Delete'], { error: 'must be "Retain" or "Delete", as the StorageClass says' }).default('Retain'),
      }),
      /** Secret (key `config.env`) with MINIO_ROOT_USER and MINIO_ROOT_PASSWORD. */
      rootSecret: secretName,
      /** Secret (key `key`, `<name>:<base64 32 bytes>`) with the KMS key for server-side encryption. */
      kmsSecret: secretName,
      versioning: flag.default(true),
      /** Default object-lock retention of the `models` bucket, in days. */
      modelRetentionDays: wholeNumber(1, 3650).default(30),
    }),
    section({
      kind: z.literal('external-s3'),
      endpoint: url('https://'),
      region: text().default('us-east-1'),
      /** Address range of the endpoint, for the egress NetworkPolicies of platform services. */
      cidr,
      /** Secret (key `ca.crt`) with the CA that signed the endpoint's certificate, in each consumer namespace. */
      caSecret: secretName.optional(),
    }),
  ],
  { error: 'must have kind "minio" or "external-s3"' },
);

const backupsSchema = section({
  /** Days the nightly dumps (the Pipelines and Katib databases, the Terraform state Secrets) are kept in the `backups` bucket. */
  retentionDays: wholeNumber(1, 3650).default(30),
});

const mlflowSchema = section({
  /** MLflow release (the image tag): one with workspaces that the image's Kubernetes plugins support (3.10 to 3.12). */
  version: z.string(expecting('must be a version such as "3.12.0"')).regex(/^\d+\.\d+\.\d+$/, { error: 'must be a version such as "3.12.0"' }),
  /**
   * Image with MLflow, boto3, psycopg2 and mlflow-kubernetes-plugins; the tag
   * must be pinned. By default the platform's own build of `images/mlflow`
   * from `registry.builds`.
   */
  image: text().optional(),
  replicas: wholeNumber(1, 10).default(1),
  database: section({
    instances: wholeNumber(1, 5).default(1),
    storage: positiveQuantity.default('20Gi'),
    /** Days of base backups and WAL kept in the `backups` bucket. */
    retentionDays: wholeNumber(1, 3650).default(30),
  }).prefault({}),
  auth: z
    .never({
      error:
        'is no longer used: MLflow authorizes every call with Kubernetes RBAC (a workspace per tenant namespace; browsers sign on through the gateway, pods use their service account token), so there is no MLflow password or admin Secret; remove it',
    })
    .optional(),
});

const tlsSchema = section({
  /** Secret in the cert-manager namespace (keys `tls.crt`, `tls.key`) holding the site's internal CA. */
  caSecret: secretName,
});

/** Where the Kubeflow fields of earlier versions went, for specs that still have them. */
const REPLACED_KUBEFLOW_FIELD =
  'is no longer used: Kubeflow is installed from the vendored community distribution 26.03.1 as kustomize overlays (dist/<env>/3x-kubeflow-*), not from site-packaged charts; remove it';

const retired = z.never({ error: REPLACED_KUBEFLOW_FIELD }).optional();

const component = z
  .boolean(expecting('must be true or false (the component comes from the vendored distribution; its version and chart fields are gone)'))
  .default(true);

const kubeflowSchema = section({
  /** The Kubeflow community distribution release line; the project vendors 26.03 (26.03.1). */
  version: z
    .literal('26.03', expecting('must be "26.03": the vendored Kubeflow community distribution is 26.03.1 (refresh vendor/kubeflow for another)'))
    .default('26.03'),
  /** Retired: Kubeflow no longer comes from site-packaged charts. */
  chartRepository: retired,
  /** Which applications run; the dashboard, Profiles and the PodDefault webhook come with any of them. */
  components: section({
    /** Retired: Profiles come with any component. */
    profiles: retired,
    notebooks: component,
    pipelines: component,
    katib: component,
  }).prefault({}),
  /** JupyterLab images offered in the notebook form (TensorFlow and Keras), pinned. */
  notebookImages: z
    .array(text())
    .min(1, { error: 'must list at least one image' })
    .default([
      'ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-tensorflow-full:v1.11.0',
      'ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-tensorflow-cuda-full:v1.11.0',
    ]),
  /** The cell-detection tuning Experiment: its training image, the users who get one, and the GPU pool its trials run on (default: the first). */
  tuning: section({
    image: text(),
    users: z.array(dnsLabel).default([]),
    pool: dnsLabel.optional(),
  }).optional(),
  /** Fair GPU sharing between tenants through Kueue queues. */
  fairSharing: flag.default(false),
});

const oidcSchema = section({
  /** The site's OIDC issuer (the auth proxy in front of Kubeflow signs users in there). */
  issuerUrl: url('https://'),
  clientId: text(),
  /** Secret (keys `client-secret`, `cookie-secret`) in the `oauth2-proxy` namespace for the auth proxy. */
  clientSecret: secretName,
});

const vpnSchema = section({
  /** Address range of VPN clients (private, without the edge node's address); the gateway takes the first address and admits only this range. */
  cidr,
  /** Public DNS name or address clients connect to. */
  endpoint: hostname,
  port: wholeNumber(1, 65535).default(51820),
  /** Secret (key `privatekey`) holding the gateway's WireGuard private key. */
  serverKeySecret: secretName,
  /**
   * The gateway's WireGuard public key (`wg pubkey < private key`), written
   * into every client configuration. Not a secret; the gateway refuses to
   * start when it does not match the private key in serverKeySecret.
   */
  serverPublicKey: wireguardPublicKey,
  /** The edge node that runs the WireGuard gateway and the ingress gateway (host network, so client addresses reach the ingress gateway intact). */
  gatewayNode: z.string(expecting('must be a Kubernetes node name')).regex(DNS_SUBDOMAIN, { error: 'must be a Kubernetes node name' }),
  /** That node's address: the ingress gateway's connections to services come from it; outside vpn.cidr. */
  gatewayNodeAddress: ipv4,
});

const accessSchema = section({
  /** Single sign-on for Kubeflow and the platform UIs. */
  oidc: oidcSchema.optional(),
  /** OIDC groups bound to the platform roles. */
  groups: section({
    admins: text().default('mlops-admins'),
    dataScientists: text().default('mlops-data-scientists'),
    viewers: text().default('mlops-viewers'),
  }).prefault({}),
});

const userSchema = section({
  /** Also the tenant namespace's name. */
  name: dnsLabel.superRefine((name, ctx) => {
    const problem = tenantNamespaceProblem(name);
    if (problem && DNS_LABEL.test(name)) ctx.addIssue({ code: 'custom', message: problem, input: name });
  }),
  email: z.string(expecting('must be an email address')).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { error: 'must be an email address' }),
  role: z.enum(['admin', 'data-scientist', 'viewer'], expecting('must be "admin", "data-scientist" or "viewer"')),
  quota: section({
    gpus: wholeNumber(0),
    cpu: quantity,
    memory: quantity,
    storage: quantity,
  }),
  /** The user's WireGuard public key (never a private key). */
  vpnPublicKey: wireguardPublicKey.optional(),
  /** Pins the user's VPN address (inside vpn.cidr); by default it is derived from the name. */
  vpnAddress: ipv4.optional(),
  /** Access is removed; the namespace and its data stay until an explicit purge. */
  offboarded: flag.default(false),
  /**
   * May publish models: a `models-publisher` key in the namespace that adds new versions to the locked `models`
   * bucket and can delete nothing. Admins do unless this says false; data scientists only when it says true.
   */
  publishModels: flag.optional(),
});

const servingSchema = section({
  name: dnsLabel,
  /** Path of the model in the `models` bucket (`cell-detector/3`). */
  model: pathBelow('a path inside the models bucket'),
  runtime: z.enum(['tf-serving', 'fastapi'], expecting('must be "tf-serving" or "fastapi"')),
  /** The site's FastAPI image (required for `fastapi`). */
  image: text().optional(),
  replicas: wholeNumber(1, 20).default(1),
  /** Upper bound of the autoscaler; at least `replicas`. */
  maxReplicas: wholeNumber(1, 50).optional(),
  gpu: wholeNumber(0).default(0),
  /** GPU pool to run on when `gpu` > 0. */
  pool: dnsLabel.optional(),
});

const suppressionSchema = section({
  rule: z.string(expecting('must be a guardrail ID such as "SEC-44" or "PLT-02"')).regex(/^(SEC|REL|PLT)-\d{2}[a-z]?$/, {
    error: 'must be a guardrail ID such as "SEC-44" or "PLT-02"',
  }),
  /** The one object it applies to: `Kind/namespace/name`, `Kind//name` when cluster-scoped, or `stack:type.name` in Terraform. */
  object: z
    .string(expecting('must name one object as Kind/namespace/name or stack:type.name'))
    .regex(/^([A-Za-z]+\/[a-z0-9-]*\/[a-z0-9.:-]+|[a-z0-9-]+:[a-z0-9_]+\.[A-Za-z0-9_-]+)$/, {
      error: 'must name one object as Kind/namespace/name or stack:type.name',
    }),
  reason: z.string(expecting('must explain why (at least 10 characters)')).trim().min(10, { error: 'must explain why (at least 10 characters)' }),
});

const guardrailsSchema = section({
  /** How far the users' GPU quotas may exceed GPU capacity (1 = not at all). */
  gpuOvercommit: z.number(expecting('must be a number >= 1')).min(1, { error: 'must be a number >= 1' }).default(1),
  cpuOvercommit: z.number(expecting('must be a number >= 1')).min(1, { error: 'must be a number >= 1' }).default(1),
  memoryOvercommit: z.number(expecting('must be a number >= 1')).min(1, { error: 'must be a number >= 1' }).default(1),
  /** Image prefixes workloads may use; empty allows the platform's pinned sources. */
  allowedRegistries: z.array(registryPrefix).default([]),
  suppressions: z.array(suppressionSchema).default([]),
});

/** The runtime schema of a platform environment. */
export const platformSpecShape = z.strictObject({
  /** Environment name: names the stacks (`<name>-cluster`) and `dist/<name>/`. */
  name: dnsLabel,
  kubernetes: kubernetesSchema,
  registry: registrySchema.prefault({}),
  /** Chart version overrides, by chart. */
  charts: chartsSchema.prefault({}),
  state: stateSchema,
  gpuPools: z.array(gpuPoolSchema, expecting('must be a list of GPU pools')),
  gpuOperator: gpuOperatorSchema.prefault({}),
  storage: storageSchema,
  objectStore: objectStoreSchema,
  tls: tlsSchema,
  mlflow: mlflowSchema,
  kubeflow: kubeflowSchema,
  vpn: vpnSchema,
  access: accessSchema.prefault({}),
  users: z.array(userSchema, expecting('must be a list of users')).min(1, { error: 'must list at least one user' }),
  serving: z.array(servingSchema).default([]),
  backups: backupsSchema.prefault({}),
  guardrails: guardrailsSchema.prefault({}),
});
