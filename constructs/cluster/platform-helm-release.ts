import { Construct } from 'constructs';
import { Release } from '@cdktf/provider-helm/lib/release';
import { stringify } from 'yaml';
import type { ChartSource } from '../lib/helm-charts';
import { terraformName } from '../lib/terraform-names';
import type { PlatformNamespace } from './platform-namespace';

/** Properties of a {@link PlatformHelmRelease}. */
export interface PlatformHelmReleaseProps {
  /** Release name; also names the Terraform resource (`helm_release.<name>`). */
  readonly name: string;
  /** The namespace it installs into, created first with its Pod Security labels. */
  readonly namespace: PlatformNamespace;
  /** Chart, repository and pinned version. */
  readonly chart: ChartSource;
  /** Chart values, written as one YAML document. */
  readonly values: Record<string, unknown>;
  /**
   * Seconds Helm waits for the release to become ready.
   * @default 900
   */
  readonly timeoutSeconds?: number;
}

/**
 * A pinned Helm release of platform software: atomic (a failed install or
 * upgrade rolls back), waits for readiness, never creates its own namespace
 * and never installs an unpinned chart.
 */
export class PlatformHelmRelease extends Construct {
  /** The Terraform resource. */
  public readonly resource: Release;

  constructor(scope: Construct, id: string, props: PlatformHelmReleaseProps) {
    super(scope, id);
    if (!/^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(props.chart.version)) {
      throw new Error(`PlatformHelmRelease ${props.name}: chart version must be pinned (x.y.z), got "${props.chart.version}"`);
    }
    this.resource = new Release(this, 'Resource', {
      name: props.name,
      namespace: props.namespace.name,
      chart: props.chart.chart,
      repository: props.chart.repository,
      version: props.chart.version,
      values: [stringify(props.values, { lineWidth: 0 })],
      atomic: true,
      wait: true,
      cleanupOnFail: true,
      createNamespace: false,
      maxHistory: 10,
      timeout: props.timeoutSeconds ?? 900,
      dependsOn: [props.namespace.resource],
    });
    this.resource.overrideLogicalId(terraformName(props.name));
  }
}
