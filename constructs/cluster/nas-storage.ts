import { Construct } from 'constructs';
import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import { type ChartSource, mirroredRepository } from '../lib/helm-charts';
import { standardLabels } from '../lib/labels';
import { NFS_CSI_DRIVER, NFS_STORAGE_CLASSES, nfsMountOptions, type NfsServer } from '../lib/nfs';
import { terraformName } from '../lib/terraform-names';
import { PlatformHelmRelease } from './platform-helm-release';
import { PlatformNamespace } from './platform-namespace';

/** Properties of {@link NasStorage}. */
export interface NasStorageProps extends NfsServer {
  /** Chart, repository and pinned version of csi-driver-nfs. */
  readonly chart: ChartSource;
  /** Pinned Pod Security version for the driver's namespace, e.g. `v1.31`. */
  readonly podSecurityVersion: string;
  /**
   * Controller replicas (leader-elected).
   * @default 1
   */
  readonly controllerReplicas?: number;
  /**
   * Registry prefix every image is pulled through (air-gapped sites).
   * @default - upstream registries
   */
  readonly imageMirror?: string;
  /**
   * StorageClass for tenant volumes.
   * @default 'nfs-tenant'
   */
  readonly tenantStorageClass?: string;
  /**
   * StorageClass for platform state (databases, object store drives).
   * @default 'nfs-platform'
   */
  readonly platformStorageClass?: string;
}

/** Terraform writes `${...}` literally only when escaped as `$${...}`. */
const literal = (text: string) => text.replace(/\$\{/g, () => '$${');

/**
 * The NAS as Kubernetes storage: the csi-driver-nfs release and two
 * StorageClasses. Tenant volumes get a folder per namespace and claim that is
 * kept when the claim goes (`onDelete: retain`); platform state binds with
 * `reclaimPolicy: Retain`. Mounts use NFS 4.1, and `sec=krb5p` under
 * Kerberos, which encrypts traffic to the NAS.
 */
export class NasStorage extends Construct {
  /** The driver's namespace. */
  public readonly namespace: PlatformNamespace;
  /** The Helm release. */
  public readonly release: PlatformHelmRelease;
  /** StorageClass name for tenant volumes. */
  public readonly tenantStorageClass: string;
  /** StorageClass name for platform state. */
  public readonly platformStorageClass: string;
  /** Mount options every volume uses. */
  public readonly mountOptions: readonly string[];

  constructor(scope: Construct, id: string, props: NasStorageProps) {
    super(scope, id);
    this.tenantStorageClass = props.tenantStorageClass ?? NFS_STORAGE_CLASSES.tenant;
    this.platformStorageClass = props.platformStorageClass ?? NFS_STORAGE_CLASSES.platform;
    this.mountOptions = nfsMountOptions(props);
    const mirror = (repository: string) => mirroredRepository(repository, props.imageMirror);
    this.namespace = new PlatformNamespace(this, 'Namespace', {
      name: 'csi-nfs',
      component: 'csi-driver-nfs',
      podSecurityVersion: props.podSecurityVersion,
      podSecurity: 'privileged',
      exemptionReason: 'the NFS CSI node plugin mounts NAS shares into the kubelet directory of each node (privileged, host paths, mount propagation)',
    });
    const image = (name: string) => ({ repository: mirror(`registry.k8s.io/sig-storage/${name}`) });
    this.release = new PlatformHelmRelease(this, 'Release', {
      name: 'csi-driver-nfs',
      namespace: this.namespace,
      chart: props.chart,
      values: {
        driver: { name: NFS_CSI_DRIVER, mountPermissions: 0 },
        controller: { replicas: props.controllerReplicas ?? 1, defaultOnDeletePolicy: 'retain' },
        feature: { enableFSGroupPolicy: true, enableInlineVolume: false },
        externalSnapshotter: { enabled: false },
        ...(props.imageMirror
          ? {
              image: {
                nfs: image('nfsplugin'),
                csiProvisioner: image('csi-provisioner'),
                csiResizer: image('csi-resizer'),
                csiSnapshotter: image('csi-snapshotter'),
                livenessProbe: image('livenessprobe'),
                nodeDriverRegistrar: image('csi-node-driver-registrar'),
              },
            }
          : {}),
      },
    });
    this.storageClass('TenantClass', this.tenantStorageClass, props, 'tenants', 'Delete');
    this.storageClass('PlatformClass', this.platformStorageClass, props, 'platform', 'Retain');
  }

  private storageClass(id: string, name: string, props: NfsServer, folder: string, reclaimPolicy: 'Delete' | 'Retain'): StorageClassV1 {
    const storageClass = new StorageClassV1(this, id, {
      metadata: { name, labels: standardLabels({ name: 'nas-storage', instance: name, component: 'storage-class' }) },
      storageProvisioner: NFS_CSI_DRIVER,
      reclaimPolicy,
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: true,
      mountOptions: [...this.mountOptions],
      parameters: {
        server: props.server,
        share: props.share,
        subDir: literal(`${folder}/\${pvc.metadata.namespace}/\${pvc.metadata.name}`),
        onDelete: 'retain',
        mountPermissions: '0',
      },
      dependsOn: [this.release.resource],
    });
    storageClass.overrideLogicalId(terraformName('storage_class', name));
    return storageClass;
  }
}
