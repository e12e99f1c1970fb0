import { Construct } from 'constructs';
import { atSynthesis } from '../lib/at-synthesis';
import {
  Cluster,
  ClusterSpecBackupBarmanObjectStoreDataCompression,
  ClusterSpecBackupBarmanObjectStoreWalCompression,
  ClusterSpecPrimaryUpdateStrategy,
  ClusterSpecResourcesLimits,
  ClusterSpecResourcesRequests,
  ScheduledBackup,
  ScheduledBackupSpecBackupOwnerReference,
  ScheduledBackupSpecMethod,
} from '../../imports/postgresql.cnpg.io';
import { IMAGE_PULL_POLICY, mirroredImage, PINNED_IMAGES } from '../lib/images';
import { addGuardrailExemption } from '../policy/exemptions';
import { HOSTNAME_LABEL, standardLabels } from '../lib/labels';
import { KUBE_API_EGRESS, namespacePeer, policyPorts } from '../lib/network-policy';
import { Problems } from '../lib/problems';
import { parseQuantity } from '../lib/quantity';
import type { IObjectStore } from './object-store';
import type { InternalCaIssuer } from './internal-ca-issuer';
import { ServiceCertificate } from './service-certificate';
import type { ServiceNamespace } from './service-namespace';
import type { NetworkPolicyEgressRule } from 'cdk8s-plus-28/lib/imports/k8s';

/** PostgreSQL's port on the instances. */
const POSTGRES_PORT = 5432;
/** The CloudNativePG instance manager's status port, which the operator and the other instances call. */
const INSTANCE_MANAGER_PORT = 8000;

/** Properties of a {@link PostgresCluster}. */
export interface PostgresClusterProps {
  /** Cluster name; services are `<name>-rw` / `<name>-ro`, the app Secret `<name>-app`. */
  readonly name: string;
  /** The namespace it runs in; its NetworkPolicy goes there. */
  readonly namespace: ServiceNamespace;
  /** Database and owner name. */
  readonly database: string;
  /** Instances: 1 primary plus replicas. */
  readonly instances: number;
  /** Volume size of each instance. */
  readonly storage: string;
  /** StorageClass of the volumes (a Retain class). */
  readonly storageClass: string;
  /** Where base backups and WAL go (the `backups` bucket). */
  readonly objectStore: IObjectStore;
  /** Issuer of the server certificate (whose Secret also carries the CA the object store is trusted with). */
  readonly issuer: InternalCaIssuer;
  /**
   * Days of backups kept.
   * @default 30
   */
  readonly retentionDays?: number;
  /**
   * When the daily base backup runs (six-field cron, seconds first).
   * @default '0 0 2 * * *' - 02:00 every day
   */
  readonly backupSchedule?: string;
  /**
   * Registry prefix images are pulled through.
   * @default - upstream registries
   */
  readonly imageMirror?: string;
  /**
   * PriorityClass of its instances.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Namespace of the CloudNativePG operator, which must reach the instances.
   * @default 'cnpg-system'
   */
  readonly operatorNamespace?: string;
}

/**
 * PostgreSQL run by CloudNativePG: `instances` pods spread over nodes, a
 * server certificate from the internal CA, no superuser access, base backups and WAL archived
 * (compressed) to the object store's `backups` bucket under `<name>/`, and a
 * daily ScheduledBackup. The application's connection string is in the
 * `<name>-app` Secret (key `uri`) the operator writes.
 */
export class PostgresCluster extends Construct {
  /** Secret with `uri`, `username`, `password` of the application user. */
  public readonly appSecret: string;
  /** Read-write service host. */
  public readonly host: string;
  /** Labels of the database pods, for NetworkPolicies. */
  public readonly podLabels: Readonly<Record<string, string>>;
  /** Where clients connect (the instances, on PostgreSQL's port), as a NetworkPolicy egress rule. */
  public readonly networkTarget: NetworkPolicyEgressRule;
  private readonly clients = new Map<string, Readonly<Record<string, string>>>();

