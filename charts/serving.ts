import type { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { PLATFORM_NAMESPACES } from '../constructs/lib/naming';
import type { InternalCaIssuer } from '../constructs/platform/internal-ca-issuer';
import type { IObjectStore } from '../constructs/platform/object-store';
import type { PlatformGateway } from '../constructs/platform/platform-gateway';
import { PLATFORM_PRIORITY } from '../constructs/platform/platform-priorities';
import { ServiceNamespace } from '../constructs/platform/service-namespace';
import { ModelServer } from '../constructs/serving/model-server';
import type { PlatformSpec } from '../environments/spec';
import type { GpuPlacement } from '../constructs/lib/gpu-scheduling';

/** Handles the serving chart needs from earlier charts. */
export interface ServingChartProps {
  readonly issuer: InternalCaIssuer;
  readonly objectStore: IObjectStore;
  /** The gateway every model server is served through. */
  readonly gateway: PlatformGateway;
  /** The GPU node pools (the cluster stack's), where servers with GPUs run. */
  readonly gpuPools: readonly GpuPlacement[];
}

/** Chart `50-serving`: one {@link ModelServer} per `serving[]` entry. */
export class ServingChart extends Chart {
  public readonly servers: ReadonlyMap<string, ModelServer>;

  constructor(scope: Construct, id: string, spec: PlatformSpec, props: ServingChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const servers = new Map<string, ModelServer>();
    if (spec.serving.length) {
      const namespace = new ServiceNamespace(this, 'Namespace', {
        name: PLATFORM_NAMESPACES.serving,
        component: 'model-serving',
        podSecurityVersion: `v${spec.kubernetes.version}`,
        holdsData: true,
      });
      for (const s of spec.serving) {
        servers.set(
          s.name,
          new ModelServer(this, s.name, {
            ...s,
            pool: s.gpu > 0 ? props.gpuPools.find((p) => p.name === (s.pool ?? spec.gpuPools[0]?.name)) : undefined,
            namespace,
            objectStore: props.objectStore,
            issuer: props.issuer,
            gateway: props.gateway,
            priorityClassName: PLATFORM_PRIORITY.services.name,
            imageMirror: spec.registry.mirror,
          }),
        );
      }
    }
    this.servers = servers;
  }
}
