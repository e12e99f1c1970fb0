import { type Guardrail, objectRef, ofKind } from '../guardrail';

/** SEC-36: an admin owns every Kubeflow profile; users are only contributors. */
export const sec36ProfileOwner: Guardrail = {
  id: 'SEC-36',
  level: 'error',
  title: 'Every Kubeflow Profile is owned by a platform admin (users are contributors, so they cannot add or remove others)',
  fix: 'Create profiles through KubeflowProfile with an admin as owner.',
  check({ objects, facts }) {
    const admins = facts.adminUsers ?? [];
    return ofKind(objects, 'Profile')
      .filter((o) => o.apiVersion.startsWith('kubeflow.org/'))
      .filter((p) => !(p.spec?.owner?.kind === 'User' && admins.includes(p.spec.owner.name)))
      .map((p) => ({ object: objectRef(p), message: `is owned by ${p.spec?.owner?.kind ?? '?'} ${p.spec?.owner?.name ?? '(nobody)'}, not a platform admin` }));
  },
};
