import { TENANT_LABEL } from '../../lib/labels';
import { type Guardrail, objectRef, resourceRef, terraformMetadata, terraformResources, type Violation, ofKind } from '../guardrail';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

/** PLT-02: platform namespaces enforce Pod Security `restricted`; a privileged component is a reasoned exemption of its one namespace. */
export const plt02PlatformPodSecurity: Guardrail = {
  id: 'PLT-02',
  level: 'error',
  title: 'Every namespace the platform creates enforces Pod Security restricted, unless exempted with a reason',
  fix: 'Keep platform namespaces restricted; where a component must run privileged (GPU Operator, NFS node plugin), exempt its namespace with a reason.',
  check({ objects, stacks }) {
    const out: Violation[] = [];
    for (const r of terraformResources(stacks).filter((r) => /^kubernetes_namespace(_v1)?$/.test(r.type))) {
      const metadata = terraformMetadata(r);
      const level = metadata.labels?.[ENFORCE];
      if (level !== 'restricted') out.push({ object: resourceRef(r), message: `namespace ${metadata.name} enforces Pod Security ${level ?? '(nothing)'}` });
    }
    for (const ns of ofKind(objects, 'Namespace').filter((o) => !o.metadata.labels?.[TENANT_LABEL])) {
      const level = ns.metadata.labels?.[ENFORCE];
      if (level !== 'restricted') out.push({ object: objectRef(ns), message: `enforces Pod Security ${level ?? '(nothing)'}` });
    }
    return out;
  },
};
