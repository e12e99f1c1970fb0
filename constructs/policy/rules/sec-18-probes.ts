import { type Guardrail, objectRef, type Violation } from '../guardrail';
import { podTemplates } from '../inspect';

/** SEC-18: long-running containers tell Kubernetes whether they work. */
export const sec18Probes: Guardrail = {
  id: 'SEC-18',
  level: 'error',
  title: 'Every container of a Deployment, StatefulSet or DaemonSet has a readiness, liveness or startup probe (Jobs are exempt)',
  fix: 'Add readiness and liveness probes on the container’s health endpoint.',
  check({ objects }) {
    const out: Violation[] = [];
    for (const { owner, spec } of podTemplates(objects).filter((t) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(t.owner.kind))) {
      for (const c of spec.containers ?? []) {
        if (!c.readinessProbe && !c.livenessProbe && !c.startupProbe) out.push({ object: objectRef(owner), message: `container ${c.name} has no probe` });
      }
    }
    return out;
  },
};
