import type { Guardrail } from '../guardrail';
import { nfsStorageClasses } from '../inspect';

/** REL-03: deleting an NFS claim keeps (or archives) its folder on the NAS. */
export const rel03NfsOnDelete: Guardrail = {
  id: 'REL-03',
  level: 'error',
  title: 'csi-driver-nfs StorageClasses set parameters.onDelete to retain or archive (the driver default deletes the folder)',
  fix: 'Set parameters.onDelete: retain on the StorageClass (NasStorage does).',
  check({ objects, stacks }) {
    return nfsStorageClasses(objects, stacks)
      .filter((c) => !['retain', 'archive'].includes(c.parameters.onDelete))
      .map((c) => ({ object: c.ref, message: `StorageClass ${c.name} has onDelete ${c.parameters.onDelete ?? '(unset: delete)'}` }));
  },
};
