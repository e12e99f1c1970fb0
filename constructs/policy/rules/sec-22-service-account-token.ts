import { type Guardrail, objectRef } from '../guardrail';
import { objectsIn, podTemplates } from '../inspect';

/** SEC-22: pods mount no API token unless they need the API (then: an exemption with a reason). */
export const sec22ServiceAccountToken: Guardrail = {
  id: 'SEC-22',
  level: 'error',
  title: 'automountServiceAccountToken is false for the pod (a pod value overrides its ServiceAccount), unless the workload is exempted as needing API access',
  fix: 'Set automountServiceAccountToken: false on the pod; exempt a workload that really calls the API.',
  check({ objects }) {
    return podTemplates(objects)
      .filter(({ owner, spec }) => {
        if (spec.automountServiceAccountToken !== undefined) return spec.automountServiceAccountToken !== false;
        const account = objectsIn(objects, owner.metadata.namespace ?? '', 'ServiceAccount').find(
          (sa) => sa.metadata.name === (spec.serviceAccountName ?? 'default'),
        );
        return account?.automountServiceAccountToken !== false;
      })
      .map(({ owner }) => ({ object: objectRef(owner), message: 'mounts a service account token' }));
  },
};
