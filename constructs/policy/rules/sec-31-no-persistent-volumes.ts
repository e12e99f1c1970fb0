import type { Guardrail } from '../guardrail';
import { grants, tenantGrants } from '../rbac';

/** SEC-31: No tenant-bound rule grants create on persistentvolumes (which allows hostPath volumes). */
export const sec31NoPersistentVolumes: Guardrail = {
  id: 'SEC-31',
  level: 'error',
  title: 'No tenant-bound rule grants create on persistentvolumes (which allows hostPath volumes)',
  fix: 'Tenants claim storage with PersistentVolumeClaims only.',
  check: ({ objects, facts }) =>
    tenantGrants(objects, facts)
      .filter((g) => g.rules.some((r) => grants(r, 'persistentvolumes', ['create'])))
      .map((g) => ({ object: g.binding, message: 'grants create on persistentvolumes' })),
};
