/**
 * Kubernetes RBAC authorization as the API server answers a SubjectAccessReview: the union of the rules of every
 * RoleBinding in the namespace and every ClusterRoleBinding naming the subject, aggregated ClusterRoles resolved as
 * the aggregation controller fills them (`effectiveRules`, shared with the guardrails).
 */
import type { KubeObject } from '../../constructs/policy/guardrail';
import { effectiveRules, grants } from '../../constructs/policy/rbac';

/** Who asks: a user name and groups, as authentication reports them. */
export interface RbacSubject {
  readonly user: string;
  readonly groups?: readonly string[];
}

/** What is asked, as in a SubjectAccessReview's resourceAttributes. */
export interface RbacRequest {
  readonly namespace: string;
  readonly group: string;
  readonly resource: string;
  readonly verb: string;
  readonly name?: string;
}

/** A service account as authentication reports it (its user name and groups). */
export function serviceAccount(namespace: string, name: string): RbacSubject {
  return {
    user: `system:serviceaccount:${namespace}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
}

function names(subject: any, who: RbacSubject, bindingNamespace?: string): boolean {
  if (subject.kind === 'User') return subject.name === who.user;
  if (subject.kind === 'Group') return (who.groups ?? []).includes(subject.name);
  if (subject.kind === 'ServiceAccount') return who.user === `system:serviceaccount:${subject.namespace ?? bindingNamespace}:${subject.name}`;
  return false;
}

/** Whether RBAC in `objects` allows `who` the request. */
export function rbacAllows(objects: readonly KubeObject[], who: RbacSubject, request: RbacRequest): boolean {
  const clusterRoles = objects.filter((o) => o.kind === 'ClusterRole');
  const bindings = objects.filter(
    (o) =>
      (o.kind === 'ClusterRoleBinding' || (o.kind === 'RoleBinding' && o.metadata.namespace === request.namespace)) &&
      (o.subjects ?? []).some((s: any) => names(s, who, o.metadata.namespace)),
  );
  return bindings.some((binding) => {
    const ref = binding.roleRef ?? {};
    const role = objects.find(
      (o) => o.kind === ref.kind && o.metadata.name === ref.name && (ref.kind === 'ClusterRole' || o.metadata.namespace === binding.metadata.namespace),
    );
    if (!role) return false;
    return effectiveRules(role, clusterRoles).some((rule: any) => {
      const named = !rule.resourceNames?.length || (request.name !== undefined && rule.resourceNames.includes(request.name));
      return grants(rule, request.resource, [request.verb], request.group) && named;
    });
  });
}
