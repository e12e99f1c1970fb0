import { Construct } from 'constructs';
import { Labels } from '@cdktf/provider-kubernetes/lib/labels';
import { NodeTaint } from '@cdktf/provider-kubernetes/lib/node-taint';
import { type GpuSharing, poolCapacity } from '../lib/capacity';
import { GPU_TAINT, GPU_TOLERATION, type GpuPlacement, gpuPoolSelector } from '../lib/gpu-scheduling';
import { MIG_INSTANCES_PER_GPU } from '../lib/mig-profiles';
import { DNS_LABEL, DNS_SUBDOMAIN } from '../lib/naming';
import { Problems } from '../lib/problems';
import { parseQuantity } from '../lib/quantity';
import { terraformName } from '../lib/terraform-names';
import { namedScope } from '../lib/named-scope';

/** Properties of a {@link GpuNodePool}. */
export interface GpuNodePoolProps {
  /** Pool name (a DNS label); names the device-plugin configuration too. */
  readonly name: string;
  /** Kubernetes node names. */
  readonly nodes: readonly string[];
  /** GPU model, for people. */
  readonly gpuModel: string;
  /** Physical GPUs per node. */
  readonly gpusPerNode: number;
  /** Allocatable CPU per node (a quantity). */
  readonly cpuPerNode: string;
  /** Allocatable memory per node (a quantity). */
  readonly memoryPerNode: string;
  /**
   * How GPUs are shared.
   * @default { mode: 'none' } - one pod per GPU
   */
  readonly sharing?: GpuSharing;
}

/**
 * A set of GPU nodes: each gets the pool label and the
 * `nvidia.com/gpu=present:NoSchedule` taint, plus the labels that select its
 * GPU sharing (the device-plugin configuration for time-slicing, the MIG
 * profile for MIG). Nodes themselves are not created: they exist already.
 */
export class GpuNodePool extends Construct implements GpuPlacement {
  /** Pool name. */
  public readonly name: string;
  /** How the GPUs are shared. */
  public readonly sharing: GpuSharing;
  /** What the pool schedules: `nvidia.com/gpu` units (after sharing), CPU cores and memory bytes of its nodes. */
  public readonly capacity: { readonly gpus: number; readonly cpu: number; readonly memory: number };
  /** Node selector that puts a pod on this pool. */
  public readonly nodeSelector: Readonly<Record<string, string>>;
  /** Toleration a pod needs for the pool's taint. */
  public readonly toleration = GPU_TOLERATION;
  /** Labels set on every node of the pool. */
  public readonly nodeLabels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: GpuNodePoolProps) {
    super(scope, id);
    this.name = props.name;
    this.sharing = props.sharing ?? { mode: 'none' };
    validate(props);
    const { gpus, cpu, memory } = poolCapacity({ ...props, sharing: this.sharing });
    this.capacity = { gpus, cpu, memory };
    this.nodeSelector = gpuPoolSelector(props.name);
    this.nodeLabels = {
      ...this.nodeSelector,
      ...(this.sharing.mode === 'time-slicing' ? { 'nvidia.com/device-plugin.config': props.name } : {}),
      ...(this.sharing.mode === 'mig' ? { 'nvidia.com/device-plugin.config': props.name, 'nvidia.com/mig.config': `all-${this.sharing.profile}` } : {}),
    };
    for (const node of props.nodes) {
      const nodeScope = namedScope(this, node);
      const labels = new Labels(nodeScope, 'Labels', {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: node },
        labels: { ...this.nodeLabels },
        fieldManager: 'mlops-platform',
        force: true,
      });
      labels.overrideLogicalId(terraformName('gpu_pool', props.name, node, 'labels'));
      const taint = new NodeTaint(nodeScope, 'Taint', {
        metadata: { name: node },
        taint: [{ ...GPU_TAINT }],
        fieldManager: 'mlops-platform',
        force: true,
      });
      taint.overrideLogicalId(terraformName('gpu_pool', props.name, node, 'taint'));
    }
  }
}

function validate(props: GpuNodePoolProps): void {
  const problems = new Problems();
  if (!DNS_LABEL.test(props.name)) problems.add('name', 'must be a DNS label', props.name);
  if (!props.nodes.length) problems.add('nodes', 'must list at least one node', props.nodes);
  props.nodes.forEach((node, i) => {
    if (!DNS_SUBDOMAIN.test(node)) problems.add(`nodes[${i}]`, 'must be a Kubernetes node name', node);
  });
  if (new Set(props.nodes).size !== props.nodes.length) problems.add('nodes', 'must not repeat a node', props.nodes);
  if (!Number.isInteger(props.gpusPerNode) || props.gpusPerNode < 1) problems.add('gpusPerNode', 'must be a whole number >= 1', props.gpusPerNode);
  for (const field of ['cpuPerNode', 'memoryPerNode'] as const) {
    if (!(parseQuantity(props[field])! > 0)) problems.add(field, 'must be a Kubernetes quantity > 0', props[field]);
  }
  const sharing = props.sharing;
  if (sharing?.mode === 'time-slicing' && (!Number.isInteger(sharing.replicas) || sharing.replicas < 2)) {
    problems.add('sharing.replicas', 'must be a whole number >= 2', sharing.replicas);
  }
  if (sharing?.mode === 'mig' && !(sharing.profile in MIG_INSTANCES_PER_GPU))
    problems.add('sharing.profile', 'must be a MIG profile the MIG manager lays out on whole GPUs, such as "1g.10gb"', sharing.profile);
  problems.throwIfAny(`GpuNodePool ${props.name}`);
}
