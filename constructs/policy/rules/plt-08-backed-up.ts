import { type Guardrail, objectRef, ofKind, type Violation } from '../guardrail';

/**
 * PLT-08: every database and every Terraform state of the data inventory has
 * a backup, and the object that takes it is in the output (the site's own
 * systems count where the inventory says so: a local or S3 state backend).
 */
export const plt08BackedUp: Guardrail = {
  id: 'PLT-08',
  level: 'error',
  title: 'Every database and Terraform state of the data inventory is backed up by an object in the output (or by the site, where stated)',
  fix: 'Back it up: CloudNativePG ScheduledBackup for PostgreSQL, a ScheduledDump for the rest (chart 45-backups).',
  check({ objects, facts }) {
    const out: Violation[] = [];
    // `Kind/namespace/name`: looked up among the objects of its kind.
    const present = (ref: string) => ofKind(objects, ref.split('/')[0]).some((o) => objectRef(o) === ref);
    for (const item of facts.backups ?? []) {
      if (!item.by) out.push({ object: `DataItem//${item.item}`, message: 'has no backup' });
      else if (item.by !== 'site' && !present(item.by))
        out.push({ object: `DataItem//${item.item}`, message: `is backed up by ${item.by}, which the output does not hold` });
    }
    return out;
  },
};
