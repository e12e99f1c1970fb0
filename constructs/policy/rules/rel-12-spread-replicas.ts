import { type Guardrail, objectRef, type Violation, ofKind } from '../guardrail';

/** REL-12: replicated services spread over nodes and update one pod at a time. */
export const rel12SpreadReplicas: Guardrail = {
  id: 'REL-12',
  level: 'error',
  title: 'Deployments and StatefulSets with 2+ replicas have pod anti-affinity or a topology spread, and Deployments roll (strategy RollingUpdate)',
  fix: 'Add a topologySpreadConstraint on kubernetes.io/hostname and keep the RollingUpdate strategy.',
  check({ objects }) {
    const out: Violation[] = [];
    for (const w of ofKind(objects, 'Deployment', 'StatefulSet').filter((o) => (o.spec?.replicas ?? 1) >= 2)) {
      const pod = w.spec?.template?.spec ?? {};
      if (!pod.topologySpreadConstraints?.length && !pod.affinity?.podAntiAffinity)
        out.push({ object: objectRef(w), message: 'has replicas but no anti-affinity or topology spread' });
      if (w.kind === 'Deployment' && (w.spec?.strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate')
        out.push({ object: objectRef(w), message: `updates with strategy ${w.spec.strategy.type}` });
    }
    return out;
  },
};
