import { formatBytes, formatCores, parseQuantity } from '../../lib/quantity';
import type { Guardrail, GuardrailInput, Violation } from '../guardrail';
import { containersOf, objectsIn, podTemplates, tenantNamespaces } from '../inspect';

const RESOURCES = [
  { key: 'gpus', quota: 'requests.nvidia.com/gpu', request: 'nvidia.com/gpu', noun: 'GPU', format: String, setting: 'guardrails.gpuOvercommit' },
  { key: 'cpu', quota: 'requests.cpu', request: 'cpu', noun: 'CPU', format: formatCores, setting: 'guardrails.cpuOvercommit' },
  { key: 'memory', quota: 'requests.memory', request: 'memory', noun: 'memory', format: formatBytes, setting: 'guardrails.memoryOvercommit' },
] as const;

/** What tenants' quotas and the platform's own workloads claim, per resource. */
export function demand(objects: GuardrailInput['objects']): Record<'gpus' | 'cpu' | 'memory', { tenants: number; workloads: number }> {
  const tenants = tenantNamespaces(objects);
  const out = { gpus: { tenants: 0, workloads: 0 }, cpu: { tenants: 0, workloads: 0 }, memory: { tenants: 0, workloads: 0 } };
  for (const r of RESOURCES) {
    for (const ns of tenants) {
      for (const quota of objectsIn(objects, ns, 'ResourceQuota')) out[r.key].tenants += parseQuantity(quota.spec?.hard?.[r.quota] ?? 0) ?? 0;
    }
    for (const { owner, spec, maxReplicas } of podTemplates(objects)) {
      if (tenants.has(owner.metadata.namespace ?? '')) continue; // inside a tenant's quota already
      const perPod = containersOf(spec).reduce(
        (sum, c) => sum + (parseQuantity(c.resources?.requests?.[r.request] ?? c.resources?.limits?.[r.request] ?? 0) ?? 0),
        0,
      );
      out[r.key].workloads += perPod * maxReplicas;
    }
  }
  return out;
}

/** SEC-47: quotas and platform workloads fit the GPU pools, unless overcommit is configured. */
export const sec47QuotaWithinCapacity: Guardrail = {
  id: 'SEC-47',
  level: 'error',
  title: 'The sum of tenant quotas plus platform workload requests fits the GPU pools (x the configured overcommit) for GPUs, CPU and memory',
  fix: 'Lower users[].quota, add nodes or GPU sharing to gpuPools[], or raise the guardrails.*Overcommit setting knowingly.',
  check({ objects, facts }) {
    const out: Violation[] = [];
    const claimed = demand(objects);
    for (const r of RESOURCES) {
      const { tenants, workloads } = claimed[r.key];
      const limit = facts.capacity[r.key] * facts.overcommit[r.key];
      if (tenants + workloads <= limit + 1e-9) continue;
      const pools = r.key === 'gpus' ? ` (${facts.capacity.pools.map((p) => `${p.name}: ${p.detail} = ${p.gpus}`).join('; ') || 'no GPU pools'})` : '';
      out.push({
        object: `ClusterCapacity//${r.key}`,
        message:
          `${r.noun} quotas add up to ${r.format(tenants + workloads)} (tenants ${r.format(tenants)}, platform workloads ${r.format(workloads)}), ` +
          `but capacity is ${r.format(facts.capacity[r.key])}${pools} x ${r.setting} ${facts.overcommit[r.key]} = ${r.format(limit)}`,
      });
    }
    return out;
  },
};
