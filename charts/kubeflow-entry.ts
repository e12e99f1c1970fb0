import type { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { KubeflowEntry } from '../constructs/kubeflow/kubeflow-entry';
import type { IngressEntry } from '../constructs/lib/ingress';
import type { InternalCaIssuer } from '../constructs/platform/internal-ca-issuer';
import type { PlatformSpec } from '../environments/spec';

/** Handles the chart needs from earlier charts. */
export interface KubeflowEntryChartProps {
  readonly issuer: InternalCaIssuer;
  readonly ingress: IngressEntry;
}

/** Chart `39-kubeflow-entry`: after the Kubeflow units (their Istio CRDs and namespaces), before the tenants. */
export class KubeflowEntryChart extends Chart {
  public readonly entry: KubeflowEntry;

  constructor(scope: Construct, id: string, spec: PlatformSpec, props: KubeflowEntryChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    this.entry = new KubeflowEntry(this, 'Entry', { issuer: props.issuer, domain: spec.kubernetes.domain, allowedSourceRanges: [spec.vpn.cidr], ingress: props.ingress });
  }
}
