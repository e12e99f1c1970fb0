/**
 * The environment spec: the one input of the platform. Environment files are
 * typed `PlatformSpecInput` literals (or YAML/JSON files); `validateSpec` turns
 * one into a resolved `PlatformSpec` or refuses it with every problem at once,
 * each naming its field path.
 */
import type { z } from 'zod';
import { ValidationError } from '../../constructs/lib/problems';
import { formatIssue, pastedSecrets } from './errors';
import { crossFieldRules } from './rules';
import { platformSpecShape } from './sections';

export { fieldPath } from './errors';

/** The runtime schema of a platform environment. */
export const platformSpecSchema = platformSpecShape.superRefine(crossFieldRules);

/** An environment as written: fields with defaults may be left out. */
export type PlatformSpecInput = z.input<typeof platformSpecSchema>;
/** A validated environment with every default resolved. */
export type PlatformSpec = z.output<typeof platformSpecSchema>;
/** One user of the platform. */
export type UserSpec = PlatformSpec['users'][number];
/** One GPU node pool. */
export type GpuPoolSpec = PlatformSpec['gpuPools'][number];
/** How a pool's GPUs are shared. */
export type GpuSharingSpec = GpuPoolSpec['sharing'];
/** Where Terraform keeps state. */
export type StateSpec = PlatformSpec['state'];

/** Whether any Kubeflow application runs; the dashboard, profiles and the sign-on come with any. */
export function kubeflowInstalled(spec: Pick<PlatformSpec, 'kubeflow'>): boolean {
  const { notebooks, pipelines, katib } = spec.kubeflow.components;
  return notebooks || pipelines || katib;
}

/**
 * Validates an environment and resolves its defaults. Throws a
 * {@link ValidationError} listing every problem, each with its field path.
 */
export function validateSpec(input: unknown, source = 'environment'): PlatformSpec {
  const secrets = pastedSecrets(input, [], []);
  // jitless: zod would otherwise generate a parser per object schema with new Function on every run.
  const result = platformSpecSchema.safeParse(input, { reportInput: true, jitless: true });
  const problems = [...secrets, ...(result.success ? [] : result.error.issues.flatMap(formatIssue))];
  if (problems.length || !result.success) throw new ValidationError(source, problems);
  return result.data;
}
