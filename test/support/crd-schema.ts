import Ajv, { type ValidateFunction } from 'ajv';
import type { KubeObject } from '../../constructs/policy/guardrail';

/**
 * Validates custom resources against the `openAPIV3Schema` of their CRDs, as
 * the API server would: types, required fields, enums, and unknown fields
 * (which the server prunes silently, so here they are errors) unless the
 * schema preserves them.
 */
export class CrdSchemas {
  private readonly ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false, code: { regExp: goRegExp } });
  /** Schemas by `group/version/Kind`; each compiled when first used (large CRDs cost seconds to compile). */
  private readonly schemas = new Map<string, Record<string, any>>();
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(crds: readonly KubeObject[]) {
    for (const crd of crds.filter((o) => o.kind === 'CustomResourceDefinition')) {
      for (const version of crd.spec.versions ?? []) {
        const schema = version.schema?.openAPIV3Schema;
        if (schema) this.schemas.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, schema);
      }
    }
  }

  /** Whether a CRD for the object's group, version and kind is known. */
  public knows(object: KubeObject): boolean {
    return this.schemas.has(`${object.apiVersion}/${object.kind}`);
  }

  /** The first schema problem of the object, or undefined when it is valid. */
  public problem(object: KubeObject): string | undefined {
    const key = `${object.apiVersion}/${object.kind}`;
    const schema = this.schemas.get(key);
    if (!schema) return `no CRD for ${object.apiVersion} ${object.kind}`;
    if (!this.validators.has(key))
      this.validators.set(
        key,
        this.ajv.compile(
          closed({ ...schema, properties: { ...schema.properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } } }),
        ),
      );
    const validate = this.validators.get(key)!;
    if (validate(object)) return undefined;
    const error = validate.errors![0];
    return `${error.instancePath || '/'} ${error.message}${error.params && 'additionalProperty' in error.params ? ` (${error.params.additionalProperty})` : ''}`;
  }
}

/** CRD patterns are Go regular expressions; the Go-only construct they use is the `(?i)` flag group. */
const goRegExp = Object.assign(
  (pattern: string, flags: string) => (pattern.includes('(?i)') ? new RegExp(pattern.replaceAll('(?i)', ''), `${flags}i`) : new RegExp(pattern, flags)),
  {
    code: 'new RegExp',
  },
);

/** The schema with unknown fields refused where Kubernetes would prune them, and int-or-string made explicit. */
function closed(schema: any): any {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [key, value] of Object.entries(schema))
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, closed(v)])) : closed(value);
  if (out['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}
