import { TerraformStack, Testing } from 'cdktf';
import { NodeTaint } from '@cdktf/provider-kubernetes/lib/node-taint';
import { Labels } from '@cdktf/provider-kubernetes/lib/labels';
import { GpuNodePool, type GpuNodePoolProps } from '../../constructs/cluster/gpu-node-pool';

const base: GpuNodePoolProps = { name: 'a100', nodes: ['gpu-01', 'gpu-02'], gpuModel: 'A100', gpusPerNode: 4, cpuPerNode: '64', memoryPerNode: '512Gi' };

function synth(props: Partial<GpuNodePoolProps> = {}): { json: string; pool: GpuNodePool } {
  let pool!: GpuNodePool;
  const json = Testing.synthScope((scope) => {
    pool = new GpuNodePool(scope, 'Pool', { ...base, ...props });
  });
  return { json, pool };
}

describe('GpuNodePool', () => {
  test('labels every node with its pool and taints it nvidia.com/gpu=present:NoSchedule', () => {
    const { json } = synth();
    for (const node of base.nodes) {
      expect(json).toHaveResourceWithProperties(Labels, {
        api_version: 'v1',
        kind: 'Node',
        metadata: { name: node },
        labels: { 'mlops-platform.io/gpu-pool': 'a100' },
      });
      expect(json).toHaveResourceWithProperties(NodeTaint, {
        metadata: { name: node },
        taint: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
      });
    }
  });

  test('names Terraform addresses after the pool and node, not a construct hash', () => {
    const resources = JSON.parse(synth().json).resource;
    expect(Object.keys(resources.kubernetes_labels)).toEqual(['gpu_pool_a100_gpu_01_labels', 'gpu_pool_a100_gpu_02_labels']);
    expect(Object.keys(resources.kubernetes_node_taint)).toEqual(['gpu_pool_a100_gpu_01_taint', 'gpu_pool_a100_gpu_02_taint']);
  });

  test('whole GPUs by default: capacity is nodes x GPUs and no sharing label', () => {
    const { pool, json } = synth();
    expect(pool.capacity.gpus).toBe(8);
    expect(json).not.toContain('nvidia.com/device-plugin.config');
  });

  test('time-slicing selects the pool’s device-plugin configuration and multiplies capacity', () => {
    const { pool, json } = synth({ sharing: { mode: 'time-slicing', replicas: 4 } });
    expect(pool.capacity.gpus).toBe(32);
    expect(json).toHaveResourceWithProperties(Labels, { labels: expect.objectContaining({ 'nvidia.com/device-plugin.config': 'a100' }) });
  });

  test('MIG selects the MIG profile for the MIG manager', () => {
    const { pool, json } = synth({ sharing: { mode: 'mig', profile: '3g.40gb' } });
    expect(pool.capacity.gpus).toBe(16);
    expect(json).toHaveResourceWithProperties(Labels, { labels: expect.objectContaining({ 'nvidia.com/mig.config': 'all-3g.40gb' }) });
  });

  test('exposes the selector and toleration workloads need', () => {
    const { pool } = synth();
    expect(pool.nodeSelector).toEqual({ 'mlops-platform.io/gpu-pool': 'a100' });
    expect(pool.toleration).toEqual({ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' });
  });

  test('fails when nodes repeat or are missing, GPUs are not whole and sharing is off', () => {
    const stack = new TerraformStack(Testing.app(), 'x');
    expect(
      () =>
        new GpuNodePool(stack, 'Bad', { ...base, nodes: ['n1', 'n1'], gpusPerNode: 0.5, cpuPerNode: 'lots', sharing: { mode: 'time-slicing', replicas: 1 } }),
    ).toThrow(
      /nodes: must not repeat a node[\s\S]*gpusPerNode: must be a whole number >= 1, got 0.5[\s\S]*cpuPerNode[\s\S]*sharing.replicas: must be a whole number >= 2, got 1/,
    );
  });

  test('fails when the pool has no node', () => {
    const stack = new TerraformStack(Testing.app(), 'x');
    expect(() => new GpuNodePool(stack, 'Bad', { ...base, nodes: [] })).toThrow('nodes: must list at least one node');
  });
});
