import { type Guardrail, objectRef, type Violation, ofKind } from '../guardrail';
import { TENANT_LABEL } from '../../lib/labels';

const PSA = 'pod-security.kubernetes.io';

/** SEC-39: tenant namespaces enforce, warn and audit Pod Security `restricted` at a pinned version. */
export const sec39PodSecurityLabels: Guardrail = {
  id: 'SEC-39',
  level: 'error',
  title: 'Tenant namespaces label Pod Security enforce/warn/audit: restricted with a pinned enforce-version',
  fix: 'Create tenant namespaces through TenantNamespace, which sets the labels from kubernetes.version.',
  check({ objects }) {
    const out: Violation[] = [];
    for (const ns of ofKind(objects, 'Namespace').filter((o) => o.metadata.labels?.[TENANT_LABEL])) {
      const labels = ns.metadata.labels ?? {};
      for (const mode of ['enforce', 'warn', 'audit']) {
        if (labels[`${PSA}/${mode}`] !== 'restricted')
          out.push({ object: objectRef(ns), message: `${PSA}/${mode} is ${JSON.stringify(labels[`${PSA}/${mode}`] ?? null)}, not "restricted"` });
      }
      const version = labels[`${PSA}/enforce-version`];
      if (!version || !/^v1\.\d+$/.test(version))
        out.push({ object: objectRef(ns), message: `${PSA}/enforce-version is ${JSON.stringify(version ?? null)}, not a pinned version` });
    }
    return out;
  },
};
