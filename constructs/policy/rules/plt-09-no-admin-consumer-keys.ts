import { BUCKET_PLAN_LABEL } from '../bucket-plan';
import { type Guardrail, objectRef, type Violation, ofKind } from '../guardrail';

/**
 * Actions no consumer key may hold: removing object lock's protection
 * (`s3:BypassGovernanceRetention`, changing retention or the lock
 * configuration, deleting a specific version), every `admin:` action, and
 * wildcards that include them.
 */
const FORBIDDEN =
  /^(\*|s3:\*|admin:.*|s3:BypassGovernanceRetention|s3:PutObjectRetention|s3:PutBucketObjectLockConfiguration|s3:DeleteObjectVersion|s3:DeleteBucket)$/;

/**
 * PLT-09: object-store consumers (MLflow, serving, backups, pipelines) hold
 * only the rights of their own policy. Users a MinIO Tenant lists in
 * `spec.users` get `consoleAdmin` from the operator, so none may be listed;
 * no consumer policy of a bucket plan (`policy-<consumer>.json`) allows an
 * admin action or a way around the `models` lock.
 */
export const plt09NoAdminConsumerKeys: Guardrail = {
  id: 'PLT-09',
  level: 'error',
  title: 'Object-store consumer keys hold no admin rights: no Tenant spec.users (consoleAdmin), no policy allowing admin actions or bypassing object lock',
  fix: 'Grant access through IObjectStore.grant (one scoped policy per consumer, users made by the setup job); never list users in the Tenant.',
  check({ objects }) {
    const out: Violation[] = [];
    for (const tenant of ofKind(objects, 'Tenant').filter((o) => o.apiVersion.startsWith('minio.min.io/'))) {
      for (const user of tenant.spec?.users ?? [])
        out.push({ object: objectRef(tenant), message: `lists user ${user.name} in spec.users, which the operator makes consoleAdmin` });
    }
    for (const plan of ofKind(objects, 'ConfigMap').filter((o) => o.metadata.labels?.[BUCKET_PLAN_LABEL] === 'true')) {
      for (const [file, text] of Object.entries<string>(plan.data ?? {})) {
        const consumer = /^policy-(.+)\.json$/.exec(file)?.[1];
        if (!consumer) continue;
        let statements: { Effect?: string; Action?: string | string[] }[];
        try {
          statements = JSON.parse(text).Statement ?? [];
        } catch {
          out.push({ object: objectRef(plan), message: `${file} is not a JSON policy` });
          continue;
        }
        const allowed = statements.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action ?? []].flat());
        const forbidden = [...new Set(allowed.filter((a) => FORBIDDEN.test(a)))];
        if (forbidden.length) out.push({ object: objectRef(plan), message: `policy of consumer ${consumer} allows ${forbidden.join(', ')}` });
      }
    }
    return out;
  },
};
