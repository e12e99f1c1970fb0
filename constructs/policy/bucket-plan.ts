import { type KubeObject, objectRef, ofKind } from './guardrail';

/** Marks the ConfigMap that declares bucket settings (`buckets.json`). */
export const BUCKET_PLAN_LABEL = 'mlops-platform.io/bucket-plan';

/** One bucket as declared. */
export interface PlannedBucket {
  readonly name: string;
  readonly versioning?: boolean;
  readonly objectLock?: boolean;
  readonly retentionDays?: number;
  readonly forceDestroy?: boolean;
}

/** The declared buckets of every bucket plan, with the plan's reference. */
export function plannedBuckets(objects: readonly KubeObject[]): { ref: string; bucket: PlannedBucket }[] {
  return ofKind(objects, 'ConfigMap')
    .filter((o) => o.metadata.labels?.[BUCKET_PLAN_LABEL] === 'true')
    .flatMap((plan) => {
      let buckets: PlannedBucket[];
      try {
        buckets = JSON.parse(plan.data?.['buckets.json'] ?? '[]');
      } catch {
        buckets = [];
      }
      return buckets.map((bucket) => ({ ref: objectRef(plan), bucket }));
    });
}
