import type { Guardrail } from '../guardrail';
import { nfsStorageClasses } from '../inspect';

/** PLT-04: no NFS StorageClass makes its folders world-writable. */
export const plt04NfsMountPermissions: Guardrail = {
  id: 'PLT-04',
  level: 'error',
  title: 'csi-driver-nfs StorageClasses never set mountPermissions that let others write (0777 makes a multi-tenant share world-writable)',
  fix: 'Leave mountPermissions at "0" (unchanged) and give tenants their own folders.',
  check({ objects, stacks }) {
    return nfsStorageClasses(objects, stacks)
      .filter((c) => c.parameters.mountPermissions !== undefined && (parseInt(String(c.parameters.mountPermissions), 8) & 0o002) !== 0)
      .map((c) => ({ object: c.ref, message: `StorageClass ${c.name} sets mountPermissions ${c.parameters.mountPermissions}` }));
  },
};
