import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { atSynthesis } from '../lib/at-synthesis';
import { IntOrString, type NetworkPolicyPeer, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import { IMAGE_PULL_POLICY, mirroredImage, PINNED_IMAGES } from '../lib/images';
import { PLATFORM_NAMESPACES } from '../lib/naming';
import { PlatformCronJob } from '../lib/platform-cron-job';
import { HARDENED_CONTAINER, restrictedContainerSecurity, restrictedPodSecurity } from '../lib/restricted-pod';
import { BUCKET_PLAN_LABEL } from '../policy/bucket-plan';
import { addGuardrailExemption } from '../policy/exemptions';
import { standardLabels } from '../lib/labels';
import { KUBE_API_EGRESS, namespacePeer, policyPorts } from '../lib/network-policy';
import { Problems } from '../lib/problems';
import { parseQuantity } from '../lib/quantity';
import type { InternalCaIssuer } from './internal-ca-issuer';
import {
  type BucketAccess,
  type BucketRole,
  type BucketSettings,
  credentialsSecretName,
  type IObjectStore,
  platformBuckets,
  type S3Access,
  type S3Consumer,
  type S3NetworkTarget,
  uniqueConsumers,
} from './object-store';
import { ServiceCertificate } from './service-certificate';
import type { ServiceNamespace } from './service-namespace';

/** Properties of a {@link MinioObjectStore}. */
export interface MinioObjectStoreProps {
  /** The namespace it runs in. */
  readonly namespace: ServiceNamespace;
  /** Issuer of its serving certificate. */
  readonly issuer: InternalCaIssuer;
  /** MinIO servers (pods). */
  readonly servers: number;
  /** Drives per server; servers x drives must be at least 4 for erasure coding. */
  readonly volumesPerServer: number;
  /** Size of each drive. */
  readonly volumeSize: string;
  /** StorageClass of the drives: local disks or block devices with reclaim policy Retain, never NFS (MinIO does not support erasure coding on it). */
  readonly storageClass: string;
  /** Existing Secret (key `config.env`) with MINIO_ROOT_USER and MINIO_ROOT_PASSWORD. */
  readonly rootSecret: string;
  /** Existing Secret (key `key`) with the KMS key for server-side encryption. */
  readonly kmsSecret: string;
  /**
   * Version every bucket (models is always versioned: it is locked).
   * @default true
   */
  readonly versioning?: boolean;
  /**
   * Days the noncurrent versions of the `backups` bucket (left by pruned dumps and backups) are kept.
   * @default 30
   */
  readonly backupVersionDays?: number;
  /**
   * Default retention of the locked `models` bucket, in days.
   * @default 30
   */
  readonly modelRetentionDays?: number;
  /**
   * Registry prefix images are pulled through.
   * @default - upstream registries
   */
  readonly imageMirror?: string;
  /**
   * PriorityClass of its pods.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Namespace of the MinIO operator, which must reach the servers.
   * @default 'minio-operator'
   */
  readonly operatorNamespace?: string;
  /**
   * CPU and memory each server requests (memory is also its limit).
   * @default { cpu: '1', memory: '4Gi' }
   */
  readonly serverResources?: { readonly cpu: string; readonly memory: string };
}

interface Grant {
  readonly consumer: S3Consumer;
  readonly bucket: BucketRole;
  readonly access: BucketAccess;
  /** Only keys under `prefix/`. */
  readonly prefix?: string;
}

const TENANT = 'store';
/** The port MinIO's server pods serve S3 on (HTTPS). */
export const MINIO_S3_PORT = 9000;
/** The user and group MinIO's servers run as, which own the data on their drives (kept from the first release). */
const MINIO_USER = { uid: 1000, gid: 1000 } as const;
const SETUP = 'object-store-setup';
/** Certificate whose Secret (`operator-ca-tls-platform-tls`) the MinIO operator trusts: the name must start with `operator-ca-tls`. */
const OPERATOR_TRUST = 'operator-ca-tls-platform';

/** The object actions each access allows; `publish` adds versions and never deletes. */
const OBJECT_ACTIONS: Record<BucketAccess, readonly string[]> = (() => {
  const read = ['s3:GetObject', 's3:GetObjectVersion'];
  const publish = [...read, 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];
  return { read, publish, write: [...read, 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'] };
})();

/** The S3 policy of one consumer: list its buckets, read (write, or publish to) their objects; a prefixed grant lists and touches only its keys. */
function policyDocument(grants: readonly Grant[], buckets: Record<BucketRole, BucketSettings>): string {
  const whole = grants.filter((g) => !g.prefix);
  const byAccess = (access: BucketAccess) => [...new Set(whole.filter((g) => g.access === access).map((g) => buckets[g.bucket].name))].sort();
  const all = [...new Set(whole.map((g) => buckets[g.bucket].name))].sort();
  const list = ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketVersions'];
  const statements = [
    ...(all.length ? [{ Effect: 'Allow', Action: list, Resource: all.map((b) => `arn:aws:s3:::${b}`) }] : []),
    ...(['read', 'write', 'publish'] as const)
      .filter((access) => byAccess(access).length)
      .map((access) => ({ Effect: 'Allow', Action: OBJECT_ACTIONS[access], Resource: byAccess(access).map((b) => `arn:aws:s3:::${b}/*`) })),
    ...grants
      .filter((g) => g.prefix)
      .flatMap((g) => [
        { Effect: 'Allow', Action: list, Resource: [`arn:aws:s3:::${buckets[g.bucket].name}`], Condition: { StringLike: { 's3:prefix': [`${g.prefix}/*`] } } },
        { Effect: 'Allow', Action: OBJECT_ACTIONS[g.access], Resource: [`arn:aws:s3:::${buckets[g.bucket].name}/${g.prefix}/*`] },
      ]),
  ];
  return `${JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2)}\n`;
}

/**
 * The `backups` bucket's lifecycle: pruned dumps and base backups leave noncurrent versions in a versioned
 * bucket; they expire after `days`, and so do delete markers left with no version behind them.
 */
function backupsLifecycle(days: number): string {
  const rule = {
    ID: 'expire-noncurrent-versions',
    Status: 'Enabled',
    Filter: { Prefix: '' },
    NoncurrentVersionExpiration: { NoncurrentDays: days },
    Expiration: { ExpiredObjectDeleteMarker: true },
  };
  return `${JSON.stringify({ Rules: [rule] }, null, 2)}\n`;
}

/**
 * Shell function that makes one consumer a MinIO user holding exactly its own policy: the user is created (or its
 * key updated) from the consumer's Secret, and every other policy attached to it (the operator's `consoleAdmin`,
 * say) is detached. `mc admin user info --json` prints `"policyName": "a,b"` (mc RELEASE.2025-04-16T18-13-26Z
 * cmd/admin-user-add.go userMessage, indented JSON).
 */
const RECONCILE_USER = [
  'reconcile_user() { # <policy>: the consumer whose key pair is mounted at /var/run/secrets/s3-users/<policy>',
  '  keys="/var/run/secrets/s3-users/$1"',
  '  user="$(cat "$keys/CONSOLE_ACCESS_KEY")"',
  '  mc admin user add store "$user" "$(cat "$keys/CONSOLE_SECRET_KEY")" >/dev/null',
  `  mc admin policy create store "$1" "/etc/${SETUP}/policy-$1.json"`,
  `  attached="$(mc admin user info store "$user" --json | sed -n 's/^ *"policyName": *"\\([^"]*\\)".*/\\1/p')"`,
  "  for policy in $(echo \"$attached\" | tr ',' ' '); do",
  '    if [ "$policy" != "$1" ]; then mc admin policy detach store "$policy" --user "$user"; fi',
  '  done',
  '  case ",$attached," in *",$1,"*) ;; *) mc admin policy attach store "$1" --user "$user" ;; esac',
  '  keep="$keep $user"',
  '}',
];

/**
 * Users of the store that no consumer holds any more (a removed tenant, a retired model server) are disabled,
 * not deleted, so re-adding the consumer restores them. `mc admin user list --json` prints one indented object per
 * user with `"accessKey"`.
 */
const DISABLE_STALE_USERS = [
  `for user in $(mc admin user list store --json | sed -n 's/^ *"accessKey": *"\\([^"]*\\)".*/\\1/p'); do`,
  '  case " $keep " in *" $user "*) ;; *) mc admin user disable store "$user" >/dev/null ;; esac',
  'done',
];

/**
 * The idempotent reconcile script: buckets (lock at creation), versioning, retention, encryption, no anonymous
 * access, then one user and one policy per consumer. Users are created here rather than through the Tenant's
 * `spec.users`, because the operator gives those `consoleAdmin` and creates them only once (operator v7.1.1
 * pkg/controller/main-controller.go `Status.ProvisionedUsers`, pkg/apis/minio.min.io/v2/helper.go CreateUsers).
 */
function setupScript(endpoint: string, buckets: readonly BucketSettings[], consumers: readonly string[], backupsBucket: string): string {
  const lines = [
    '#!/bin/sh',
    '# Reconciles buckets, users and access policies; safe to run any number of times.',
    'set -eu',
    'export MC_CONFIG_DIR=/tmp/mc',
    'mkdir -p "$MC_CONFIG_DIR/certs/CAs"',
    'cp /var/run/secrets/object-store-tls/ca.crt "$MC_CONFIG_DIR/certs/CAs/platform-ca.crt"',
    '. /var/run/secrets/object-store-root/config.env',
    `mc alias set store ${endpoint} "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null`,
    ...RECONCILE_USER,
  ];
  for (const b of buckets) {
    lines.push(`mc mb --ignore-existing${b.objectLock ? ' --with-lock' : ''} store/${b.name}`);
    if (b.versioning) lines.push(`mc version enable store/${b.name}`);
    if (b.objectLock) lines.push(`mc retention set --default GOVERNANCE ${b.retentionDays}d store/${b.name}`);
    lines.push(`mc encrypt set sse-s3 store/${b.name}`, `mc anonymous set none store/${b.name}`);
    // Import replaces the bucket's whole lifecycle configuration: running it again changes nothing.
    if (b.name === backupsBucket && b.versioning) lines.push(`mc ilm rule import store/${b.name} < /etc/${SETUP}/lifecycle-backups.json`);
  }
  lines.push('keep=""', ...consumers.map((name) => `reconcile_user ${name}`), ...DISABLE_STALE_USERS);
  return `${lines.join('\n')}\n`;
}

/**
 * MinIO run by the platform: a Tenant with erasure-coded drives on a Retain
 * StorageClass, TLS from the internal CA, server-side encryption with a KMS key
 * from an existing Secret, and a reconcile CronJob that creates the buckets
 * (`models` versioned and object-locked from creation), turns on versioning and
 * encryption, keeps buckets private, and gives each consumer a policy for
 * exactly its buckets. Consumers' credentials are Secrets the site creates;
 * the output names them and never holds them.
 */
export class MinioObjectStore extends Construct implements IObjectStore {
  public readonly endpoint: string;
  public readonly region = 'us-east-1';
  public readonly buckets: Readonly<Record<BucketRole, BucketSettings>>;
  public readonly networkTarget: S3NetworkTarget;
  /** Erasure-coded drives: servers x volumes per server. */
  public readonly drives: number;
  /** Secret with the serving certificate and `ca.crt`. */
  public readonly tlsSecret: string;
  /** The grants of each consumer, by name (a thousand tenants make thousands of grants). */
  private readonly grantsOf = new Map<string, Grant[]>();
  private readonly namespace: string;
  private readonly serviceNamespace: ServiceNamespace;
  private readonly clients = new Set<string>();

  constructor(scope: Construct, id: string, props: MinioObjectStoreProps) {
    super(scope, id);
    validate(props);
    const ns = props.namespace.name;
    this.namespace = ns;
    this.serviceNamespace = props.namespace;
    this.drives = props.servers * props.volumesPerServer;
    this.endpoint = `https://minio.${ns}.svc.cluster.local`;
    this.buckets = platformBuckets(props.versioning ?? true, props.modelRetentionDays ?? 30);
    const serverLabels = { 'v1.min.io/tenant': TENANT };
    this.networkTarget = { to: [namespacePeer(ns, serverLabels)], ports: policyPorts([{ port: MINIO_S3_PORT }]) };
    const labels = standardLabels({ name: 'minio', instance: TENANT, component: 'object-store' });
    const resources = props.serverResources ?? { cpu: '1', memory: '4Gi' };

    const certificate = new ServiceCertificate(this, 'Certificate', {
      issuer: props.issuer,
      namespace: ns,
      name: 'minio',
      dnsNames: [`minio.${ns}.svc.cluster.local`, `minio.${ns}.svc`, `${TENANT}-hl.${ns}.svc.cluster.local`, `*.${TENANT}-hl.${ns}.svc.cluster.local`],
    });
    this.tlsSecret = certificate.secretName;
    // The operator checks each server's health over TLS, trusting the system CAs, the cluster CA and the
    // certificates of Secrets named operator-ca-tls* in its own namespace, reloaded when they change
    // (operator v7.1.1: pkg/controller/operator.go fetchTransportCACertificates, main-controller.go handleSecret).
    // This Secret carries the internal CA (ca.crt) there, renewed by cert-manager.
    const operatorNamespace = props.operatorNamespace ?? PLATFORM_NAMESPACES.minioOperator;
    new ServiceCertificate(this, 'OperatorTrust', {
      issuer: props.issuer,
      namespace: operatorNamespace,
      name: OPERATOR_TRUST,
      dnsNames: [`${OPERATOR_TRUST}.${operatorNamespace}.svc`],
    });

    new ApiObject(this, 'Tenant', {
      apiVersion: 'minio.min.io/v2',
      kind: 'Tenant',
      metadata: { name: TENANT, namespace: ns, labels },
      spec: {
        image: mirroredImage(PINNED_IMAGES.minio, props.imageMirror),
        imagePullPolicy: IMAGE_PULL_POLICY,
        ...(props.priorityClassName ? { priorityClassName: props.priorityClassName } : {}),
        configuration: { name: props.rootSecret },
        requestAutoCert: false,
        externalCertSecret: [{ name: this.tlsSecret, type: 'cert-manager.io/v1' }],
        env: [{ name: 'MINIO_KMS_SECRET_KEY_FILE', value: '/var/run/secrets/minio-kms/key' }],
        // The root file system is read-only; MinIO writes only to its drives and below /tmp, where the operator also
        // mounts its configuration and certificates (operator v7.1.1 pkg/resources/statefulsets/minio-statefulset.go:
        // /tmp/minio, /tmp/certs).
        additionalVolumes: [
          { name: 'kms', secret: { secretName: props.kmsSecret, defaultMode: 0o400 } },
          { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
        ],
        additionalVolumeMounts: [
          { name: 'kms', mountPath: '/var/run/secrets/minio-kms', readOnly: true },
          { name: 'tmp', mountPath: '/tmp' },
        ],
        podManagementPolicy: 'Parallel',
        prometheusOperator: false,
        pools: [
          {
            name: 'pool-0',
            servers: props.servers,
            volumesPerServer: props.volumesPerServer,
            volumeClaimTemplate: {
              metadata: { name: 'data' },
              spec: { accessModes: ['ReadWriteOnce'], storageClassName: props.storageClass, resources: { requests: { storage: props.volumeSize } } },
            },
            resources: { requests: { cpu: resources.cpu, memory: resources.memory }, limits: { memory: resources.memory } },
            securityContext: { ...restrictedPodSecurity(MINIO_USER, MINIO_USER.gid), fsGroupChangePolicy: 'OnRootMismatch' },
            containerSecurityContext: restrictedContainerSecurity(MINIO_USER),
          },
        ],
      },
    });

    addGuardrailExemption(this, {
      rule: 'SEC-22',
      object: `Tenant/${ns}/${TENANT}`,
      reason:
        'the MinIO operator adds an init container and a sidecar to every server pod that read the Tenant and its configuration through the Kubernetes API with the pod’s token (operator v7.1.1 sidecar/pkg/validator, sidecar/pkg/sidecar)',
    });

    const setupLabels = standardLabels({ name: SETUP, instance: TENANT, component: 'object-store-setup' });
    // One policy per consumer: a plain ApiObject, as KubeConfigMap's conversion copies the data map once per key.
    new ApiObject(this, 'SetupConfig', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: SETUP, namespace: ns, labels: { ...setupLabels, [BUCKET_PLAN_LABEL]: 'true' } },
      data: atSynthesis(() => ({
        'buckets.json': `${JSON.stringify(Object.values(this.buckets), null, 2)}\n`,
        'setup.sh': setupScript(this.endpoint, Object.values(this.buckets), this.consumerNames(), this.buckets.backups.name),
        'lifecycle-backups.json': backupsLifecycle(props.backupVersionDays ?? 30),
        ...Object.fromEntries(this.consumerNames().map((name) => [`policy-${name}.json`, policyDocument(this.grantsOf.get(name) ?? [], this.buckets)])),
      })),
    });
    new PlatformCronJob(this, 'Setup', {
      name: SETUP,
      namespace: ns,
      labels: setupLabels,
      schedule: '*/15 * * * *',
      backoffLimit: 3,
      activeDeadlineSeconds: 600,
      containers: [
        {
          name: 'setup',
          image: mirroredImage(PINNED_IMAGES.minioClient, props.imageMirror),
          imagePullPolicy: IMAGE_PULL_POLICY,
          command: ['/bin/sh', `/etc/${SETUP}/setup.sh`],
          securityContext: HARDENED_CONTAINER,
          resources: {
            requests: { cpu: Quantity.fromString('50m'), memory: Quantity.fromString('64Mi') },
            limits: { cpu: Quantity.fromString('500m'), memory: Quantity.fromString('256Mi') },
          },
          volumeMounts: [
            { name: 'config', mountPath: `/etc/${SETUP}`, readOnly: true },
            { name: 'root', mountPath: '/var/run/secrets/object-store-root', readOnly: true },
            { name: 'tls', mountPath: '/var/run/secrets/object-store-tls', readOnly: true },
            { name: 'users', mountPath: '/var/run/secrets/s3-users', readOnly: true },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        },
      ],
      volumes: [
        { name: 'config', configMap: { name: SETUP } },
        { name: 'root', secret: { secretName: props.rootSecret, items: [{ key: 'config.env', path: 'config.env' }] } },
        { name: 'tls', secret: { secretName: this.tlsSecret, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          name: 'users',
          projected: {
            sources: atSynthesis(() =>
              this.consumerNames().map((name) => ({
                secret: { name: `s3-user-${name}`, items: ['CONSOLE_ACCESS_KEY', 'CONSOLE_SECRET_KEY'].map((key) => ({ key, path: `${name}/${key}` })) },
              })),
            ),
          },
        },
        { name: 'tmp', emptyDir: { sizeLimit: Quantity.fromString('64Mi') } },
      ],
    });

    // Operator v7.1.1 adds a validate-arguments init container and a sidecar to every server pod; both read the
    // Tenant and its configuration Secret through the Kubernetes API and stop without it (sidecar/pkg/validator/
    // validator.go, sidecar/pkg/sidecar/sidecar_utils.go: rest.InClusterConfig). In-place upgrades fetch the new
    // binary from the operator on port 4221 (pkg/common/const.go UpgradeServerPort).
    props.namespace.allow('minio-operator-access', serverLabels, {
      egress: [KUBE_API_EGRESS, { to: [namespacePeer(operatorNamespace)], ports: policyPorts([{ port: 4221 }]) }],
    });
    props.namespace.allow('same-namespace', {}, { ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] });
    props.namespace.allow('minio-clients', serverLabels, {
      ingress: [
        {
          from: atSynthesis((): NetworkPolicyPeer[] =>
            [...new Set([operatorNamespace, ...this.allGrants().map((g) => g.consumer.namespace)])].sort().map((n) => namespacePeer(n)),
          ),
          ports: [{ protocol: 'TCP', port: IntOrString.fromNumber(MINIO_S3_PORT) }],
        },
      ],
    });
  }

  /** Lets `consumer` read or write `bucket` (or only keys under `prefix/`): a MinIO user from the consumer's Secret and a policy for exactly that. */
  public grant(consumer: S3Consumer, bucket: BucketRole, access: BucketAccess, prefix?: string): S3Access {
    if (consumer.namespace === this.namespace)
      throw new Error(`MinioObjectStore: ${consumer.name} runs in the store's own namespace; grant to workloads in their own namespaces`);
    const existing = this.grantsOf.get(consumer.name);
    if (existing && existing[0].consumer.namespace !== consumer.namespace) {
      throw new Error(
        `MinioObjectStore: consumer ${consumer.name} is already granted in namespace ${existing[0].consumer.namespace}, not ${consumer.namespace}`,
      );
    }
    const granted: Grant = { consumer, bucket, access, ...(prefix ? { prefix } : {}) };
    if (existing) existing.push(granted);
    else this.grantsOf.set(consumer.name, [granted]);
    return { endpoint: this.endpoint, region: this.region, bucket: this.buckets[bucket].name, credentialsSecret: credentialsSecretName(consumer) };
  }

  /** One NetworkPolicy per namespace, so adding a tenant adds an object and changes none. */
  public allowFrom(namespace: string): void {
    if (this.clients.has(namespace)) return;
    this.clients.add(namespace);
    this.serviceNamespace.allow(
      `minio-from-${namespace}`,
      { 'v1.min.io/tenant': TENANT },
      { ingress: [{ from: [namespacePeer(namespace)], ports: policyPorts([{ port: MINIO_S3_PORT }]) }] },
    );
  }

  /** Certified by the internal CA: any certificate Secret of the consumer's carries the CA. */
  public caSecret(internalCaSecret: string): string {
    return internalCaSecret;
  }

  public consumers(): S3Consumer[] {
    return uniqueConsumers(this.allGrants());
  }

  /** Every grant, each consumer's together. */
  private allGrants(): Grant[] {
    return [...this.grantsOf.values()].flat();
  }

  /** Consumer names, sorted, each once. */
  private consumerNames(): string[] {
    return this.consumers().map((c) => c.name);
  }
}

function validate(props: MinioObjectStoreProps): void {
  const problems = new Problems();
  if (!Number.isInteger(props.servers) || props.servers < 1) problems.add('servers', 'must be a whole number >= 1', props.servers);
  if (!Number.isInteger(props.volumesPerServer) || props.volumesPerServer < 1)
    problems.add('volumesPerServer', 'must be a whole number >= 1', props.volumesPerServer);
  if (props.servers * props.volumesPerServer < 4) {
    problems.add(
      'volumesPerServer',
      `gives ${props.servers * props.volumesPerServer} drives; erasure coding (versioning, object lock) needs at least 4`,
      props.volumesPerServer,
    );
  }
  if (!(parseQuantity(props.volumeSize)! > 0)) problems.add('volumeSize', 'must be a Kubernetes quantity > 0', props.volumeSize);
  problems.throwIfAny('MinioObjectStore');
}
