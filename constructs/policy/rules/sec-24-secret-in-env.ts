import { type Guardrail, objectRef, type Violation } from '../guardrail';
import { containersOf, podTemplates, PRIVATE_KEY_VALUE, SECRET_NAME } from '../inspect';

/** SEC-24: no credential in a literal environment variable. */
export const sec24SecretInEnv: Guardrail = {
  id: 'SEC-24',
  level: 'error',
  title: 'No literal env[].value whose name looks like a credential, and no private key as a value',
  fix: 'Reference an existing Secret (a volume mount, or valueFrom.secretKeyRef) instead of a literal value.',
  check({ objects }) {
    const out: Violation[] = [];
    for (const { owner, spec } of podTemplates(objects)) {
      for (const container of containersOf(spec)) {
        for (const env of container.env ?? []) {
          if (typeof env.value !== 'string' || env.value === '') continue;
          // `<NAME>_FILE` set to an absolute path names where a mounted Secret is, which is what this rule asks for.
          if (/_FILE$/.test(env.name) && env.value.startsWith('/') && !PRIVATE_KEY_VALUE.test(env.value)) continue;
          if (SECRET_NAME.test(env.name) || PRIVATE_KEY_VALUE.test(env.value)) {
            out.push({ object: objectRef(owner), message: `container ${container.name} sets ${env.name} to a literal value` });
          }
        }
      }
    }
    return out;
  },
};
