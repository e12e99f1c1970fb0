import { type Guardrail, objectRef, type Violation } from '../guardrail';
import { containersOf, podTemplates } from '../inspect';

const ok = (profile?: { type?: string }) => !profile || ['RuntimeDefault', 'Localhost'].includes(profile.type ?? '');

/** SEC-14: AppArmor is never turned off. */
export const sec14AppArmor: Guardrail = {
  id: 'SEC-14',
  level: 'error',
  title: 'appArmorProfile.type is unset, RuntimeDefault or Localhost; legacy annotations are runtime/default or localhost/*',
  fix: 'Remove the Unconfined AppArmor profile.',
  check({ objects }) {
    const out: Violation[] = [];
    for (const { owner, spec } of podTemplates(objects)) {
      const annotations: Record<string, string> = owner.spec?.template?.metadata?.annotations ?? {};
      const legacy = Object.entries(annotations).filter(
        ([k, v]) => k.startsWith('container.apparmor.security.beta.kubernetes.io/') && !(v === 'runtime/default' || v.startsWith('localhost/')),
      );
      const unconfined = !ok(spec.securityContext?.appArmorProfile) || containersOf(spec).some((c) => !ok(c.securityContext?.appArmorProfile));
      if (legacy.length || unconfined) out.push({ object: objectRef(owner), message: 'runs without AppArmor confinement' });
    }
    return out;
  },
};
