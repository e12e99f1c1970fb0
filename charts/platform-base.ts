import type { Construct } from 'constructs';
import { PlatformPriorities } from '../constructs/platform/platform-priorities';
import { TenantIsolationPolicy } from '../constructs/tenancy/tenant-isolation-policy';
import { Chart } from 'cdk8s';
import { GpuQueues, type QueuedPool } from '../constructs/platform/gpu-queues';
import { InternalCaIssuer } from '../constructs/platform/internal-ca-issuer';
import { PlatformRoles } from '../constructs/tenancy/platform-roles';
import type { PlatformSpec } from '../environments/spec';

/** Chart `00-platform-base`: what every later chart relies on — the internal CA issuer, the platform roles and the GPU queues. */
export class PlatformBaseChart extends Chart {
  /** Issuer of every platform certificate. */
  public readonly issuer: InternalCaIssuer;
  /** The platform-admin, data-scientist and viewer roles, bound to the site's groups. */
  public readonly roles: PlatformRoles;
  /** Kueue queues per GPU pool, when fair sharing is on. */
  public readonly queues?: GpuQueues;

  /** `gpuPools`: the GPU node pools (the cluster stack's), which the queues admit to. */
  constructor(scope: Construct, id: string, spec: PlatformSpec, gpuPools: readonly QueuedPool[]) {
    super(scope, id, { disableResourceNameHashes: true });
    this.issuer = new InternalCaIssuer(this, 'InternalCa', { caSecret: spec.tls.caSecret });
    this.roles = new PlatformRoles(this, 'Roles', spec.access.groups);
    new PlatformPriorities(this, 'Priorities');
    new TenantIsolationPolicy(this, 'TenantIsolation', { tenantGroups: [spec.access.groups.dataScientists, spec.access.groups.viewers] });
    if (spec.kubeflow.fairSharing) {
      this.queues = new GpuQueues(this, 'GpuQueues', gpuPools);
    }
  }
}
