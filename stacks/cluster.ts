import type { Construct } from 'constructs';
import { CertManager } from '../constructs/cluster/cert-manager';
import { GpuNodePool } from '../constructs/cluster/gpu-node-pool';
import { GpuOperator } from '../constructs/cluster/gpu-operator';
import { Kueue } from '../constructs/cluster/kueue';
import { NasStorage } from '../constructs/cluster/nas-storage';
import type { PlatformSpec } from '../environments/spec';
import { SpecStack } from './spec-stack';

/**
 * The `cluster` state: the cluster's physical setup and the software it needs
 * before anything else — GPU node pools and the GPU Operator, the NAS through
 * the NFS CSI driver, cert-manager, Kueue. It composes
 * constructs; the logic lives in `constructs/cluster`.
 */
export class ClusterStack extends SpecStack {
  /** The GPU pools. */
  public readonly gpuPools: readonly GpuNodePool[];
  /** The GPU Operator, when there are GPU pools. */
  public readonly gpuOperator?: GpuOperator;
  /** The NAS storage classes and driver. */
  public readonly storage: NasStorage;
  /** cert-manager, which issues every platform certificate. */
  public readonly certManager: CertManager;
  /** Kueue, when fair GPU sharing is on. */
  public readonly kueue?: Kueue;

  constructor(scope: Construct, spec: PlatformSpec) {
    super(scope, 'cluster', spec);
    this.gpuPools = spec.gpuPools.map((pool) => new GpuNodePool(this, pool.name, pool));
    if (this.gpuPools.length) {
      const mig = spec.gpuPools.find((p) => p.sharing.mode === 'mig')?.sharing;
      this.gpuOperator = new GpuOperator(this, 'GpuOperator', {
        ...this.release('gpuOperator'),
        pools: this.gpuPools,
        installDriver: spec.gpuOperator.installDriver,
        dcgmExporter: spec.gpuOperator.dcgmExporter,
        migStrategy: mig?.mode === 'mig' ? mig.strategy : undefined,
      });
    }
    this.storage = new NasStorage(this, 'NasStorage', {
      ...spec.storage.nfs,
      ...this.release('csiDriverNfs'),
      controllerReplicas: spec.gpuPools.flatMap((p) => p.nodes).length > 1 ? 2 : 1,
    });
    this.certManager = new CertManager(this, 'CertManager', this.release('certManager'));
    if (spec.kubeflow.fairSharing) this.kueue = new Kueue(this, 'Kueue', this.release('kueue'));
  }
}
