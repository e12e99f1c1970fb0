/** NFS settings shared by the Terraform StorageClasses and the static volumes of the manifests. */

/** The StorageClasses the platform makes on the NAS (NasStorage), by use. */
export const NFS_STORAGE_CLASSES = { tenant: 'nfs-tenant', platform: 'nfs-platform' } as const;

/** The CSI driver name of csi-driver-nfs. */
export const NFS_CSI_DRIVER = 'nfs.csi.k8s.io';

/** What the platform needs to know of the NAS. */
export interface NfsServer {
  /** DNS name or address of the NAS. */
  readonly server: string;
  /** Exported path, e.g. `/export/mlops`. */
  readonly share: string;
  /** Mount options from the spec. */
  readonly mountOptions: readonly string[];
}

/**
 * The mount options every NFS volume uses: the spec's, plus an NFS version
 * (4.1) when none is given.
 */
export function nfsMountOptions(nfs: NfsServer): string[] {
  const options = [...nfs.mountOptions];
  if (!options.some((o) => /^(nfs)?vers=/.test(o))) options.unshift('nfsvers=4.1');
  return options;
}

/** `share` joined with a relative path below it. */
export function sharePath(share: string, relative: string): string {
  return `${share.replace(/\/+$/, '')}/${relative.replace(/^\/+/, '')}`;
}
