import type { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { KubeflowEntry } from '../constructs/kubeflow/kubeflow-entry';
import type { InternalCaIssuer } from '../constructs/platform/internal-ca-issuer';
import { PlatformGateway } from '../constructs/platform/platform-gateway';
import type { PlatformSpec } from '../environments/spec';

/** Handles the chart needs from earlier charts. */
export interface GatewayChartProps {
  readonly issuer: InternalCaIssuer;
}

/**
 * Chart `39-gateway`: the one Gateway, every host's certificate and route,
 * the VPN-only policy and, with Kubeflow, its entry. After Istio and the
 * Kubeflow units (their CRDs and namespaces), before the tenants; built
 * first, so the charts that own endpoints can add their routes.
 */
export class GatewayChart extends Chart {
  public readonly gateway: PlatformGateway;
  /** Kubeflow's entry, when an application is on. */
  public readonly kubeflow?: KubeflowEntry;

  constructor(scope: Construct, id: string, spec: PlatformSpec, props: GatewayChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    this.gateway = new PlatformGateway(this, 'Gateway', {
      issuer: props.issuer,
      domain: spec.kubernetes.domain,
      vpnCidr: spec.vpn.cidr,
      edgeNodeAddress: spec.vpn.gatewayNodeAddress,
    });
    const { components } = spec.kubeflow;
    if (components.notebooks || components.pipelines || components.katib)
      this.kubeflow = new KubeflowEntry(this, 'Kubeflow', { gateway: this.gateway, components });
  }
}
