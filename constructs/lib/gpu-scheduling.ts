/** How pods find GPU nodes: shared by the node pools (Terraform) and GPU workloads (manifests). */

/** The label that names a node's GPU pool; workloads select a pool with it. */
export const GPU_POOL_LABEL = 'mlops-platform.io/gpu-pool';

/** The taint every GPU node carries, so only pods that ask for GPUs land there. */
export const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' } as const;

/** The toleration a GPU pod needs. */
export const GPU_TOLERATION = { key: GPU_TAINT.key, operator: 'Equal', value: GPU_TAINT.value, effect: GPU_TAINT.effect } as const;

/** Node selector for one pool. */
export function gpuPoolSelector(pool: string): Record<string, string> {
  return { [GPU_POOL_LABEL]: pool };
}

/**
 * Where a GPU workload runs: the pool's name, the node selector that puts a
 * pod on it and the toleration of its taint. `GpuNodePool` hands these to
 * the workloads; they never derive them from the pool's name.
 */
export interface GpuPlacement {
  readonly name: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly toleration: typeof GPU_TOLERATION;
}
