/**
 * The environment spec: the one input of the platform. Environment files are
 * typed `PlatformSpecInput` literals (or YAML/JSON files); `validateSpec` turns
 * one into a resolved `PlatformSpec` or refuses it with every problem at once,
 * each naming its field path.
 */
import { z } from 'zod';
import { CLUSTER_DOMAIN, DNS_LABEL, DNS_SUBDOMAIN, PLATFORM_HOSTS, TF_SERVING_MODEL, TF_SERVING_MODEL_TEXT, tenantNamespaceProblem } from '../constructs/lib/naming';
import { describeValue, ValidationError } from '../constructs/lib/problems';
import { isQuantity } from '../constructs/lib/quantity';
import { cidrContains, parseCidr, PRIVATE_RANGES } from '../constructs/lib/cidr';
import { planVpnAddresses } from '../constructs/lib/vpn-addresses';
import { BUILT_IMAGES, isPinnedImage } from '../constructs/lib/images';
import { pastedSecretKind } from '../constructs/lib/pasted-secrets';
import { NFS_STORAGE_CLASSES } from '../constructs/lib/nfs';
import { MIG_INSTANCES_PER_GPU } from '../constructs/lib/mig-profiles';

/** An error message that says "is required" when the field is missing and `expected` otherwise. */
function expecting(expected: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : expected) };
}

const DNS_LABEL_TEXT = 'must be a DNS label (at most 63 characters of a-z, 0-9 and -, starting and ending with a letter or digit)';

const dnsLabel = z.string(expecting(DNS_LABEL_TEXT)).regex(DNS_LABEL, { error: DNS_LABEL_TEXT });

const hostname = z
  .string(expecting('must be a DNS name or an IP address'))
  .refine((v) => DNS_SUBDOMAIN.test(v) || /^\d{1,3}(\.\d{1,3}){3}$/.test(v), { error: 'must be a DNS name or an IP address' });

/** A reference to an existing Secret: its name only, never its content. */
const secretName = z
  .string(expecting('must name an existing Secret (a DNS subdomain)'))
  .regex(DNS_SUBDOMAIN, { error: 'must name an existing Secret (a DNS subdomain), never hold the secret itself' });

const QUANTITY_TEXT = 'must be a Kubernetes quantity such as "8", "500m" or "64Gi"';
const quantity = z
  .union([z.string(), z.number()], expecting(QUANTITY_TEXT))
  .transform(String)
  .refine(isQuantity, { error: QUANTITY_TEXT });

function wholeNumber(min: number, max?: number) {
  const text = max === undefined ? `must be a whole number >= ${min}` : `must be a whole number from ${min} to ${max}`;
  const base = z.number(expecting(text)).int({ error: text }).min(min, { error: text });
  return max === undefined ? base : base.max(max, { error: text });
}

/** A mapping of known fields; anything else is refused by name. */
function section<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, expecting('must be a mapping of fields'));
}

const flag = z.boolean(expecting('must be true or false'));

const text = (what = 'must be a non-empty string') => z.string(expecting(what)).min(1, { error: what });

/** Image or chart references are host[:port]/path prefixes, no scheme. */
const registryPrefix = z
  .string(expecting('must be a registry prefix such as "registry.lab.local:5000/mirror"'))
  .regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._/-]+)?$/, { error: 'must be a registry prefix such as "registry.lab.local:5000/mirror"' });

const url = (schemes: string) =>
  z
    .string(expecting(`must be a URL starting with ${schemes}`))
    .regex(new RegExp(`^(${schemes.split(' or ').join('|')})[^\\s]+$`), { error: `must be a URL starting with ${schemes}` });

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
  cpuPerNode: quantity,
  /** Allocatable memory of each node, for the quota-versus-capacity check. */
  memoryPerNode: quantity,
  sharing: sharingSchema.prefault({ mode: 'none' }),
});

/**
 * Why NFS Kerberos (`sec=krb5`, `krb5i`, `krb5p`) is refused: csi-driver-nfs v4.11.0 has no Kerberos support
 * (kubernetes-csi/csi-driver-nfs#525, open), its mounts hang without rpc.gssd on every node, and even with it only
 * root holds the nodes' machine credentials, so every non-root pod gets EACCES.
 */