  constructor(scope: Construct, id: string, props: PostgresClusterProps) {
    super(scope, id);
    validate(props);
    const ns = props.namespace.name;
    this.appSecret = `${props.name}-app`;
    this.host = `${props.name}-rw.${ns}.svc.cluster.local`;
    this.podLabels = { 'cnpg.io/cluster': props.name };
    const labels = standardLabels({ name: 'postgres', instance: props.name, component: 'database' });
    const s3 = props.objectStore.grant({ name: props.name, namespace: ns }, 'backups', 'write');
    const serverCertificate = new ServiceCertificate(this, 'ServerCertificate', {
      issuer: props.issuer,
      namespace: ns,
      name: `${props.name}-server`,
      // CloudNativePG reloads a user-provided certificate only from a Secret labelled cnpg.io/reload (docs/src/certificates.md, v1.30.0):
      // without it, the instances keep the certificate cert-manager replaced every 90 days.
      secretLabels: { 'cnpg.io/reload': '' },
      dnsNames: ['rw', 'ro', 'r'].flatMap((role) => [
        `${props.name}-${role}`,
        `${props.name}-${role}.${ns}`,
        `${props.name}-${role}.${ns}.svc`,
        `${props.name}-${role}.${ns}.svc.cluster.local`,
      ]),
    });
    const objectStoreCa = props.objectStore.caSecret(serverCertificate.secretName);
    new Cluster(this, 'Resource', {
      metadata: { name: props.name, namespace: ns, labels },
      spec: {
        instances: props.instances,
        imageName: mirroredImage(PINNED_IMAGES.postgres, props.imageMirror),
        imagePullPolicy: IMAGE_PULL_POLICY,
        ...(props.priorityClassName ? { priorityClassName: props.priorityClassName } : {}),
        enableSuperuserAccess: false,
        primaryUpdateStrategy: ClusterSpecPrimaryUpdateStrategy.UNSUPERVISED,
        bootstrap: { initdb: { database: props.database, owner: props.database } },
        storage: { size: props.storage, storageClass: props.storageClass },
        certificates: { serverTlsSecret: serverCertificate.secretName, serverCaSecret: serverCertificate.secretName },
        resources: {
          requests: { cpu: ClusterSpecResourcesRequests.fromString('500m'), memory: ClusterSpecResourcesRequests.fromString('1Gi') },
          limits: { memory: ClusterSpecResourcesLimits.fromString('2Gi') },
        },
        affinity: { enablePodAntiAffinity: true, topologyKey: HOSTNAME_LABEL },
        backup: {
          retentionPolicy: `${props.retentionDays ?? 30}d`,
          barmanObjectStore: {
            destinationPath: `s3://${s3.bucket}/${props.name}`,
            endpointUrl: s3.endpoint,
            ...(objectStoreCa ? { endpointCa: { name: objectStoreCa, key: 'ca.crt' } } : {}),
            s3Credentials: {
              accessKeyId: { name: s3.credentialsSecret, key: 'CONSOLE_ACCESS_KEY' },
              secretAccessKey: { name: s3.credentialsSecret, key: 'CONSOLE_SECRET_KEY' },
            },
            wal: { compression: ClusterSpecBackupBarmanObjectStoreWalCompression.GZIP },
            data: { compression: ClusterSpecBackupBarmanObjectStoreDataCompression.GZIP },
          },
        },
      },
    });
    addGuardrailExemption(this, {
      rule: 'SEC-22',
      object: `Cluster/${ns}/${props.name}`,
      reason:
        'the CloudNativePG instance manager in every PostgreSQL pod watches its Cluster and reports its status through the Kubernetes API with the pod’s token (the operator creates and binds that ServiceAccount)',
    });
    new ScheduledBackup(this, 'DailyBackup', {
      metadata: { name: `${props.name}-daily`, namespace: ns, labels },
      spec: {
        schedule: props.backupSchedule ?? '0 0 2 * * *',
        immediate: true,
        cluster: { name: props.name },
        method: ScheduledBackupSpecMethod.BARMAN_OBJECT_STORE,
        backupOwnerReference: ScheduledBackupSpecBackupOwnerReference.SELF,
      },
    });
    const instances = { podSelector: { matchLabels: { ...this.podLabels } } };
    this.networkTarget = { to: [instances], ports: policyPorts([{ port: POSTGRES_PORT }]) };
    props.namespace.allow(props.name, this.podLabels, {
      ingress: [
        { from: [instances], ports: policyPorts([{ port: POSTGRES_PORT }, { port: INSTANCE_MANAGER_PORT }]) },
        { from: [namespacePeer(props.operatorNamespace ?? 'cnpg-system')], ports: policyPorts([{ port: INSTANCE_MANAGER_PORT }]) },
        {
          from: atSynthesis(() => [...this.clients.values()].map((labels) => ({ podSelector: { matchLabels: { ...labels } } }))),
          ports: policyPorts([{ port: POSTGRES_PORT }]),
        },
      ],
      egress: [
        { to: [instances], ports: policyPorts([{ port: POSTGRES_PORT }, { port: INSTANCE_MANAGER_PORT }]) },
        { to: props.objectStore.networkTarget.to, ports: props.objectStore.networkTarget.ports },
        // The instance manager watches its Cluster through the Kubernetes API.
        KUBE_API_EGRESS,
      ],
    });
  }

  /** Lets pods with `podLabels` in the cluster's namespace connect to PostgreSQL. */
  public allowClients(name: string, podLabels: Readonly<Record<string, string>>): void {
    this.clients.set(name, podLabels);
  }
}

function validate(props: PostgresClusterProps): void {
  const problems = new Problems();
  if (!Number.isInteger(props.instances) || props.instances < 1) problems.add('instances', 'must be a whole number >= 1', props.instances);
  if (!(parseQuantity(props.storage)! > 0)) problems.add('storage', 'must be a Kubernetes quantity > 0', props.storage);
  if (props.backupSchedule !== undefined && props.backupSchedule.trim().split(/\s+/).length !== 6) {
    problems.add('backupSchedule', 'must be a six-field cron expression (seconds first)', props.backupSchedule);
  }
  problems.throwIfAny(`PostgresCluster ${props.namespace.name}/${props.name}`);
}
