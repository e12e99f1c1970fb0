import type { Guardrail } from '../guardrail';
import { plannedBuckets } from '../bucket-plan';

/** REL-06: no bucket is ever destroyed with its objects. */
export const rel06NoForceDestroy: Guardrail = {
  id: 'REL-06',
  level: 'error',
  title: 'No data bucket is declared with forceDestroy (deleting all objects, locked ones included)',
  fix: 'Remove forceDestroy; empty a bucket deliberately, by hand, if it must go.',
  check({ objects }) {
    return plannedBuckets(objects)
      .filter(({ bucket }) => bucket.forceDestroy === true)
      .map(({ ref, bucket }) => ({ object: ref, message: `bucket ${bucket.name} has forceDestroy` }));
  },
};
