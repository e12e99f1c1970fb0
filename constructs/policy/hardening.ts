/** Shared checks of the pod-hardening rules (GUARDRAILS 1a/1b). */
import { type GuardrailInput, objectRef, type Violation } from './guardrail';
import { containersOf, podTemplates } from './inspect';

/** One violation per container (init containers included) that fails `ok`, described by `problem`. */
export function checkContainers(
  input: GuardrailInput,
  ok: (container: Record<string, any>, pod: Record<string, any>) => boolean,
  problem: (container: Record<string, any>) => string,
): Violation[] {
  return podTemplates(input.objects).flatMap(({ owner, spec }) =>
    containersOf(spec)
      .filter((c) => !ok(c, spec))
      .map((c) => ({ object: objectRef(owner), message: `container ${c.name} ${problem(c)}` })),
  );
}
