import type { NetworkPolicyPeer, NetworkPolicyPort } from 'cdk8s-plus-28/lib/imports/k8s';
import { compareText } from '../lib/text-order';

/** The buckets of the platform, by role. */
export type BucketRole = 'models' | 'mlflowArtifacts' | 'pipelines' | 'backups';

/** How a bucket is kept: REL-04 to REL-06 are checked against these settings. */
export interface BucketSettings {
  /** Bucket name. */
  readonly name: string;
  /** Keep every version of every object. */
  readonly versioning: boolean;
  /** Object lock, which must be chosen when the bucket is created. */
  readonly objectLock: boolean;
  /** Default retention (days, GOVERNANCE mode) of locked objects; 0 when not locked. */
  readonly retentionDays: number;
  /** Never true: deleting a bucket with its objects is not something the platform does. */
  readonly forceDestroy: false;
}

/**
 * Read; read-write; or publish: read and add new objects (a new version when
 * the key exists), never delete nor change retention — what may write to the
 * locked `models` bucket.
 */
export type BucketAccess = 'read' | 'write' | 'publish';

/** A workload identity that talks to the object store. */
export interface S3Consumer {
  /** Short name: names the credentials (`s3-<name>`) and the store-side user and policy. */
  readonly name: string;
  /** Namespace the workload runs in. */
  readonly namespace: string;
}

/** What a workload needs to reach its bucket. */
export interface S3Access {
  /** HTTPS endpoint. */
  readonly endpoint: string;
  readonly region: string;
  /** The bucket. */
  readonly bucket: string;
  /**
   * Secret in the consumer's namespace with keys `CONSOLE_ACCESS_KEY`,
   * `CONSOLE_SECRET_KEY` and `credentials` (an AWS shared-credentials file).
   * The site creates it; the platform only names it.
   */
  readonly credentialsSecret: string;
}

/** Where a NetworkPolicy must let a consumer go to reach the store. */
export interface S3NetworkTarget {
  readonly to: NetworkPolicyPeer[];
  readonly ports: NetworkPolicyPort[];
}

/**
 * An S3-compatible object store. Two implementations exist: MinIO run by the
 * platform, and an external endpoint the site already operates. Workloads get
 * access only through `grant`, never by copying names or URLs.
 */
export interface IObjectStore {
  /** HTTPS endpoint inside the cluster. */
  readonly endpoint: string;
  readonly region: string;
  /** Bucket names and settings by role. */
  readonly buckets: Readonly<Record<BucketRole, BucketSettings>>;
  /** Where consumers' egress goes. */
  readonly networkTarget: S3NetworkTarget;
  /**
   * Lets `consumer` read or write `bucket` — only the keys under `prefix/`
   * when a prefix is given — and returns what it needs to connect.
   */
  grant(consumer: S3Consumer, bucket: BucketRole, access: BucketAccess, prefix?: string): S3Access;
  /**
   * Lets pods of a namespace reach the store over the network, for workloads
   * that bring their own credentials (Kubeflow Pipelines steps in tenant namespaces).
   */
  allowFrom(namespace: string): void;
  /**
   * The Secret (key `ca.crt`) a consumer trusts the endpoint with. A store
   * certified by the internal CA is trusted through any certificate Secret
   * the consumer already has from that CA (`internalCaSecret`).
   */
  caSecret(internalCaSecret: string): string | undefined;
  /** Every consumer granted access so far, each once, by name. */
  consumers(): S3Consumer[];
}

/** The Secret name a consumer's credentials live under. */
export function credentialsSecretName(consumer: S3Consumer): string {
  return `s3-${consumer.name}`;
}

/** The platform's buckets: models versioned and locked, the others versioned. */
export function platformBuckets(versioning: boolean, modelRetentionDays: number): Record<BucketRole, BucketSettings> {
  const bucket = (name: string, objectLock = false): BucketSettings => ({
    name,
    versioning: versioning || objectLock,
    objectLock,
    retentionDays: objectLock ? modelRetentionDays : 0,
    forceDestroy: false,
  });
  return {
    models: bucket('models', true),
    mlflowArtifacts: bucket('mlflow-artifacts'),
    pipelines: bucket('pipelines'),
    backups: bucket('backups'),
  };
}

/** The consumers of a list of grants, each once, sorted by name. */
export function uniqueConsumers(grants: readonly { readonly consumer: S3Consumer }[]): S3Consumer[] {
  return [...new Map(grants.map((g) => [g.consumer.name, g.consumer])).values()].sort((a, b) => compareText(a.name, b.name));
}

/**
 * Shell lines that give `mc` the alias `alias` for a consumer: its key pair
 * read from the files of its credentials Secret mounted at
 * `/var/run/secrets/s3`, and, when the store needs it, the CA mounted at
 * `/var/run/secrets/object-store-ca` (configuration in /tmp).
 */
export function mcConsumerAlias(alias: string, endpoint: string, withCa: boolean): string[] {
  return [
    'export MC_CONFIG_DIR=/tmp/mc',
    'mkdir -p "$MC_CONFIG_DIR/certs/CAs"',
    ...(withCa ? ['cp /var/run/secrets/object-store-ca/ca.crt "$MC_CONFIG_DIR/certs/CAs/"'] : []),
    `mc alias set ${alias} ${endpoint} "$(cat /var/run/secrets/s3/CONSOLE_ACCESS_KEY)" "$(cat /var/run/secrets/s3/CONSOLE_SECRET_KEY)" >/dev/null`,
  ];
}

/**
 * The volumes and mounts {@link mcConsumerAlias} reads: the key pair of the consumer's credentials Secret at
 * `/var/run/secrets/s3` and, when the store needs it, `ca.crt` of `caSecret` at `/var/run/secrets/object-store-ca`.
 */
export function mcConsumerFiles(credentialsSecret: string, caSecret?: string) {
  return {
    volumeMounts: [
      { name: 's3', mountPath: '/var/run/secrets/s3', readOnly: true },
      ...(caSecret ? [{ name: 'object-store-ca', mountPath: '/var/run/secrets/object-store-ca', readOnly: true }] : []),
    ],
    volumes: [
      {
        name: 's3',
        secret: { secretName: credentialsSecret, items: ['CONSOLE_ACCESS_KEY', 'CONSOLE_SECRET_KEY'].map((key) => ({ key, path: key })), defaultMode: 0o440 },
      },
      ...(caSecret ? [{ name: 'object-store-ca', secret: { secretName: caSecret, items: [{ key: 'ca.crt', path: 'ca.crt' }] } }] : []),
    ],
  };
}
