import { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { InternalCaIssuer } from '../constructs/platform/internal-ca-issuer';
import type { PlatformSpec } from '../environments/spec';

/** Chart `00-platform-base`: what every later chart relies on — the internal CA issuer. */
export class PlatformBaseChart extends Chart {
  /** Issuer of every platform certificate. */
  public readonly issuer: InternalCaIssuer;

  constructor(scope: Construct, id: string, spec: PlatformSpec) {
    super(scope, id, { disableResourceNameHashes: true });
    this.issuer = new InternalCaIssuer(this, 'InternalCa', { caSecret: spec.tls.caSecret });
  }
}
