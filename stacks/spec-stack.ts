import type { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { ClusterProviders } from '../constructs/cluster/cluster-providers';
import { addStateBackend } from '../constructs/cluster/state-backend';
import { type ChartKey, type ChartSource, resolveChart } from '../constructs/lib/helm-charts';
import type { PlatformSpec } from '../environments/spec';
import { type StackPart, stackName } from './stack-names';

/**
 * What every stack of an environment shares: the name `<env>-<part>`, the
 * state backend and the providers of the spec, and how a release finds its
 * chart, Pod Security version and image mirror.
 */
export abstract class SpecStack extends TerraformStack {
  /** The providers every resource of the stack uses. */
  public readonly providers: ClusterProviders;

  protected constructor(
    scope: Construct,
    part: StackPart,
    protected readonly spec: PlatformSpec,
  ) {
    const name = stackName(spec.name, part);
    super(scope, name);
    addStateBackend(this, { state: spec.state, stackName: name, kubeconfigPath: spec.kubernetes.configPath, kubeconfigContext: spec.kubernetes.context });
    this.providers = new ClusterProviders(this, 'Providers', { kubeconfigPath: spec.kubernetes.configPath, kubeconfigContext: spec.kubernetes.context });
  }

  /** The pinned chart (with the site's source and version override), Pod Security version and image mirror for a release. */
  protected release(key: ChartKey): { chart: ChartSource; podSecurityVersion: string; imageMirror?: string } {
    return {
      chart: resolveChart(key, this.spec.registry.charts, this.spec.charts[key]?.version),
      podSecurityVersion: `v${this.spec.kubernetes.version}`,
      imageMirror: this.spec.registry.mirror,
    };
  }
}
