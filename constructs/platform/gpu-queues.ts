import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { namedScope } from '../lib/named-scope';
import type { GpuPlacement } from '../lib/gpu-scheduling';
import { formatBytes } from '../lib/quantity';
import { standardLabels, TENANT_LABEL } from '../lib/labels';

/** A pool to queue for: where its pods go, and what it schedules (the ClusterQueue's nominal quota). */
export interface QueuedPool extends GpuPlacement {
  /** GPUs (after sharing), CPU cores and memory bytes. */
  readonly capacity: { readonly gpus: number; readonly cpu: number; readonly memory: number };
}

/**
 * Fair GPU sharing with Kueue: one ResourceFlavor and one ClusterQueue per
 * GPU pool (quota = the pool's capacity), all in one cohort so idle GPUs can be
 * borrowed and are reclaimed by preemption, admitting only from tenant
 * namespaces. Tenants submit through their LocalQueues ({@link addLocalQueue}).
 */
export class GpuQueues extends Construct {
  /** ClusterQueue name by pool. */
  public readonly clusterQueues: ReadonlyMap<string, string>;

  constructor(scope: Construct, id: string, pools: readonly QueuedPool[]) {
    super(scope, id);
    const queues = new Map<string, string>();
    for (const pool of pools) {
      const labels = standardLabels({ name: 'kueue', instance: pool.name, component: 'gpu-queue' });
      const poolScope = namedScope(this, pool.name);
      new ApiObject(poolScope, 'Flavor', {
        apiVersion: 'kueue.x-k8s.io/v1beta2',
        kind: 'ResourceFlavor',
        metadata: { name: pool.name, labels },
        spec: { nodeLabels: { ...pool.nodeSelector }, tolerations: [{ ...pool.toleration }] },
      });
      const name = `gpu-${pool.name}`;
      new ApiObject(poolScope, 'ClusterQueue', {
        apiVersion: 'kueue.x-k8s.io/v1beta2',
        kind: 'ClusterQueue',
        metadata: { name, labels },
        spec: {
          cohortName: 'gpus',
          namespaceSelector: { matchExpressions: [{ key: TENANT_LABEL, operator: 'Exists' }] },
          queueingStrategy: 'BestEffortFIFO',
          fairSharing: { weight: 1 },
          // Tenants' pending workloads are ordered by their LocalQueue's recent usage (Kueue's admission fair sharing).
          admissionScope: { admissionMode: 'UsageBasedAdmissionFairSharing' },
          preemption: { reclaimWithinCohort: 'Any', withinClusterQueue: 'LowerPriority' },
          resourceGroups: [
            {
              coveredResources: ['cpu', 'memory', 'nvidia.com/gpu'],
              flavors: [
                {
                  name: pool.name,
                  resources: [
                    { name: 'cpu', nominalQuota: String(pool.capacity.cpu) },
                    { name: 'memory', nominalQuota: formatBytes(pool.capacity.memory) },
                    { name: 'nvidia.com/gpu', nominalQuota: String(pool.capacity.gpus) },
                  ],
                },
              ],
            },
          ],
        },
      });
      queues.set(pool.name, name);
    }
    this.clusterQueues = queues;
  }
}

/**
 * A tenant's LocalQueue on a pool's ClusterQueue (by {@link GpuQueues.clusterQueues}), in the tenant's own chart,
 * under the tenant's `scope` with the ClusterQueue's name as its ID; returns its name (the queue label value).
 */
export function addLocalQueue(scope: Construct, namespace: string, clusterQueue: string): string {
  new ApiObject(scope, clusterQueue, {
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    kind: 'LocalQueue',
    metadata: { name: clusterQueue, namespace, labels: standardLabels({ name: 'kueue', instance: namespace, component: 'tenant-queue' }) },
    spec: { clusterQueue, fairSharing: { weight: 1 } },
  });
  return clusterQueue;
}
