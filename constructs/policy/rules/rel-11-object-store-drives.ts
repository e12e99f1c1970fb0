import { type Guardrail, objectRef, ofKind } from '../guardrail';

/** REL-11: MinIO runs erasure-coded, so a failed drive loses nothing and locking means something. */
export const rel11ObjectStoreDrives: Guardrail = {
  id: 'REL-11',
  level: 'error',
  title: 'Every MinIO Tenant has servers x volumesPerServer >= 4 (parity >= 2)',
  fix: 'Raise objectStore.servers or objectStore.volumesPerServer so the tenant has at least 4 drives.',
  check({ objects }) {
    return ofKind(objects, 'Tenant')
      .filter((o) => o.apiVersion.startsWith('minio.min.io/'))
      .flatMap((tenant) => {
        const drives = (tenant.spec?.pools ?? []).reduce((sum: number, p: any) => sum + (p.servers ?? 0) * (p.volumesPerServer ?? 0), 0);
        return drives >= 4 ? [] : [{ object: objectRef(tenant), message: `has ${drives} drives` }];
      });
  },
};
