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

/**
 * The image repository of every component the operator can start, as the
 * chart's values.yaml (v26.7.0) sets it, keyed by values path. Since v25.10
 * the validator and node status exporter are the consolidated operator image
 * (`nvcr.io/nvidia/gpu-operator`). Components a site leaves off are listed
 * too: the ClusterPolicy names their images whether or not they run, and a
 * later switch must not pull past the mirror. The vGPU manager has no
 * upstream image (a site builds it with its licensed driver), so it is not here.
 */
const GPU_OPERATOR_REPOSITORIES: Readonly<Record<string, string>> = {
  operator: 'nvcr.io/nvidia',
  validator: 'nvcr.io/nvidia',
  driver: 'nvcr.io/nvidia',
  'driver.manager': 'nvcr.io/nvidia/cloud-native',
  toolkit: 'nvcr.io/nvidia/k8s',
  devicePlugin: 'nvcr.io/nvidia',
  dcgm: 'nvcr.io/nvidia/cloud-native',
  dcgmExporter: 'nvcr.io/nvidia/k8s',
  gfd: 'nvcr.io/nvidia',
  migManager: 'nvcr.io/nvidia/cloud-native',
  nodeStatusExporter: 'nvcr.io/nvidia',
  gds: 'nvcr.io/nvidia/cloud-native',
  gdrcopy: 'nvcr.io/nvidia/cloud-native',
  'vgpuManager.driverManager': 'nvcr.io/nvidia/cloud-native',
  vfioManager: 'nvcr.io/nvidia/cloud-native',
  'vfioManager.driverManager': 'nvcr.io/nvidia/cloud-native',
  vgpuDeviceManager: 'nvcr.io/nvidia/cloud-native',
  sandboxDevicePlugin: 'nvcr.io/nvidia',
  kataSandboxDevicePlugin: 'nvcr.io/nvidia/cloud-native',
  ccManager: 'nvcr.io/nvidia/cloud-native',
  draDriver: 'nvcr.io/nvidia',
};

/** The values tree that points every component's repository at the mirror. */
function mirroredRepositories(mirror: string): Record<string, any> {
  const tree: Record<string, any> = {};
  for (const [keyPath, repository] of Object.entries(GPU_OPERATOR_REPOSITORIES)) {
    const keys = keyPath.split('.');
    let node = tree;
    for (const key of keys) {
      node[key] = node[key] ?? {};
      node = node[key];
    }
    node.repository = mirroredRepository(repository, mirror);
  }
  return tree;
}

/** Merges `extra` into `base` (objects only), returning a new tree. */
function merged(base: Record<string, any>, extra: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    out[key] = value && typeof value === 'object' && !Array.isArray(value) && out[key] && typeof out[key] === 'object' ? merged(out[key], value) : value;
  }
  return out;
}

/** Device-plugin configuration of one pool, as the plugin's config file. */
function devicePluginConfig(pool: GpuNodePool, migStrategy: string): string {
  const sharing = pool.sharing;
  const config =
    sharing.mode === 'time-slicing'
      ? {
          version: 'v1',
          flags: { migStrategy: 'none' },
          sharing: {
            timeSlicing: { renameByDefault: false, failRequestsGreaterThanOne: true, resources: [{ name: 'nvidia.com/gpu', replicas: sharing.replicas }] },
          },
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
    const migStrategy = props.migStrategy ?? 'single';
    const usesMig = props.pools.some((p) => p.sharing.mode === 'mig');
    this.namespace = new PlatformNamespace(this, 'Namespace', {
      name: props.namespace ?? 'gpu-operator',
      component: 'gpu-operator',
      podSecurityVersion: props.podSecurityVersion,
      podSecurity: 'privileged',
      exemptionReason: 'GPU Operator pods (driver, container toolkit, device plugin, DCGM, MIG manager) load kernel modules and mount host paths on GPU nodes',
    });
    const settings = {
      nfd: { enabled: true },
      psa: { enabled: false },
      driver: { enabled: props.installDriver ?? false },
      toolkit: { enabled: true },
      devicePlugin: {
        enabled: true,
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
      gfd: { enabled: true },
      dcgmExporter: { enabled: props.dcgmExporter ?? true },
      mig: { strategy: migStrategy },
      migManager: { enabled: usesMig, config: { default: 'all-disabled' } },
      daemonsets: { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] },
    };
    this.values = props.imageMirror
      ? merged(merged(settings, mirroredRepositories(props.imageMirror)), {
          'node-feature-discovery': { image: { repository: mirroredRepository('registry.k8s.io/nfd/node-feature-discovery', props.imageMirror) } },
        })
      : settings;
    this.release = new PlatformHelmRelease(this, 'Release', { name: 'gpu-operator', namespace: this.namespace, chart: props.chart, values: this.values });
  }
}
