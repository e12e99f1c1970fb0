import { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { PLATFORM_NAMESPACES } from '../constructs/lib/naming';
import { PlatformEndpoint } from '../constructs/lib/platform-endpoint';
import { MlflowServer } from '../constructs/platform/mlflow-server';
import { TenantNamespace } from '../constructs/tenancy/tenant-namespace';
import type { PlatformSpec } from '../environments/spec';

/** Platform endpoints every tenant may call, derived from what the spec turns on. */
export function tenantPlatformEgress(spec: PlatformSpec): PlatformEndpoint[] {
  const endpoints: PlatformEndpoint[] = [{ namespace: PLATFORM_NAMESPACES.mlflow, ports: [{ port: 5000 }] }];
  if (spec.objectStore.kind === 'minio') endpoints.push({ namespace: PLATFORM_NAMESPACES.objectStore, ports: [{ port: 9000 }] });
  const { pipelines, katib, notebooks } = spec.kubeflow.components;
  if (pipelines) endpoints.push({ namespace: PLATFORM_NAMESPACES.kubeflow, ports: [{ port: 8888 }, { port: 8887 }], podLabels: { app: 'ml-pipeline' } });
  if (pipelines || katib || notebooks) endpoints.push({ namespace: PLATFORM_NAMESPACES.istio, ports: [{ port: 15012 }], podLabels: { app: 'istiod' } });
  return endpoints;
}

/** Platform namespaces that open connections to tenant pods: the ingress gateway and Kubeflow's controllers. */
export function tenantIngressFrom(spec: PlatformSpec): string[] {
  const { pipelines, katib, notebooks } = spec.kubeflow.components;
  return pipelines || katib || notebooks ? [PLATFORM_NAMESPACES.istio, PLATFORM_NAMESPACES.kubeflow] : [];
}

/** Handles the tenants chart needs from earlier charts. */
export interface TenantsChartProps {
  /** The tracking server every active tenant may call. */
  readonly mlflow: MlflowServer;
}

/** Chart `40-tenants`: one {@link TenantNamespace} per user, offboarded users included so their data stays. */
export class TenantsChart extends Chart {
  /** The tenants, by user name. */
  public readonly tenants: ReadonlyMap<string, TenantNamespace>;

  constructor(scope: Construct, id: string, spec: PlatformSpec, props: TenantsChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const platformEgress = tenantPlatformEgress(spec);
    const ingressFromNamespaces = tenantIngressFrom(spec);
    const tenants = new Map<string, TenantNamespace>();
    for (const user of spec.users) {
      if (!user.offboarded) props.mlflow.allowFrom(user.name);
      tenants.set(
        user.name,
        new TenantNamespace(this, user.name, {
          user: user.name,
          email: user.email,
          access: user.role === 'viewer' ? 'viewer' : 'data-scientist',
          quota: user.quota,
          offboarded: user.offboarded,
          podSecurityVersion: `v${spec.kubernetes.version}`,
          platformEgress,
          ingressFromNamespaces,
        }),
      );
    }
    this.tenants = tenants;
  }
}
