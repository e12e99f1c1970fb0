import type { IConstruct } from 'constructs';
import type { Suppression } from './guardrail-pack';

const EXEMPTIONS = Symbol.for('mlops-platform.guardrail-exemptions');

type Root = IConstruct & { [EXEMPTIONS]?: Suppression[] };

/**
 * Records that one object a construct creates may break one guardrail, and
 * why (the cdk-nag model): the exemption lives next to the code that needs it,
 * names one object and carries its reason into every synth report.
 */
export function addGuardrailExemption(scope: IConstruct, exemption: Suppression): void {
  const root = scope.node.root as Root;
  root[EXEMPTIONS] = [...(root[EXEMPTIONS] ?? []), exemption];
}

/** Every exemption recorded under an app. */
export function guardrailExemptions(app: IConstruct): Suppression[] {
  return [...((app.node.root as Root)[EXEMPTIONS] ?? [])];
}
