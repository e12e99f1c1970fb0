import { loadAll } from 'js-yaml';

/**
 * The documents of a multi-document YAML text as plain data: what `yaml`'s
 * `parseAllDocuments(text).map((d) => d.toJS())` gives (YAML 1.2 core schema,
 * `<<` an ordinary key, a repeated key's last value, an empty document null),
 * in an eighth of the time. What `helm template` and `kubectl kustomize` print
 * runs to megabytes of CRDs, and reading it through `yaml` took most of the
 * `images` command and of the chart render tests. Unlike `yaml`, which reads
 * what it can and records the errors, a text that is not YAML throws, naming
 * `source`.
 */
export function yamlDocuments(text: string, source?: string): unknown[] {
  // At most 100 aliases a document (yaml, too, refused many): a few lines of aliases of aliases expand exponentially.
  return loadAll(text, { json: true, filename: source, maxAliases: 100 });
}

/** The documents of {@link yamlDocuments} that are objects (Kubernetes objects, in a manifest). */
export function yamlObjects<T = Record<string, unknown>>(text: string, source?: string): T[] {
  return yamlDocuments(text, source).filter((document): document is T => document !== null && typeof document === 'object');
}
