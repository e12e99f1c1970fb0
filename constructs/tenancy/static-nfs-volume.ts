import { Construct } from 'constructs';
import { KubePersistentVolume, KubePersistentVolumeClaim, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import { standardLabels } from '../lib/labels';
import { DNS_LABEL, DNS_SUBDOMAIN } from '../lib/naming';
import { NFS_CSI_DRIVER, sharePath } from '../lib/nfs';
import { Problems } from '../lib/problems';
import { parseQuantity } from '../lib/quantity';

/** Properties of a {@link StaticNfsVolume}. */
export interface StaticNfsVolumeProps {
  /** Namespace of the claim. */
  readonly namespace: string;
  /** Claim name (what pods mount), e.g. `dataset`. */
  readonly claimName: string;
  /** PersistentVolume name; cluster-wide, so it includes the namespace, e.g. `dataset-alice`. */
  readonly volumeName: string;
  /** NAS address. */
  readonly server: string;
  /** Exported path of the NAS. */
  readonly share: string;
  /** Folder below the share this volume exposes. */
  readonly path: string;
  /** Mount options (NFS version, Kerberos). */
  readonly mountOptions: readonly string[];
  /** Size of the data behind the volume (the PersistentVolume's capacity). */
  readonly capacity: string;
  /**
   * Read-only: the volume is `ReadOnlyMany` and mounted read-only by the driver.
   * @default true
   */
  readonly readOnly?: boolean;
  /**
   * Storage the claim requests, which the tenant's storage quota counts. Shared
   * data is not the tenant's own, so the claim asks for a token amount.
   * @default '1Gi'
   */
  readonly claimRequest?: string;
  /** What the volume is for (`app.kubernetes.io/component`). */
  readonly component: string;
}

/**
 * A folder of the NAS handed to one namespace: a static PersistentVolume
 * (`Retain`, pre-bound by `claimRef`, no StorageClass), and with
 * {@link StaticNfsVolume.claim} the claim bound to it by `volumeName`, so no
 * other claim can take it and deleting the claim never deletes the data. The
 * claim is made where the namespace is (it cannot be applied before it).
 */
export class StaticNfsVolume extends Construct {
  /** Claim name in the namespace. */
  public readonly claimName: string;
  /** PersistentVolume name. */
  public readonly volumeName: string;
  /** Whether the volume is read-only. */
  public readonly readOnly: boolean;
  /** Namespace of the claim. */
  public readonly namespace: string;
  private readonly accessModes: string[];
  private readonly labels: Record<string, string>;
  private readonly claimRequest: string;

  constructor(scope: Construct, id: string, props: StaticNfsVolumeProps) {
    super(scope, id);
    this.claimName = props.claimName;
    this.volumeName = props.volumeName;
    this.readOnly = props.readOnly ?? true;
    this.namespace = props.namespace;
    this.claimRequest = props.claimRequest ?? '1Gi';
    validate(props, this.claimRequest);
    const accessModes = [this.readOnly ? 'ReadOnlyMany' : 'ReadWriteMany'];
    const labels = standardLabels({ name: 'nas-volume', instance: props.volumeName, component: props.component });
    this.accessModes = accessModes;
    this.labels = labels;
    const path = sharePath(props.share, props.path);
    new KubePersistentVolume(this, 'Volume', {
      metadata: { name: props.volumeName, labels },
      spec: {
        capacity: { storage: Quantity.fromString(props.capacity) },
        accessModes,
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: '',
        mountOptions: [...props.mountOptions],
        claimRef: { namespace: props.namespace, name: props.claimName },
        csi: {
          driver: NFS_CSI_DRIVER,
          volumeHandle: `${props.server}#${path}#${props.volumeName}`,
          readOnly: this.readOnly,
          volumeAttributes: { server: props.server, share: path },
        },
      },
    });
  }

  /** The claim bound to this volume, in its namespace, made in `scope` (the chart that creates the namespace). */
  public claim(scope: Construct, id: string): KubePersistentVolumeClaim {
    return new KubePersistentVolumeClaim(scope, id, {
      metadata: { name: this.claimName, namespace: this.namespace, labels: this.labels },
      spec: {
        accessModes: this.accessModes,
        storageClassName: '',
        volumeName: this.volumeName,
        resources: { requests: { storage: Quantity.fromString(this.claimRequest) } },
      },
    });
  }
}

function validate(props: StaticNfsVolumeProps, claimRequest: string): void {
  const problems = new Problems();
  if (!DNS_LABEL.test(props.namespace)) problems.add('namespace', 'must be a DNS label', props.namespace);
  if (!DNS_SUBDOMAIN.test(props.claimName)) problems.add('claimName', 'must be a DNS subdomain', props.claimName);
  if (!DNS_SUBDOMAIN.test(props.volumeName)) problems.add('volumeName', 'must be a DNS subdomain', props.volumeName);
  if (!props.share.startsWith('/')) problems.add('share', 'must be an absolute path', props.share);
  if (props.path.split('/').includes('..')) problems.add('path', 'must stay below the share (no "..")', props.path);
  const capacity = parseQuantity(props.capacity);
  const request = parseQuantity(claimRequest);
  if (!(capacity! > 0)) problems.add('capacity', 'must be a Kubernetes quantity > 0', props.capacity);
  if (!(request! > 0)) problems.add('claimRequest', 'must be a Kubernetes quantity > 0', claimRequest);
  else if (capacity! > 0 && request! > capacity!) problems.add('claimRequest', `must not exceed the capacity (${props.capacity})`, claimRequest);
  problems.throwIfAny(`StaticNfsVolume ${props.namespace}/${props.claimName}`);
}
