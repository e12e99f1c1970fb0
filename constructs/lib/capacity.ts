import { MIG_INSTANCES_PER_GPU } from './mig-profiles';
import { parseQuantity } from './quantity';

/** How a pool's GPUs are shared. */
export type GpuSharing =
  | { readonly mode: 'none' }
  | { readonly mode: 'time-slicing'; readonly replicas: number }
  | { readonly mode: 'mig'; readonly profile: string };

/** The parts of a GPU pool that decide its capacity. */
export interface PoolShape {
  readonly name: string;
  readonly nodes: readonly string[];
  readonly gpusPerNode: number;
  readonly cpuPerNode: string;
  readonly memoryPerNode: string;
  readonly sharing: GpuSharing;
}

/** Schedulable `nvidia.com/gpu` units one physical GPU becomes. */
export function unitsPerGpu(sharing: GpuSharing): number {
  switch (sharing.mode) {
    case 'none':
      return 1;
    case 'time-slicing':
      return sharing.replicas;
    case 'mig':
      return MIG_INSTANCES_PER_GPU[sharing.profile] ?? 1;
  }
}

/** A pool's schedulable GPUs, CPU cores and memory bytes, and how the GPUs were counted. */
export function poolCapacity(pool: PoolShape): { gpus: number; cpu: number; memory: number; detail: string } {
  const nodes = pool.nodes.length;
  const units = unitsPerGpu(pool.sharing);
  const sharing =
    pool.sharing.mode === 'none' ? '' : pool.sharing.mode === 'time-slicing' ? ` x ${units} time-slices` : ` x ${units} MIG ${pool.sharing.profile}`;
  return {
    gpus: nodes * pool.gpusPerNode * units,
    cpu: nodes * (parseQuantity(pool.cpuPerNode) ?? 0),
    memory: nodes * (parseQuantity(pool.memoryPerNode) ?? 0),
    detail: `${nodes} node${nodes === 1 ? '' : 's'} x ${pool.gpusPerNode} GPU${pool.gpusPerNode === 1 ? '' : 's'}${sharing}`,
  };
}
