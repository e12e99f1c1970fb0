import { App as TerraformApp, TerraformStack } from 'cdktf';
import { App as KubernetesApp, Chart } from 'cdk8s';
import { ClusterStack } from '../stacks/cluster';
import { StorageChart } from '../charts/storage';
import { TenantsChart, tenantPlatformEgress } from '../charts/tenants';
import { poolCapacity } from '../constructs/lib/capacity';
import { GuardrailFacts } from '../constructs/policy/guardrail';
import { Suppression } from '../constructs/policy/guardrail-pack';
import { guardrailExemptions } from '../constructs/policy/exemptions';
import type { PlatformSpec } from '../environments/spec';

/** A chart and the file it is written to (`40-tenants.k8s.yaml`: apply order in the name). */
export interface PlannedChart {
  readonly file: string;
  readonly chart: Chart;
}

/** Both apps of one environment, composed but not yet synthesized. */
export interface PlatformApps {
  readonly terraform: TerraformApp;
  readonly stacks: readonly TerraformStack[];
  readonly kubernetes: KubernetesApp;
  readonly charts: readonly PlannedChart[];
  /** Guardrail exemptions the constructs recorded, each with its reason. */
  readonly exemptions: readonly Suppression[];
}

/** The charts in apply order: `NN-name`, built from the spec. */
const CHARTS: readonly { readonly order: string; readonly name: string; readonly build: (app: KubernetesApp, id: string, spec: PlatformSpec) => Chart }[] = [
  { order: '10', name: 'storage', build: (app, id, spec) => new StorageChart(app, id, spec) },
  { order: '40', name: 'tenants', build: (app, id, spec) => new TenantsChart(app, id, spec) },
];

/** Composes the Terraform stacks and the Kubernetes charts of `spec`; Terraform synthesizes into `terraformOutdir`. */
export function buildPlatform(spec: PlatformSpec, terraformOutdir: string): PlatformApps {
  const terraform = new TerraformApp({ outdir: terraformOutdir, stackTraces: false });
  const stacks = [new ClusterStack(terraform, spec)];
  const kubernetes = new KubernetesApp();
  const charts = CHARTS.map(({ order, name, build }) => ({ file: `${order}-${name}.k8s.yaml`, chart: build(kubernetes, name, spec) }));
  return { terraform, stacks, kubernetes, charts, exemptions: [...guardrailExemptions(terraform), ...guardrailExemptions(kubernetes)] };
}

/** What the guardrails need to know of the spec besides the synthesized objects. */
export function guardrailFacts(spec: PlatformSpec): GuardrailFacts {
  const pools = spec.gpuPools.map((pool) => ({ name: pool.name, ...poolCapacity(pool) }));
  const sum = (key: 'gpus' | 'cpu' | 'memory') => pools.reduce((total, p) => total + p[key], 0);
  return {
    capacity: { gpus: sum('gpus'), cpu: sum('cpu'), memory: sum('memory'), pools: pools.map(({ name, gpus, detail }) => ({ name, gpus, detail })) },
    overcommit: { gpus: spec.guardrails.gpuOvercommit, cpu: spec.guardrails.cpuOvercommit, memory: spec.guardrails.memoryOvercommit },
    allowedRegistries: spec.guardrails.allowedRegistries,
    platformNamespaces: [...new Set(tenantPlatformEgress(spec).map((e) => e.namespace))],
    nas: { server: spec.storage.nfs.server, encryptedAtRest: spec.storage.nfs.encryptedAtRest },
  };
}
