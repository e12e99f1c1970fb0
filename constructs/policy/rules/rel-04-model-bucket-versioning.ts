import type { Guardrail } from '../guardrail';
import { plannedBuckets } from '../bucket-plan';

/** REL-04: the model and artifact buckets keep every version. */
export const rel04ModelBucketVersioning: Guardrail = {
  id: 'REL-04',
  level: 'error',
  title: 'The models and mlflow-artifacts buckets have versioning enabled',
  fix: 'Keep objectStore.versioning on; the models bucket is always versioned.',
  check({ objects }) {
    return plannedBuckets(objects)
      .filter(({ bucket }) => ['models', 'mlflow-artifacts'].includes(bucket.name) && bucket.versioning !== true)
      .map(({ ref, bucket }) => ({ object: ref, message: `bucket ${bucket.name} is not versioned` }));
  },
};
