import type { KubeObject } from '../../constructs/policy/guardrail';

/** The one object of `kind` named `name` (in `namespace`, when given); fails the test when missing. */
export function findObject(objects: readonly KubeObject[], kind: string, name: string, namespace?: string): KubeObject {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${namespace ?? ''}/${name}, found ${found.length}`);
  return found[0];
}

/** An object for a rule's test: `rest` holds its other fields; `rest.metadata` adds to its name and namespace. */
export function kubeObject(
  apiVersion: string,
  kind: string,
  name: string,
  namespace: string | undefined,
  { metadata = {}, ...rest }: Record<string, any> = {},
): KubeObject {
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}), ...metadata }, ...rest };
}

/** A tenant's Namespace as the guardrails find tenants: labelled with the tenant label, plus `labels`. */
export function tenantNamespaceObject(name: string, labels: Record<string, string> = {}): KubeObject {
  return kubeObject('v1', 'Namespace', name, undefined, { metadata: { labels: { 'mlops-platform.io/tenant': name, ...labels } } });
}
