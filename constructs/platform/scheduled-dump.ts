import { Construct } from 'constructs';
import { type Container, KubeNetworkPolicy, type NetworkPolicyEgressRule, Quantity, type Volume } from 'cdk8s-plus-28/lib/imports/k8s';
import { KUBE_DNS_EGRESS } from '../lib/network-policy';
import { IMAGE_PULL_POLICY, mirroredImage, PINNED_IMAGES } from '../lib/images';
import { selectorLabels, standardLabels } from '../lib/labels';
import { PlatformCronJob } from '../lib/platform-cron-job';
import { HARDENED_CONTAINER, PLATFORM_USER } from '../lib/restricted-pod';
import type { InternalCaIssuer } from './internal-ca-issuer';
import { type IObjectStore, mcConsumerAlias, mcConsumerFiles } from './object-store';
import { ServiceCertificate } from './service-certificate';

/** Properties of a {@link ScheduledDump}. */
export interface ScheduledDumpProps {
  /** Names the CronJob, its ServiceAccount, its object-store consumer and its folder in the `backups` bucket. */
  readonly name: string;
  readonly namespace: string;
  /**
   * The container that writes the dump to `/dump/<file>` (its image, command
   * and environment); it runs first, as an init container.
   */
  readonly dump: Container;
  /** The dump's file name in `/dump`. */
  readonly file: string;
  /** Volumes the dump container mounts besides `/dump` and `/tmp`. */
  readonly volumes?: readonly Volume[];
  readonly objectStore: IObjectStore;
  /** Issuer of the CA bundle the upload trusts the object store with. */
  readonly issuer: InternalCaIssuer;
  /** Days a dump is kept. */
  readonly retentionDays: number;
  /**
   * Cron schedule.
   * @default '30 2 * * *' - nightly
   */
  readonly schedule?: string;
  /**
   * The dump reads through the Kubernetes API (the token is mounted).
   * @default false
   */
  readonly usesApi?: boolean;
  /** Where the dump connects besides DNS and the object store (its source). */
  readonly egress: readonly NetworkPolicyEgressRule[];
  /** Pod annotations (e.g. how the mesh treats it). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** Registry prefix images are pulled through. */
  readonly imageMirror?: string;
}

/**
 * A nightly dump of some state into the `backups` bucket: the dump
 * container writes a file, then the MinIO client uploads it to
 * `backups/<prefix>/<name>/<timestamp>-<file>` over TLS with a key that may
 * write only under that prefix, and removes dumps older than the retention.
 * Restore is the inverse; the data inventory prints its steps.
 */
export class ScheduledDump extends Construct {
  /** Where the dumps go: `s3://<bucket>/<prefix>/`. */
  public readonly location: string;
  /** The ServiceAccount the dump runs as. */
  public readonly serviceAccount: string;

  constructor(scope: Construct, id: string, props: ScheduledDumpProps) {
    super(scope, id);
    const { name, namespace } = props;
    const prefix = `${namespace}/${name}`;
    const s3 = props.objectStore.grant({ name, namespace }, 'backups', 'write', prefix);
    this.location = `s3://${s3.bucket}/${prefix}/`;
    this.serviceAccount = name;
    const labels = standardLabels({ name, instance: namespace, component: 'backup' });
    // Its Secret carries the internal CA (`ca.crt`) the upload trusts the object store with.
    const certificate = new ServiceCertificate(this, 'Ca', { issuer: props.issuer, namespace, name: `${name}-ca`, dnsNames: [`${name}.${namespace}.svc`] });
    const ca = props.objectStore.caSecret(certificate.secretName);
    new KubeNetworkPolicy(this, 'Egress', {
      metadata: { name, namespace, labels },
      spec: {
        podSelector: { matchLabels: { ...selectorLabels({ name, instance: namespace }) } },
        policyTypes: ['Egress'],
        egress: [KUBE_DNS_EGRESS, { to: props.objectStore.networkTarget.to, ports: props.objectStore.networkTarget.ports }, ...props.egress],
      },
    });
    const consumerFiles = mcConsumerFiles(s3.credentialsSecret, ca);
    const upload = [
      'set -eu',
      ...mcConsumerAlias('backups', s3.endpoint, !!ca),
      `mc cp /dump/${props.file} "backups/${s3.bucket}/${prefix}/$(date -u +%Y%m%dT%H%M%SZ)-${props.file}"`,
      `mc rm --recursive --force --older-than ${props.retentionDays}d backups/${s3.bucket}/${prefix}/`,
    ].join('\n');
    const small = {
      requests: { cpu: Quantity.fromString('50m'), memory: Quantity.fromString('128Mi') },
      limits: { cpu: Quantity.fromString('1'), memory: Quantity.fromString('1Gi') },
    };
    new PlatformCronJob(this, 'CronJob', {
      name,
      namespace,
      labels,
      schedule: props.schedule ?? '30 2 * * *',
      backoffLimit: 2,
      activeDeadlineSeconds: 3600,
      ...(props.podAnnotations ? { podAnnotations: props.podAnnotations } : {}),
      usesApi: props.usesApi ?? false,
      fsGroup: PLATFORM_USER.gid,
      initContainers: [
        {
          resources: small,
          ...props.dump,
          imagePullPolicy: IMAGE_PULL_POLICY,
          securityContext: HARDENED_CONTAINER,
          volumeMounts: [...(props.dump.volumeMounts ?? []), { name: 'dump', mountPath: '/dump' }, { name: 'tmp', mountPath: '/tmp' }],
        },
      ],
      containers: [
        {
          name: 'upload',
          image: mirroredImage(PINNED_IMAGES.minioClient, props.imageMirror),
          imagePullPolicy: IMAGE_PULL_POLICY,
          command: ['/bin/sh', '-c', upload],
          securityContext: HARDENED_CONTAINER,
          resources: small,
          volumeMounts: [{ name: 'dump', mountPath: '/dump', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }, ...consumerFiles.volumeMounts],
        },
      ],
      volumes: [
        ...(props.volumes ?? []),
        { name: 'dump', emptyDir: { sizeLimit: Quantity.fromString('10Gi') } },
        { name: 'tmp', emptyDir: { sizeLimit: Quantity.fromString('64Mi') } },
        ...consumerFiles.volumes,
      ],
    });
  }
}
