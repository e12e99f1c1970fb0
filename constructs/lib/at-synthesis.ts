import { Lazy } from 'cdk8s';

/**
 * A value computed when the chart is synthesized, after every construct has
 * registered what it needs (grants, clients), typed as what it produces so it
 * fits typed properties: cdk8s resolves a Lazy wherever it sits in an
 * object's properties. The one place the platform says a Lazy stands for its
 * value.
 */
export function atSynthesis<T>(produce: () => T): T {
  return Lazy.any({ produce }) as unknown as T;
}
