import { type Guardrail, objectRef, type Violation } from '../guardrail';
import { containersOf, podTemplates } from '../inspect';

/** SEC-25 (warning): Secrets reach containers as files, not environment variables. */
export const sec25SecretFiles: Guardrail = {
  id: 'SEC-25',
  level: 'warning',
  title: 'Prefer Secret volume mounts over env[].valueFrom.secretKeyRef and envFrom.secretRef',
  fix: 'Mount the Secret as a volume and point the program at the file.',
  check({ objects }) {
    const out: Violation[] = [];
    for (const { owner, spec } of podTemplates(objects)) {
      for (const c of containersOf(spec)) {
        const fromEnv = (c.env ?? []).filter((e: any) => e.valueFrom?.secretKeyRef).map((e: any) => e.name);
        const fromEnvFrom = (c.envFrom ?? []).filter((e: any) => e.secretRef).map((e: any) => e.secretRef.name);
        if (fromEnv.length || fromEnvFrom.length)
          out.push({
            object: objectRef(owner),
            message: `container ${c.name} reads Secrets from environment variables (${[...fromEnv, ...fromEnvFrom].join(', ')})`,
          });
      }
    }
    return out;
  },
};
