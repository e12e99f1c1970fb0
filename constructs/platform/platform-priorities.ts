import { Construct } from 'constructs';
import { KubePriorityClass } from 'cdk8s-plus-28/lib/imports/k8s';
import { PLATFORM_NAME, standardLabels } from '../lib/labels';

/**
 * The platform's priority classes, by what runs at them: the way in (the
 * VPN and ingress gateways), the data stores (databases, the object store)
 * and the services (MLflow, model servers). Tenant pods run at the default
 * priority and may not use these (each tenant's quota allows them no pod).
 */
export const PLATFORM_PRIORITY = {
  critical: { name: 'mlops-platform-critical', value: 1_000_000, description: 'the way in: the WireGuard and ingress gateways' },
  data: { name: 'mlops-platform-data', value: 900_000, description: 'the platform’s data stores: PostgreSQL and the object store' },
  services: { name: 'mlops-platform-services', value: 800_000, description: 'the platform’s services: MLflow and the model servers' },
} as const;

/** The names of the platform's priority classes. */
export const PLATFORM_PRIORITY_CLASSES: readonly string[] = Object.values(PLATFORM_PRIORITY).map((p) => p.name);

/**
 * The PriorityClasses of {@link PLATFORM_PRIORITY}: above every tenant pod
 * (default 0), below the cluster's own `system-*` classes; they preempt
 * tenant pods when the nodes are full.
 */
export class PlatformPriorities extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    for (const [role, p] of Object.entries(PLATFORM_PRIORITY)) {
      new KubePriorityClass(this, role, {
        metadata: { name: p.name, labels: standardLabels({ name: p.name, instance: PLATFORM_NAME, component: 'priority-class' }) },
        value: p.value,
        globalDefault: false,
        preemptionPolicy: 'PreemptLowerPriority',
        description: `mlops-platform: ${p.description}`,
      });
    }
  }
}
