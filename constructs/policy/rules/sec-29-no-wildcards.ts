import type { Guardrail } from '../guardrail';
import { allRoleRules } from '../rbac';

/** SEC-29: roles list what they grant. */
export const sec29NoWildcards: Guardrail = {
  id: 'SEC-29',
  level: 'error',
  title: 'No "*" in apiGroups, resources or verbs of any generated Role or ClusterRole (manifests and Terraform)',
  fix: 'List the API groups, resources and verbs the role needs.',
  check: ({ objects, stacks }) =>
    allRoleRules(objects, stacks)
      .filter(({ rule }) => [rule.apiGroups, rule.resources, rule.verbs].some((list) => list?.includes('*')))
      .map(({ ref }) => ({ object: ref, message: 'has a wildcard rule' })),
};
