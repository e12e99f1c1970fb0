import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { type ChartSource, mirroredRepository } from '../lib/helm-charts';
import type { GpuNodePool } from './gpu-node-pool';
import { PlatformHelmRelease } from './platform-helm-release';
import { PlatformNamespace } from './platform-namespace';

/** Properties of a {@link GpuOperator}. */
export interface GpuOperatorProps {
  /** The pools whose GPUs it manages; their sharing becomes device-plugin configurations. */
  readonly pools: readonly GpuNodePool[];
  /** Chart, repository and pinned version. */
  readonly chart: ChartSource;
  /** Pinned Pod Security version for its namespace, e.g. `v1.31`. */
  readonly podSecurityVersion: string;
  /**
   * Install the NVIDIA driver from a container; off where nodes have it preinstalled.
   * @default false
   */
  readonly installDriver?: boolean;
  /**
   * Run the DCGM exporter for GPU metrics.
   * @default true
   */
  readonly dcgmExporter?: boolean;
  /**
   * MIG strategy for pools that use MIG.
   * @default 'single'
   */
  readonly migStrategy?: 'single' | 'mixed';
  /**
   * Registry prefix every image is pulled through (air-gapped sites).
   * @default - upstream registries
   */
  readonly imageMirror?: string;
  /**
   * Namespace name.
   * @default 'gpu-operator'
   */
  readonly namespace?: string;
}

/** Device-plugin configuration of one pool, as the plugin's config file. */
function devicePluginConfig(pool: GpuNodePool, migStrategy: string): string {
  const sharing = pool.sharing;
  const config =
    sharing.mode === 'time-slicing'
      ? {
          version: 'v1',
          flags: { migStrategy: 'none' },
          sharing: { timeSlicing: { renameByDefault: false, failRequestsGreaterThanOne: true, resources: [{ name: 'nvidia.com/gpu', replicas: sharing.replicas }] } },
        }
      : { version: 'v1', flags: { migStrategy: sharing.mode === 'mig' ? migStrategy : 'none' } };
  return stringify(config, { lineWidth: 0 });
}

/**
 * The NVIDIA GPU Operator: container toolkit, device plugin with one
 * configuration per pool (whole GPUs, time-slicing or MIG), GPU feature
 * discovery, MIG manager where a pool uses MIG, DCGM exporter, and the driver
 * when asked. Its pods load kernel modules and mount host paths, so its
 * namespace runs privileged: an exemption scoped to that namespace, with its
 * reason, in every synth report.
 */
export class GpuOperator extends Construct {
  /** The namespace it runs in. */
  public readonly namespace: PlatformNamespace;
  /** The Helm release. */
  public readonly release: PlatformHelmRelease;
  /** Chart values as installed. */
  public readonly values: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: GpuOperatorProps) {
    super(scope, id);
    if (!props.pools.length) throw new Error('GpuOperator: needs at least one GPU pool');
    const mirror = (repository: string) => mirroredRepository(repository, props.imageMirror);
    const migStrategy = props.migStrategy ?? 'single';
    const usesMig = props.pools.some((p) => p.sharing.mode === 'mig');
    this.namespace = new PlatformNamespace(this, 'Namespace', {
      name: props.namespace ?? 'gpu-operator',
      component: 'gpu-operator',
      podSecurityVersion: props.podSecurityVersion,
      podSecurity: 'privileged',
      exemptionReason: 'GPU Operator pods (driver, container toolkit, device plugin, DCGM, MIG manager) load kernel modules and mount host paths on GPU nodes',
    });
    this.values = {
      nfd: { enabled: true },
      psa: { enabled: false },
      operator: { repository: mirror('nvcr.io/nvidia') },
      validator: { repository: mirror('nvcr.io/nvidia/cloud-native') },
      driver: { enabled: props.installDriver ?? false, repository: mirror('nvcr.io/nvidia'), manager: { repository: mirror('nvcr.io/nvidia/cloud-native') } },
      toolkit: { enabled: true, repository: mirror('nvcr.io/nvidia/k8s') },
      devicePlugin: {
        enabled: true,
        repository: mirror('nvcr.io/nvidia'),
        config: {
          create: true,
          name: 'device-plugin-config',
          default: 'default',
          data: Object.fromEntries([
            ['default', stringify({ version: 'v1', flags: { migStrategy: 'none' } }, { lineWidth: 0 })],
            ...props.pools.filter((p) => p.sharing.mode !== 'none').map((p) => [p.name, devicePluginConfig(p, migStrategy)]),
          ]),
        },
      },
      gfd: { enabled: true, repository: mirror('nvcr.io/nvidia') },
      dcgmExporter: { enabled: props.dcgmExporter ?? true, repository: mirror('nvcr.io/nvidia/k8s') },
      mig: { strategy: migStrategy },
      migManager: { enabled: usesMig, repository: mirror('nvcr.io/nvidia/cloud-native'), config: { default: 'all-disabled' } },
      daemonsets: { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] },
      ...(props.imageMirror ? { 'node-feature-discovery': { image: { repository: mirror('registry.k8s.io/nfd/node-feature-discovery') } } } : {}),
    };
    this.release = new PlatformHelmRelease(this, 'Release', { name: 'gpu-operator', namespace: this.namespace, chart: props.chart, values: this.values });
  }
}
