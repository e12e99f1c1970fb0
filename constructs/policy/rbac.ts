/** What RBAC grants tenants, read from the synthesized Roles, ClusterRoles and bindings. */
import { type GuardrailFacts, type KubeObject, objectRef, terraformResources, type TerraformStackJson, ofKind } from './guardrail';
import { tenantNamespaces } from './inspect';

/** One RBAC rule. */
export interface RbacRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly verbs?: readonly string[];
}

/** A rule that reaches a tenant subject, and how. */
export interface TenantGrant {
  /** The binding's reference. */
  readonly binding: string;
  /** Granted through a ClusterRoleBinding (cluster-wide). */
  readonly clusterWide: boolean;
  /** Namespace of a RoleBinding. */
  readonly namespace?: string;
  readonly roleKind: string;
  readonly roleName: string;
  readonly rules: readonly RbacRule[];
}

/** Whether a subject is a tenant (anyone but the admin groups and platform service accounts). */
function isTenantSubject(subject: any, facts: GuardrailFacts, tenants: ReadonlySet<string>): boolean {
  if (subject.kind === 'Group') return !(facts.adminGroups ?? []).includes(subject.name);
  if (subject.kind === 'ServiceAccount') return tenants.has(subject.namespace ?? '');
  return subject.kind === 'User';
}

const grantsCache = new WeakMap<readonly KubeObject[], WeakMap<GuardrailFacts, TenantGrant[]>>();

/** Every role rule bound to a tenant subject (computed once per object list and facts). */
export function tenantGrants(objects: readonly KubeObject[], facts: GuardrailFacts): TenantGrant[] {
  const byFacts = grantsCache.get(objects) ?? new WeakMap<GuardrailFacts, TenantGrant[]>();
  grantsCache.set(objects, byFacts);
  if (!byFacts.has(facts)) byFacts.set(facts, computeTenantGrants(objects, facts));
  return byFacts.get(facts)!;
}

/**
 * The rules a role grants. An aggregated ClusterRole (`aggregationRule`, as
 * Kubeflow's `kubeflow-edit` is) grants the union of the rules of every
 * ClusterRole whose labels its selectors match, as the API server's
 * aggregation controller fills them in, through further aggregation too.
 */
export function effectiveRules(role: KubeObject, clusterRoles: readonly KubeObject[], seen: ReadonlySet<string> = new Set()): RbacRule[] {
  const selectors: { matchLabels?: Record<string, string> }[] = role.aggregationRule?.clusterRoleSelectors ?? [];
  if (role.kind !== 'ClusterRole' || !selectors.length) return role.rules ?? [];
  const matches = (candidate: KubeObject) =>
    selectors.some((selector) => Object.entries(selector.matchLabels ?? {}).every(([key, value]) => candidate.metadata.labels?.[key] === value));
  const inner = new Set([...seen, role.metadata.name]);
  return clusterRoles.filter((c) => !inner.has(c.metadata.name) && matches(c)).flatMap((c) => effectiveRules(c, clusterRoles, inner));
}

function computeTenantGrants(objects: readonly KubeObject[], facts: GuardrailFacts): TenantGrant[] {
  const tenants = tenantNamespaces(objects);
  const roles = new Map(ofKind(objects, 'Role', 'ClusterRole').map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
  const clusterRoles = ofKind(objects, 'ClusterRole');
  return ofKind(objects, 'RoleBinding', 'ClusterRoleBinding')
    .filter((o) => (o.subjects ?? []).some((s: any) => isTenantSubject(s, facts, tenants)))
    .map((binding) => {
      const ref = binding.roleRef ?? {};
      const role = roles.get(`${ref.kind}/${ref.kind === 'Role' ? binding.metadata.namespace : ''}/${ref.name}`);
      return {
        binding: objectRef(binding),
        clusterWide: binding.kind === 'ClusterRoleBinding',
        namespace: binding.metadata.namespace,
        roleKind: ref.kind,
        roleName: ref.name,
        rules: role ? effectiveRules(role, clusterRoles) : [],
      };
    });
}

/** Every rule of every Role and ClusterRole in both outputs, with its owner's reference. */
export function allRoleRules(objects: readonly KubeObject[], stacks: readonly TerraformStackJson[]): { ref: string; rule: RbacRule }[] {
  const fromManifests = ofKind(objects, 'Role', 'ClusterRole').flatMap((o) => {
    const ref = objectRef(o);
    return (o.rules ?? []).map((rule: RbacRule) => ({ ref, rule }));
  });
  const fromTerraform = terraformResources(stacks)
    .filter((r) => /^kubernetes_(cluster_)?role(_v1)?$/.test(r.type))
    .flatMap((r) =>
      (r.body.rule ?? []).map((rule: any) => ({
        ref: `${r.stack}:${r.type}.${r.name}`,
        rule: { apiGroups: rule.api_groups, resources: rule.resources, verbs: rule.verbs },
      })),
    );
  return [...fromManifests, ...fromTerraform];
}

/**
 * Whether `rule` grants `verb` on `resource` (in any API group, or `group`). The rules ask it half a million
 * times at 1000 users: the resource is looked at first (most rules name others), without closures.
 */
export function grants(rule: RbacRule, resource: string, verbs: readonly string[], group?: string): boolean {
  return namesOrAll(rule.resources, resource) && (group === undefined || namesOrAll(rule.apiGroups, group)) && namesAnyOrAll(rule.verbs, verbs);
}

/** Whether `list` holds `name` or `*`. */
function namesOrAll(list: readonly string[] | undefined, name: string): boolean {
  if (!list) return false;
  for (const item of list) if (item === name || item === '*') return true;
  return false;
}

/** Whether `list` holds one of `names` or `*`. */
function namesAnyOrAll(list: readonly string[] | undefined, names: readonly string[]): boolean {
  if (!list) return false;
  for (const item of list) if (item === '*' || names.includes(item)) return true;
  return false;
}
