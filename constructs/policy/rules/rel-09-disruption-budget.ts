import { type Guardrail, objectRef, type Violation, ofKind } from '../guardrail';
import { objectsIn, selects } from '../inspect';

/** REL-09: replicated services survive node drains: a PDB that lets one pod go at a time. */
export const rel09DisruptionBudget: Guardrail = {
  id: 'REL-09',
  level: 'error',
  title: 'Every Deployment/StatefulSet with 2+ replicas has a PDB with maxUnavailable >= 1 or minAvailable < replicas, and unhealthyPodEvictionPolicy set',
  fix: 'Add a PodDisruptionBudget selecting the pods (maxUnavailable: 1, unhealthyPodEvictionPolicy: AlwaysAllow).',
  check({ objects }) {
    const out: Violation[] = [];
    for (const workload of ofKind(objects, 'Deployment', 'StatefulSet').filter((o) => (o.spec?.replicas ?? 1) >= 2)) {
      const labels = workload.spec?.template?.metadata?.labels ?? {};
      const replicas = workload.spec.replicas;
      const budgets = objectsIn(objects, workload.metadata.namespace ?? '', 'PodDisruptionBudget').filter((p) => selects(p.spec?.selector, labels));
      const usable = budgets.filter((p) => {
        const { maxUnavailable, minAvailable, unhealthyPodEvictionPolicy } = p.spec ?? {};
        const allows =
          maxUnavailable !== undefined
            ? Number.parseInt(String(maxUnavailable), 10) >= 1
            : minAvailable !== undefined && Number.parseInt(String(minAvailable), 10) < replicas;
        return allows && unhealthyPodEvictionPolicy !== undefined;
      });
      if (!usable.length)
        out.push({
          object: objectRef(workload),
          message: `has ${replicas} replicas and ${budgets.length ? 'no PDB that allows a disruption and sets unhealthyPodEvictionPolicy' : 'no PDB'}`,
        });
    }
    return out;
  },
};
