import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { CertManager } from '../constructs/cluster/cert-manager';
import { ClusterProviders } from '../constructs/cluster/cluster-providers';
import { GpuNodePool } from '../constructs/cluster/gpu-node-pool';
import { IngressController } from '../constructs/cluster/ingress-controller';
import { Kueue } from '../constructs/cluster/kueue';
import { GpuOperator } from '../constructs/cluster/gpu-operator';
import { NasStorage } from '../constructs/cluster/nas-storage';
import { addStateBackend } from '../constructs/cluster/state-backend';
import { resolveChart } from '../constructs/lib/helm-charts';
import type { PlatformSpec } from '../environments/spec';

/**
 * The `cluster` state: the cluster's physical setup and the software it needs
 * before anything else — GPU node pools and the GPU Operator, the NAS through
 * the NFS CSI driver, cert-manager, the ingress controller. It composes constructs; the logic lives in `constructs/cluster`.
 */
export class ClusterStack extends TerraformStack {
  /** The providers every resource of the stack uses. */
  public readonly providers: ClusterProviders;
  /** The GPU pools, by name. */
  public readonly gpuPools: readonly GpuNodePool[];
  /** The GPU Operator, when there are GPU pools. */
  public readonly gpuOperator?: GpuOperator;
  /** The NAS storage classes and driver. */
  public readonly storage: NasStorage;
  /** cert-manager, which issues every platform certificate. */
  public readonly certManager: CertManager;
  /** The ingress controller on the edge node. */
  public readonly ingress: IngressController;
  /** Kueue, when fair GPU sharing is on. */
  public readonly kueue?: Kueue;

  constructor(scope: Construct, spec: PlatformSpec) {
    const name = `${spec.name}-cluster`;
    super(scope, name);
    const podSecurityVersion = `v${spec.kubernetes.version}`;
    const imageMirror = spec.registry.mirror;
    addStateBackend(this, {
      state: spec.state,
      stackName: name,
      kubeconfigPath: spec.kubernetes.configPath,
      kubeconfigContext: spec.kubernetes.context,
    });
    this.providers = new ClusterProviders(this, 'Providers', {
      kubeconfigPath: spec.kubernetes.configPath,
      kubeconfigContext: spec.kubernetes.context,
    });
    this.gpuPools = spec.gpuPools.map((pool) => new GpuNodePool(this, `GpuPool-${pool.name}`, pool));
    if (this.gpuPools.length) {
      const mig = spec.gpuPools.find((p) => p.sharing.mode === 'mig')?.sharing;
      this.gpuOperator = new GpuOperator(this, 'GpuOperator', {
        pools: this.gpuPools,
        chart: resolveChart('gpuOperator', spec.registry.charts, spec.charts.gpuOperator?.version),
        podSecurityVersion,
        installDriver: spec.gpuOperator.installDriver,
        dcgmExporter: spec.gpuOperator.dcgmExporter,
        migStrategy: mig?.mode === 'mig' ? mig.strategy : undefined,
        imageMirror,
      });
    }
    this.storage = new NasStorage(this, 'NasStorage', {
      ...spec.storage.nfs,
      chart: resolveChart('csiDriverNfs', spec.registry.charts, spec.charts.csiDriverNfs?.version),
      podSecurityVersion,
      controllerReplicas: spec.gpuPools.flatMap((p) => p.nodes).length > 1 ? 2 : 1,
      imageMirror,
    });
    this.certManager = new CertManager(this, 'CertManager', {
      chart: resolveChart('certManager', spec.registry.charts, spec.charts.certManager?.version),
      podSecurityVersion,
      imageMirror,
    });
    this.ingress = new IngressController(this, 'Ingress', {
      chart: resolveChart('ingressNginx', spec.registry.charts, spec.charts.ingressNginx?.version),
      podSecurityVersion,
      node: spec.vpn.gatewayNode,
      imageMirror,
    });
    if (spec.kubeflow.fairSharing) {
      this.kueue = new Kueue(this, 'Kueue', { chart: resolveChart('kueue', spec.registry.charts, spec.charts.kueue?.version), podSecurityVersion, imageMirror });
    }
  }
}
