import type { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { merged } from '../constructs/lib/merged';
import { namedScope } from '../constructs/lib/named-scope';
import { nfsMountOptions } from '../constructs/lib/nfs';
import { PLATFORM_NAMESPACES } from '../constructs/lib/naming';
import { NasFolders } from '../constructs/platform/nas-folders';
import { ServiceNamespace } from '../constructs/platform/service-namespace';
import { StaticNfsVolume } from '../constructs/tenancy/static-nfs-volume';
import type { PlatformSpec } from '../environments/spec';

/** Claim names every tenant finds in its namespace. */
export const TENANT_CLAIMS = {
  /** The curated image set, read-only. */
  dataset: 'dataset',
  /** The user's own upload folder, writable by data scientists and admins. */
  uploads: 'uploads',
  /** Admins only: the curated image set, writable, to promote uploads into it. */
  curation: 'dataset-curation',
  /** Admins only: every user's uploads, read-only, to review them. */
  allUploads: 'uploads-review',
} as const;

/**
 * Chart `10-storage`: the shared data on the NAS, per tenant, as pre-bound
 * PersistentVolumes (the claims go with the tenants' namespaces). Everyone gets
 * the curated dataset read-only (`dataset`); data scientists and admins get a
 * writable upload folder of their own (`uploads`); admins also get the
 * dataset writable and all uploads readable, which is how uploads are
 * promoted into the dataset. Each upload folder is made, mode 2770 for the
 * storage owner, by the `nas-folders` job (namespace `platform-storage`).
 */
export class StorageChart extends Chart {
  /** Every tenant's volumes, by user name, to claim in the tenant's namespace. */
  public readonly volumes = new Map<string, StaticNfsVolume[]>();

  constructor(scope: Construct, id: string, spec: PlatformSpec) {
    super(scope, id, { disableResourceNameHashes: true });
    const { nfs, dataset, uploads } = spec.storage;
    const nas = { server: nfs.server, share: nfs.share, mountOptions: nfsMountOptions(nfs) };
    new NasFolders(this, 'UploadFolders', {
      namespace: new ServiceNamespace(this, 'StorageNamespace', {
        name: PLATFORM_NAMESPACES.storage,
        component: 'nas-folders',
        podSecurityVersion: `v${spec.kubernetes.version}`,
      }),
      nas,
      area: uploads,
      folders: spec.users.filter((u) => u.role !== 'viewer').map((u) => u.name),
      owner: spec.storage.owner,
      imageMirror: spec.registry.mirror,
    });
    for (const user of spec.users) {
      const volumes: StaticNfsVolume[] = [];
      const userScope = namedScope(this, user.name);
      this.volumes.set(user.name, volumes);
      const volume = (id: string, claimName: string, path: string, capacity: string, readOnly: boolean, component: string) =>
        volumes.push(
          new StaticNfsVolume(
            userScope,
            id,
            merged(nas, { namespace: user.name, claimName, volumeName: `${claimName}-${user.name}`, path, capacity, readOnly, component }),
          ),
        );
      volume('Dataset', TENANT_CLAIMS.dataset, dataset.path, dataset.size, true, 'dataset');
      if (user.role !== 'viewer') volume('Uploads', TENANT_CLAIMS.uploads, `${uploads.path}/${user.name}`, uploads.size, false, 'uploads');
      if (user.role === 'admin') {
        volume('Curation', TENANT_CLAIMS.curation, dataset.path, dataset.size, false, 'dataset-curation');
        volume('UploadsReview', TENANT_CLAIMS.allUploads, uploads.path, uploads.size, true, 'uploads-review');
      }
    }
  }
}
