import { type Guardrail, objectRef, type Violation, ofKind } from '../guardrail';
import { objectsIn, podTemplates, tenantNamespaces } from '../inspect';

/** SEC-23: tenant `default` ServiceAccounts mount no token; nothing runs as or binds `default`. */
export const sec23DefaultServiceAccount: Guardrail = {
  id: 'SEC-23',
  level: 'error',
  title:
    "Each tenant namespace's default ServiceAccount has automountServiceAccountToken: false; pods name another ServiceAccount; no binding has subject SA default",
  fix: 'Keep the TenantNamespace default ServiceAccount; give workloads their own ServiceAccount and bind that one.',
  check({ objects }) {
    const out: Violation[] = [];
    for (const ns of tenantNamespaces(objects)) {
      const sa = objectsIn(objects, ns, 'ServiceAccount').find((o) => o.metadata.name === 'default');
      if (!sa) out.push({ object: `Namespace//${ns}`, message: 'has no default ServiceAccount with automountServiceAccountToken: false' });
      else if (sa.automountServiceAccountToken !== false)
        out.push({ object: objectRef(sa), message: 'mounts its token (automountServiceAccountToken is not false)' });
    }
    for (const { owner, spec } of podTemplates(objects)) {
      const name = spec.serviceAccountName ?? spec.serviceAccount;
      if (!name || name === 'default') out.push({ object: objectRef(owner), message: `runs as ServiceAccount ${JSON.stringify(name ?? 'default')}` });
    }
    for (const binding of ofKind(objects, 'RoleBinding', 'ClusterRoleBinding')) {
      if ((binding.subjects ?? []).some((s: any) => s.kind === 'ServiceAccount' && s.name === 'default')) {
        out.push({ object: objectRef(binding), message: 'binds the default ServiceAccount' });
      }
    }
    return out;
  },
};
