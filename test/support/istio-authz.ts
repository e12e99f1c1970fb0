import type { KubeObject } from '../../constructs/policy/guardrail';
import { selects } from '../../constructs/policy/inspect';

/** A request as Istio's authorization sees it at the receiving sidecar. */
export interface MeshRequest {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  /** mTLS identity of the caller (`cluster.local/ns/<ns>/sa/<sa>`). */
  readonly sourcePrincipal: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly method: string;
  readonly path: string;
}

const ROOT_NAMESPACE = 'istio-system';

/** Istio's string match: exact, `*`, or one `*` as prefix or suffix. */
function matches(patterns: readonly string[] | undefined, value: string): boolean {
  return (patterns ?? []).some(
    (p) => p === '*' || p === value || (p.startsWith('*') && value.endsWith(p.slice(1))) || (p.endsWith('*') && value.startsWith(p.slice(0, -1))),
  );
}

function namespaceOf(principal: string): string {
  return /^cluster\.local\/ns\/([^/]+)\//.exec(principal)?.[1] ?? '';
}

function ruleMatches(rule: Record<string, any>, request: MeshRequest): boolean {
  const from = (rule.from ?? []) as { source: Record<string, string[]> }[];
  const to = (rule.to ?? []) as { operation: Record<string, string[]> }[];
  const when = (rule.when ?? []) as { key: string; values?: string[]; notValues?: string[] }[];
  const source = (s: Record<string, string[]>) => {
    for (const key of Object.keys(s))
      if (!['principals', 'notPrincipals', 'namespaces', 'notNamespaces'].includes(key)) throw new Error(`source.${key} is not modelled`);
    return (
      (!s.principals || matches(s.principals, request.sourcePrincipal)) &&
      !matches(s.notPrincipals, request.sourcePrincipal) &&
      (!s.namespaces || matches(s.namespaces, namespaceOf(request.sourcePrincipal))) &&
      !matches(s.notNamespaces, namespaceOf(request.sourcePrincipal))
    );
  };
  const operation = (o: Record<string, string[]>) => {
    for (const key of Object.keys(o)) if (!['paths', 'notPaths', 'methods', 'notMethods'].includes(key)) throw new Error(`operation.${key} is not modelled`);
    return (
      (!o.paths || matches(o.paths, request.path)) &&
      !matches(o.notPaths, request.path) &&
      (!o.methods || matches(o.methods, request.method)) &&
      !matches(o.notMethods, request.method)
    );
  };
  const condition = (c: { key: string; values?: string[]; notValues?: string[] }) => {
    const header = /^request\.headers\[(.+)\]$/.exec(c.key)?.[1];
    const value =
      header !== undefined ? request.headers[header.toLowerCase()] : c.key === 'source.namespace' ? namespaceOf(request.sourcePrincipal) : undefined;
    if (header === undefined && c.key !== 'source.namespace') throw new Error(`condition ${c.key} is not modelled`);
    return value !== undefined && (!c.values || matches(c.values, value)) && !matches(c.notValues, value);
  };
  return (!from.length || from.some((f) => source(f.source))) && (!to.length || to.some((t) => operation(t.operation))) && when.every(condition);
}

/**
 * Whether the AuthorizationPolicies among `objects` let the request through, by Istio's rules: the policies of the
 * workload's namespace and of the root namespace (`istio-system`) whose selector matches; any matching DENY rule
 * refuses; with ALLOW policies present, one matching ALLOW rule is needed (a policy without rules matches nothing).
 * CUSTOM (external authorization) and gateway-bound (`targetRefs`) policies are not the workload's.
 */
export function meshAllows(objects: readonly KubeObject[], request: MeshRequest): boolean {
  const applicable = objects.filter(
    (o) =>
      o.kind === 'AuthorizationPolicy' &&
      (o.metadata.namespace === request.namespace || o.metadata.namespace === ROOT_NAMESPACE) &&
      !o.spec?.targetRefs &&
      (!o.spec?.selector || selects(o.spec.selector, request.podLabels)) &&
      (o.spec?.action ?? 'ALLOW') !== 'CUSTOM',
  );
  const rules = (action: string) =>
    applicable.filter((p) => (p.spec?.action ?? 'ALLOW') === action).flatMap((p) => (p.spec?.rules ?? []) as Record<string, any>[]);
  if (rules('DENY').some((r) => ruleMatches(r, request))) return false;
  const allow = applicable.filter((p) => (p.spec?.action ?? 'ALLOW') === 'ALLOW');
  return !allow.length || rules('ALLOW').some((r) => ruleMatches(r, request));
}
