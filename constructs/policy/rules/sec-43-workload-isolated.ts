import { type Guardrail, objectRef } from '../guardrail';
import { objectsIn, podTemplates, selects } from '../inspect';

/** SEC-43: no workload runs outside every NetworkPolicy. */
export const sec43WorkloadIsolated: Guardrail = {
  id: 'SEC-43',
  level: 'error',
  title: 'Every Deployment/StatefulSet/DaemonSet/Job/CronJob pod template is selected by at least one NetworkPolicy',
  fix: "Add a NetworkPolicy in the workload's namespace whose podSelector matches its pod labels.",
  check({ objects }) {
    return podTemplates(objects)
      .filter(({ owner, labels }) => !objectsIn(objects, owner.metadata.namespace ?? '', 'NetworkPolicy').some((p) => selects(p.spec?.podSelector, labels)))
      .map(({ owner }) => ({ object: objectRef(owner), message: 'runs pods no NetworkPolicy selects' }));
  },
};
