import { Testing } from 'cdk8s';
import { GPU_TOLERATION } from '../../constructs/lib/gpu-scheduling';
import { addLocalQueue, GpuQueues } from '../../constructs/platform/gpu-queues';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { findObject } from '../support/synth';

describe('GpuQueues', () => {
  const chart = Testing.chart();
  // What a GpuNodePool hands over: where its pods go, and what it schedules (12 GPUs, 192 cores, 1.5Ti).
  const pool = {
    name: 'a100',
    nodeSelector: { 'mlops-platform.io/gpu-pool': 'a100' },
    toleration: GPU_TOLERATION,
    capacity: { gpus: 12, cpu: 192, memory: 1.5 * 2 ** 40 },
  };
  const queues = new GpuQueues(chart, 'Queues', [pool]);
  const tenantChart = Testing.chart();
  addLocalQueue(tenantChart, 'alice', queues.clusterQueues.get('a100')!);
  const tenantObjects = Testing.synth(tenantChart) as KubeObject[];
  const objects = Testing.synth(chart) as KubeObject[];

  test('a flavor per pool selects its nodes and tolerates its taint', () => {
    expect(findObject(objects, 'ResourceFlavor', 'a100').spec).toEqual({
      nodeLabels: { 'mlops-platform.io/gpu-pool': 'a100' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }],
    });
  });

  test('a ClusterQueue per pool holds its capacity, shares fairly in one cohort and reclaims borrowed GPUs', () => {
    expect(findObject(objects, 'ClusterQueue', 'gpu-a100').spec).toMatchObject({
      cohortName: 'gpus',
      fairSharing: { weight: 1 },
      preemption: { reclaimWithinCohort: 'Any' },
      namespaceSelector: { matchExpressions: [{ key: 'mlops-platform.io/tenant', operator: 'Exists' }] },
      resourceGroups: [
        {
          flavors: [
            {
              name: 'a100',
              resources: [
                { name: 'cpu', nominalQuota: '192' },
                { name: 'memory', nominalQuota: '1.5Ti' },
                { name: 'nvidia.com/gpu', nominalQuota: '12' },
              ],
            },
          ],
        },
      ],
    });
  });

  test('each tenant submits through its own LocalQueue', () => {
    expect(findObject(tenantObjects, 'LocalQueue', 'gpu-a100', 'alice').spec).toEqual({ clusterQueue: 'gpu-a100', fairSharing: { weight: 1 } });
  });

  test('the queues chart holds no tenant’s objects; a pool without queues has no ClusterQueue', () => {
    expect(objects.filter((o) => o.kind === 'LocalQueue')).toEqual([]);
    expect(queues.clusterQueues.get('h100')).toBeUndefined();
  });
});
