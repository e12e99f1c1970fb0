/** The parts an environment's Terraform state is split into, in apply order. */
export const STACK_PARTS = ['cluster', 'platform', 'workloads'] as const;

/** One part of an environment's state. */
export type StackPart = (typeof STACK_PARTS)[number];

/** The stack holding `part` of environment `env`: `<env>-<part>`. */
export function stackName(env: string, part: StackPart): string {
  return `${env}-${part}`;
}
