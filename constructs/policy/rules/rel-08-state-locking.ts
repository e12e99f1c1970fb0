import type { Guardrail, TerraformStackJson } from '../guardrail';

const LOCKING = new Set(['kubernetes', 'pg', 'consul', 'azurerm', 'gcs', 'oss', 'cos']);

function locks(backends: Record<string, any>): boolean {
  return Object.entries(backends).some(
    ([kind, config]) =>
      LOCKING.has(kind) || (kind === 's3' && (config.use_lockfile === true || config.dynamodb_table)) || (kind === 'http' && config.lock_address),
  );
}

/** REL-08 (warning): shared state is locked. */
export const rel08StateLocking: Guardrail = {
  id: 'REL-08',
  level: 'warning',
  title: 'terraform.backend locks (kubernetes, s3 with a lock file, pg, http with lock_address); local state is for one operator only',
  fix: 'Use state.backend kubernetes (or s3) for any environment more than one person applies.',
  check: ({ stacks }) =>
    stacks
      .filter((s: TerraformStackJson) => !locks(s.json.terraform?.backend ?? {}))
      .map((s) => ({
        object: `TerraformStack//${s.stack}`,
        message: `keeps its state in a ${Object.keys(s.json.terraform?.backend ?? { local: 1 })[0]} backend without locking`,
      })),
};
