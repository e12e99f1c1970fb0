import type { Guardrail } from '../guardrail';
import { plannedBuckets } from '../bucket-plan';

/** REL-05: registered models cannot be overwritten or deleted before their retention ends. */
export const rel05ModelBucketLock: Guardrail = {
  id: 'REL-05',
  level: 'error',
  title: 'The models bucket is created with object lock and a default retention',
  fix: 'Keep the models bucket locked (it is created with --with-lock) and objectStore.modelRetentionDays >= 1.',
  check({ objects }) {
    return plannedBuckets(objects)
      .filter(({ bucket }) => bucket.name === 'models' && !(bucket.objectLock === true && (bucket.retentionDays ?? 0) > 0))
      .map(({ ref, bucket }) => ({
        object: ref,
        message: `bucket models has objectLock ${bucket.objectLock} and retention ${bucket.retentionDays ?? 0} days`,
      }));
  },
};