const KERBEROS_UNSUPPORTED =
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
  path: z.string(expecting('must be a relative path')).regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, {
    error: 'must be a relative path below the share',
  }),
  size: quantity,
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

const cidr = z.string(expecting('must be an IPv4 CIDR such as "10.44.0.0/24"')).refine((v) => parseCidr(v) !== undefined, {
  error: 'must be an IPv4 CIDR such as "10.44.0.0/24"',
});

const objectStoreSchema = z.discriminatedUnion(
  'kind',
  [
    section({
      kind: z.literal('minio'),
      servers: wholeNumber(1),
      volumesPerServer: wholeNumber(1),
      volumeSize: quantity,
      /**
       * The drives: a StorageClass of local disks or block devices the site provides (reclaim policy Retain).
       * MinIO does not support erasure-coded drives on NFS, and one NAS export is one failure domain.
       */
      drives: section({
        storageClass: dnsLabel.refine((name) => !(Object.values(NFS_STORAGE_CLASSES) as string[]).includes(name), {
          error: `must not be an NFS class (${Object.values(NFS_STORAGE_CLASSES).join(', ')}): MinIO does not support erasure-coded drives on NFS; use a class of local disks or block devices`,
        }),
        /** What backs the class: disks of the node (`local`: a drive lives and dies with its node) or network block devices (`block`). */
        type: z.enum(['local', 'block'], { error: 'must be "local" or "block" (MinIO drives are never on NFS)' }),
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
  /** MLflow release (the image tag). */
  version: z.string(expecting('must be a version such as "3.1.1"')).regex(/^\d+\.\d+\.\d+$/, { error: 'must be a version such as "3.1.1"' }),
  /**
   * Image with MLflow, boto3 and psycopg2; the tag must be pinned. By default
   * the platform's own build of `images/mlflow` from `registry.builds`.
   */
  image: text().optional(),
  replicas: wholeNumber(1, 10).default(1),
  database: section({
    instances: wholeNumber(1, 5).default(1),
    storage: quantity.default('20Gi'),
    /** Days of base backups and WAL kept in the `backups` bucket. */
    retentionDays: wholeNumber(1, 3650).default(30),
  }).prefault({}),
  auth: section({
    /** Secret (key `basic_auth.ini`) with MLflow's auth configuration and admin credentials; authentication is always on. */
    adminSecret: secretName,
    /** Secret (key `secret-key`) with the Flask secret key all MLflow processes share (sessions, CSRF tokens). */
    secretKeySecret: secretName.default('mlflow-secret-key'),
  }),
});

const tlsSchema = section({
  /** Secret in the cert-manager namespace (keys `tls.crt`, `tls.key`) holding the site's internal CA. */
  caSecret: secretName,
});

/** Where the Kubeflow fields of earlier versions went, for specs that still have them. */
const REPLACED_KUBEFLOW_FIELD = 'is no longer used: Kubeflow is installed from the vendored community distribution 26.03.1 as kustomize overlays (dist/<env>/3x-kubeflow-*), not from site-packaged charts; remove it';

const retired = z.never({ error: REPLACED_KUBEFLOW_FIELD }).optional();

const component = z.boolean(expecting('must be true or false (the component comes from the vendored distribution; its version and chart fields are gone)')).default(true);

const kubeflowSchema = section({
  /** The Kubeflow community distribution release line; the project vendors 26.03 (26.03.1). */
  version: z.literal('26.03', expecting('must be "26.03": the vendored Kubeflow community distribution is 26.03.1 (refresh vendor/kubeflow for another)')).default('26.03'),
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
    .default(['ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-tensorflow-full:v1.11.0', 'ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-tensorflow-cuda-full:v1.11.0']),
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

/** A Curve25519 key as WireGuard writes it: 32 bytes of base64. */
const WIREGUARD_KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

const wireguardPublicKey = z.string(expecting('must be a WireGuard public key (44 characters of base64)')).regex(WIREGUARD_KEY, {
  error: 'must be a WireGuard public key (44 characters of base64)',
});

const ipv4 = z.string(expecting('must be an IPv4 address')).regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, { error: 'must be an IPv4 address' });

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
  model: text(),
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
export const platformSpecSchema = z
  .strictObject({
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
  })
  .superRefine((spec, ctx) => {
    const issue = (path: (string | number)[], message: string, input: unknown) => ctx.addIssue({ code: 'custom', path, message, input });
    duplicates(spec.users.map((u) => u.name), (i, v) => issue(['users', i, 'name'], 'must be unique among users', v));
    duplicates(spec.users.map((u) => u.email.toLowerCase()), (i, v) => issue(['users', i, 'email'], 'must be unique among users', v));
    duplicates(spec.users.map((u) => u.vpnPublicKey), (i, v) => issue(['users', i, 'vpnPublicKey'], 'must be unique among users', v));
    duplicates(spec.gpuPools.map((p) => p.name), (i, v) => issue(['gpuPools', i, 'name'], 'must be unique among GPU pools', v));
    duplicates(spec.serving.map((s) => s.name), (i, v) => issue(['serving', i, 'name'], 'must be unique among model servers', v));
    const nodes = spec.gpuPools.flatMap((p, i) => p.nodes.map((node, j) => ({ node, path: ['gpuPools', i, 'nodes', j] })));
    duplicates(nodes.map((n) => n.node), (i, v) => issue(nodes[i].path, 'is already in another GPU pool', v));
    // The models bucket is always versioned and object-locked, whatever `versioning` says: erasure coding is never optional.
    if (spec.objectStore.kind === 'minio' && spec.objectStore.servers * spec.objectStore.volumesPerServer < 4) {
      issue(['objectStore', 'volumesPerServer'], `gives ${spec.objectStore.servers * spec.objectStore.volumesPerServer} drives; the locked models bucket needs erasure coding over at least 4 (servers x volumesPerServer)`, spec.objectStore.volumesPerServer);
    }
    if (spec.mlflow.image && !isPinnedImage(spec.mlflow.image)) issue(['mlflow', 'image'], 'must pin a tag other than latest, or a digest', spec.mlflow.image);
    if (!spec.mlflow.image && !spec.registry.builds) {
      issue(['registry', 'builds'], `is required unless mlflow.image is set: the pipeline builds MLflow with its database and S3 drivers (${BUILT_IMAGES.mlflow.recipe}) and pushes it there`, undefined);
    }
    if (!spec.mlflow.image && spec.mlflow.version !== BUILT_IMAGES.mlflow.version) {
      issue(['mlflow', 'version'], `must be ${BUILT_IMAGES.mlflow.version}, the release ${BUILT_IMAGES.mlflow.recipe} builds; for another, set mlflow.image to an image of that release with psycopg2 and boto3`, spec.mlflow.version);
    }
    const domain = spec.kubernetes.domain;
    const longLabel = domain.split('.').find((label) => label.length > 63);
    if (longLabel) issue(['kubernetes', 'domain'], `must be a DNS name: label "${longLabel.slice(0, 20)}…" is longer than 63 characters`, domain);
    if (domain === CLUSTER_DOMAIN || domain.endsWith(`.${CLUSTER_DOMAIN}`)) issue(['kubernetes', 'domain'], `must not be the cluster's own DNS domain (${CLUSTER_DOMAIN}), where Service names resolve`, domain);
    const hosts = [...Object.values(PLATFORM_HOSTS).map((label) => ({ label, path: undefined })), ...spec.serving.map((s, i) => ({ label: s.name, path: ['serving', i, 'name'] }))];
    for (const { label, path } of hosts) {
      if (path && Object.values<string>(PLATFORM_HOSTS).includes(label)) issue(path, `is the host of a platform endpoint (${label}.${domain}); choose another name`, label);
      else if (`${label}.${domain}`.length > 253) issue(path ?? ['kubernetes', 'domain'], `makes the host ${label}.${domain} longer than 253 characters`, path ? label : domain);
    }
    const vpnRange = parseCidr(spec.vpn.cidr);
    if (vpnRange) {
      if (!PRIVATE_RANGES.some((r) => cidrContains(parseCidr(r)!, vpnRange))) {
        issue(['vpn', 'cidr'], `must be a private range (inside ${PRIVATE_RANGES.join(', ')}): the gateway admits this range, and public addresses outside the VPN could fall in it`, spec.vpn.cidr);
      }
      const node = parseCidr(`${spec.vpn.gatewayNodeAddress}/32`);
      if (node && cidrContains(vpnRange, node)) {
        issue(['vpn', 'cidr'], `contains the edge node's address ${spec.vpn.gatewayNodeAddress} (vpn.gatewayNodeAddress): the gateway would admit the node's own connections as VPN clients`, spec.vpn.cidr);
      }
    }
    if (spec.users.some((u) => u.vpnPublicKey === spec.vpn.serverPublicKey)) {
      issue(['vpn', 'serverPublicKey'], "is a user's key; it must be the gateway's own public key", spec.vpn.serverPublicKey);
    }
    spec.serving.forEach((s, i) => {
      if (s.image && !isPinnedImage(s.image)) issue(['serving', i, 'image'], 'must pin a tag other than latest, or a digest', s.image);
    });
    spec.serving.forEach((s, i) => {
      if (s.runtime === 'fastapi' && !s.image) issue(['serving', i, 'image'], 'is required when runtime is "fastapi"', s.image);
      if (s.runtime === 'tf-serving' && !TF_SERVING_MODEL.test(s.model)) issue(['serving', i, 'model'], TF_SERVING_MODEL_TEXT, s.model);
      if (s.gpu > 0 && spec.gpuPools.length === 0) issue(['serving', i, 'gpu'], 'needs a GPU pool, but gpuPools is empty', s.gpu);
    });
    spec.users.forEach((u, i) => {
      if (u.quota.gpus > 0 && spec.gpuPools.length === 0) issue(['users', i, 'quota', 'gpus'], 'needs a GPU pool, but gpuPools is empty', u.quota.gpus);
    });
    spec.storage.nfs.mountOptions.forEach((option, i) => {
      if (/^sec=krb5/.test(option)) issue(['storage', 'nfs', 'mountOptions', i], KERBEROS_UNSUPPORTED, option);
    });
    const migStrategies = new Set(spec.gpuPools.flatMap((p) => (p.sharing.mode === 'mig' ? [p.sharing.strategy] : [])));
    if (migStrategies.size > 1) {
      spec.gpuPools.forEach((p, i) => {
        if (p.sharing.mode === 'mig') issue(['gpuPools', i, 'sharing', 'strategy'], 'must be the same for every MIG pool (the operator has one MIG strategy)', p.sharing.strategy);
      });
    }
    spec.serving.forEach((s, i) => {
      if (s.maxReplicas !== undefined && s.maxReplicas < s.replicas) issue(['serving', i, 'maxReplicas'], `must be at least replicas (${s.replicas})`, s.maxReplicas);
      if (s.pool !== undefined && !spec.gpuPools.some((p) => p.name === s.pool)) issue(['serving', i, 'pool'], 'must name a GPU pool', s.pool);
    });
    spec.users.forEach((u, i) => {
      if (u.vpnAddress && !u.vpnPublicKey) issue(['users', i, 'vpnAddress'], 'needs a vpnPublicKey', u.vpnAddress);
      if (u.publishModels && u.role === 'viewer') issue(['users', i, 'publishModels'], 'is for admins and data scientists: a viewer publishes nothing', u.publishModels);
    });
    const kf = spec.kubeflow;
    const anyKubeflow = kf.components.notebooks || kf.components.pipelines || kf.components.katib;
    if (anyKubeflow && !spec.users.some((u) => u.role === 'admin' && !u.offboarded)) issue(['users'], 'must include an active admin when Kubeflow is on: an admin owns every profile', undefined);
    if (anyKubeflow && !spec.access.oidc) issue(['access', 'oidc'], 'is required when Kubeflow is on: its multi-user mode signs users in through the auth proxy', undefined);
    kf.notebookImages.forEach((image, i) => {
      if (!isPinnedImage(image)) issue(['kubeflow', 'notebookImages', i], 'must pin a tag other than latest, or a digest', image);
    });
    if (kf.tuning) {
      if (!isPinnedImage(kf.tuning.image)) issue(['kubeflow', 'tuning', 'image'], 'must pin a tag other than latest, or a digest', kf.tuning.image);
      kf.tuning.users.forEach((name, i) => {
        const user = spec.users.find((u) => u.name === name);
        if (!user || user.offboarded || user.role === 'viewer' || user.quota.gpus < 1) issue(['kubeflow', 'tuning', 'users', i], 'must name an active user who may run jobs and has a GPU quota', name);
      });
      if (!kf.components.katib) issue(['kubeflow', 'tuning'], 'needs kubeflow.components.katib', undefined);
      if (kf.tuning.pool !== undefined && !spec.gpuPools.some((p) => p.name === kf.tuning!.pool)) issue(['kubeflow', 'tuning', 'pool'], 'must name a GPU pool', kf.tuning.pool);
    }
    const vpnPeers = spec.users.map((u, i) => ({ user: u, i })).filter(({ user }) => user.vpnPublicKey && !user.offboarded);
    const vpn = parseCidr(spec.vpn.cidr);
    if (vpn && vpn.size >= 4) {
      const plan = planVpnAddresses(spec.vpn.cidr, vpnPeers.map(({ user }) => ({ name: user.name, pinned: user.vpnAddress })));
      const indexOf = (name: string) => vpnPeers.find((p) => p.user.name === name)!.i;
      for (const o of plan.outside) issue(['users', indexOf(o.name), 'vpnAddress'], `must be a peer address inside ${spec.vpn.cidr} (not the network, gateway or broadcast address)`, o.address);
      for (const c of plan.clashes) {
        issue(['users', indexOf(c.name), 'vpnAddress'], `is needed: the derived VPN address ${c.address} is ${c.with}'s; pin a free one such as ${c.free}`, undefined);
      }
    }
    const peers = spec.users.filter((u) => u.vpnPublicKey && !u.offboarded).length;
    if (vpn && vpn.size - 3 < peers) {
      issue(['vpn', 'cidr'], `is too small: it holds ${Math.max(vpn.size - 3, 0)} peers besides the gateway, and ${peers} users have VPN keys`, spec.vpn.cidr);
    }
  });

/** An environment as written: fields with defaults may be left out. */
export type PlatformSpecInput = z.input<typeof platformSpecSchema>;
/** A validated environment with every default resolved. */
export type PlatformSpec = z.output<typeof platformSpecSchema>;
/** One user of the platform. */
export type UserSpec = PlatformSpec['users'][number];
/** One GPU node pool. */
export type GpuPoolSpec = PlatformSpec['gpuPools'][number];
/** How a pool's GPUs are shared. */
export type GpuSharingSpec = GpuPoolSpec['sharing'];
/** Where Terraform keeps state. */
export type StateSpec = PlatformSpec['state'];

function duplicates<T>(values: readonly T[], report: (index: number, value: T) => void): void {
  const seen = new Set<T>();
  values.forEach((value, index) => {
    if (value === undefined) return;
    if (seen.has(value)) report(index, value);
    seen.add(value);
  });
}

/** `users[2].quota.gpus` from `['users', 2, 'quota', 'gpus']`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '') || '(spec)';
}

function pastedSecrets(value: unknown, path: PropertyKey[], out: string[]): string[] {
  if (typeof value === 'string') {
    const kind = pastedSecretKind(value);
    if (kind) out.push(`${fieldPath(path)}: looks like ${kind}; reference an existing Secret instead of pasting credentials`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      pastedSecrets(v, [...path, i], out);
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pastedSecrets(v, [...path, k], out);
  }
  return out;
}

function formatIssue(issue: z.core.$ZodIssue): string[] {
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${fieldPath([...path, key])}: is not a known field`);
  }
  const input = (issue as { input?: unknown }).input;
  const got = input === undefined || (input !== null && typeof input === 'object') ? '' : `, got ${describeValue(input)}`;
  return [`${fieldPath(path)}: ${issue.message}${got}`];
}

/**
 * Validates an environment and resolves its defaults. Throws a
 * {@link ValidationError} listing every problem, each with its field path.
 */
export function validateSpec(input: unknown, source = 'environment'): PlatformSpec {
  const secrets = pastedSecrets(input, [], []);
  const result = platformSpecSchema.safeParse(input, { reportInput: true });
  const problems = [...secrets, ...(result.success ? [] : result.error.issues.flatMap(formatIssue))];
  if (problems.length || !result.success) throw new ValidationError(source, problems);
  return result.data;
}
