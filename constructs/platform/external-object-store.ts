import { Construct } from 'constructs';
import { parseCidr } from '../lib/cidr';
import { policyPorts } from '../lib/network-policy';
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

/** Properties of an {@link ExternalObjectStore}. */
export interface ExternalObjectStoreProps {
  /** HTTPS endpoint of the site's S3 service. */
  readonly endpoint: string;
  readonly region: string;
  /** Address range of the endpoint, for egress NetworkPolicies. */
  readonly cidr: string;
  /**
   * Secret (key `ca.crt`), in each consumer namespace, with the CA of the endpoint's certificate.
   * @default - the endpoint's certificate is signed by a CA the images already trust
   */
  readonly caSecret?: string;
  /**
   * Default retention of the `models` bucket the site must configure, in days.
   * @default 30
   */
  readonly modelRetentionDays?: number;
}

/**
 * An S3-compatible service the site already runs. The platform creates
 * nothing there: the site's storage admin creates the buckets with the
 * settings in `buckets` (models versioned and object-locked from creation) and
 * one user per consumer, and puts each consumer's credentials in the Secret
 * `grant` names.
 */
export class ExternalObjectStore extends Construct implements IObjectStore {
  public readonly endpoint: string;
  public readonly region: string;
  public readonly buckets: Readonly<Record<BucketRole, BucketSettings>>;
  public readonly networkTarget: S3NetworkTarget;
  /** Every grant, for the site's storage admin. */
  public readonly grants: { consumer: S3Consumer; bucket: string; access: BucketAccess; prefix?: string }[] = [];

  constructor(scope: Construct, id: string, props: ExternalObjectStoreProps) {
    super(scope, id);
    if (!/^https:\/\//.test(props.endpoint)) throw new Error(`ExternalObjectStore: endpoint must be https, got "${props.endpoint}"`);
    if (!parseCidr(props.cidr)) throw new Error(`ExternalObjectStore: cidr must be an IPv4 CIDR, got "${props.cidr}"`);
    this.endpoint = props.endpoint;
    this.region = props.region;
    this.trust = props.caSecret;
    this.buckets = platformBuckets(true, props.modelRetentionDays ?? 30);
    const port = Number(new URL(props.endpoint).port || 443);
    this.networkTarget = { to: [{ ipBlock: { cidr: props.cidr } }], ports: policyPorts([{ port }]) };
  }

  private readonly trust?: string;

  public caSecret(): string | undefined {
    return this.trust;
  }

  /** The site's endpoint is outside the cluster; its own firewall decides who reaches it. */
  public allowFrom(_namespace: string): void {}

  public consumers(): S3Consumer[] {
    return uniqueConsumers(this.grants);
  }

  public grant(consumer: S3Consumer, bucket: BucketRole, access: BucketAccess, prefix?: string): S3Access {
    this.grants.push({ consumer, bucket: this.buckets[bucket].name, access, ...(prefix ? { prefix } : {}) });
    return { endpoint: this.endpoint, region: this.region, bucket: this.buckets[bucket].name, credentialsSecret: credentialsSecretName(consumer) };
  }
}
