import { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { InternalCaIssuer } from '../constructs/platform/internal-ca-issuer';
import { PlatformRoles } from '../constructs/tenancy/platform-roles';
import type { PlatformSpec } from '../environments/spec';

/** Chart `00-platform-base`: what every later chart relies on — the internal CA issuer and the platform roles. */
export class PlatformBaseChart extends Chart {
  /** Issuer of every platform certificate. */
  public readonly issuer: InternalCaIssuer;
  /** The platform-admin, data-scientist and viewer roles, bound to the site's groups. */
  public readonly roles: PlatformRoles;

  constructor(scope: Construct, id: string, spec: PlatformSpec) {
    super(scope, id, { disableResourceNameHashes: true });
    this.issuer = new InternalCaIssuer(this, 'InternalCa', { caSecret: spec.tls.caSecret });
    this.roles = new PlatformRoles(this, 'Roles', spec.access.groups);
  }
}
