import { parse } from 'yaml';
import { type Guardrail, objectRef, resourceRef, terraformResources, type Violation, ofKind } from '../guardrail';
import { PRIVATE_KEY_VALUE, SECRET_NAME } from '../inspect';

/** Paths of credential-looking keys with literal values (not on/off switches) anywhere in a parsed document. */
function credentialPaths(value: unknown, path: string, out: string[]): string[] {
  if (typeof value === 'string') {
    if (PRIVATE_KEY_VALUE.test(value)) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      credentialPaths(v, `${path}[${i}]`, out);
    });
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      const literal = (typeof v === 'string' || typeof v === 'number') && !/^(|true|false)$/i.test(String(v));
      if (SECRET_NAME.test(key) && literal && !/Secret$|SecretName$|secretRef$/i.test(key)) out.push(at);
      else credentialPaths(v, at, out);
    }
  }
  return out;
}

/** SEC-26: no credentials in ConfigMaps or Helm values (the spec itself is checked by the validator). */
export const sec26CredentialsInConfig: Guardrail = {
  id: 'SEC-26',
  level: 'error',
  title: 'No credential-looking keys or values in ConfigMap data, Terraform ConfigMaps or Helm release values',
  fix: 'Move the value into a Secret the platform references by name, or into a Terraform sensitive variable.',
  check({ objects, stacks }) {
    const out: Violation[] = [];
    for (const cm of ofKind(objects, 'ConfigMap')) {
      for (const at of credentialPaths(cm.data ?? {}, 'data', [])) out.push({ object: objectRef(cm), message: `${at} holds a credential` });
    }
    for (const resource of terraformResources(stacks)) {
      const documents: [string, unknown][] = [];
      if (/^kubernetes_config_map(_v1)?$/.test(resource.type)) documents.push(['data', resource.body.data ?? {}]);
      if (resource.type === 'helm_release') {
        (resource.body.values ?? []).forEach((v: string, i: number) => {
          documents.push([`values[${i}]`, safeParse(v)]);
        });
        for (const set of resource.body.set ?? []) documents.push(['set', { [set.name]: set.value }]);
      }
      for (const [where, document] of documents) {
        for (const at of credentialPaths(document, where, [])) out.push({ object: resourceRef(resource), message: `${at} holds a credential` });
      }
    }
    return out;
  },
};

function safeParse(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return text;
  }
}
