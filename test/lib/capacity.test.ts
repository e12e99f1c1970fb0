import { poolCapacity, unitsPerGpu } from '../../constructs/lib/capacity';

describe('GPU capacity', () => {
  test('MIG instances per GPU are those of the MIG manager’s all-<profile> layouts, not a count by compute slices', () => {
    // GPU Operator v26.7.0 assets/state-mig-manager/0400_configmap.yaml: all-1g.20gb is "1g.20gb": 4 (H100 and A100 80 GB);
    // all-3g.40gb is 2; all-1g.10gb is 7 on 80 GB GPUs and 4 on A100 40 GB, counted as 4.
    expect(unitsPerGpu({ mode: 'mig', profile: '1g.20gb' })).toBe(4);
    expect(unitsPerGpu({ mode: 'mig', profile: '3g.40gb' })).toBe(2);
    expect(unitsPerGpu({ mode: 'mig', profile: '1g.10gb' })).toBe(4);
    expect(unitsPerGpu({ mode: 'mig', profile: '1g.5gb' })).toBe(7);
    const pool = {
      name: 'h100',
      nodes: ['n1', 'n2'],
      gpusPerNode: 8,
      cpuPerNode: '96',
      memoryPerNode: '1Ti',
      sharing: { mode: 'mig', profile: '1g.20gb' } as const,
    };
    expect(poolCapacity(pool)).toMatchObject({ gpus: 64, detail: '2 nodes x 8 GPUs x 4 MIG 1g.20gb' });
  });

  test('whole GPUs count once, time slices as many replicas, an unknown MIG profile as one', () => {
    const pool = { name: 'a', nodes: ['n1'], gpusPerNode: 1, cpuPerNode: '500m', memoryPerNode: '2Gi', sharing: { mode: 'none' } as const };
    expect(poolCapacity(pool)).toEqual({ gpus: 1, cpu: 0.5, memory: 2 * 2 ** 30, detail: '1 node x 1 GPU' });
    expect(poolCapacity({ ...pool, nodes: ['n1', 'n2'], gpusPerNode: 2, sharing: { mode: 'time-slicing', replicas: 4 } })).toEqual({
      gpus: 16,
      cpu: 1,
      memory: 4 * 2 ** 30,
      detail: '2 nodes x 2 GPUs x 4 time-slices',
    });
    expect(unitsPerGpu({ mode: 'mig', profile: '9g.1tb' })).toBe(1);
    expect(poolCapacity({ ...pool, cpuPerNode: 'many', memoryPerNode: 'lots' })).toMatchObject({ cpu: 0, memory: 0 });
  });
});
