import * as path from 'node:path';
import { formatBytes, formatCores, parseQuantity } from '../constructs/lib/quantity';
import { PLATFORM_PRIORITY_CLASSES } from '../constructs/platform/platform-priorities';
import { type KubeObject, ofKind } from '../constructs/policy/guardrail';
import { containersOf, podTemplates } from '../constructs/policy/inspect';
import { formatFinding } from '../constructs/policy/guardrail-pack';
import { demand } from '../constructs/policy/rules/sec-47-quota-within-capacity';
import { guardrailFacts } from './build-platform';
import type { OutputDirs, StagedPlatform } from './synthesize';
import { compareText } from '../constructs/lib/text-order';

/** `1 object`, `2 objects`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function table(rows: string[][], indent = '  '): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map(
    (r) =>
      indent +
      r
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
  );
}

/** The short report printed after a synth: stacks, charts, users, GPU quota versus capacity, guardrails. */
export function summarize(staged: StagedPlatform, out: OutputDirs, cwd: string, seconds: number): string {
  const { spec, report } = staged;
  const rel = (p: string) => path.relative(cwd, p) || '.';
  const lines = [`Synthesized environment "${spec.name}" in ${seconds.toFixed(2)} s`, '', `Terraform stacks (${rel(path.join(out.terraform, 'stacks'))}/)`];
  lines.push(
    ...table(
      staged.stacks.map(({ stack, json }) => {
        const resources = Object.values((json.resource ?? {}) as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);
        return [stack, count(resources, 'resource'), `backend ${Object.keys(json.terraform?.backend ?? { local: 1 })[0]}`];
      }),
    ),
  );
  lines.push('', `Kubernetes manifests (${rel(path.join(out.manifests, spec.name))}/, apply in file order)`);
  const rows = [
    ...staged.manifests.map((m) => [m.file, count(m.objects.length, 'object')]),
    ...staged.units.map((u) => [`${u.name}/`, `kustomize over ${u.upstream.length} upstream folder${u.upstream.length === 1 ? '' : 's'} (built at apply)`]),
  ].sort((a, b) => compareText(a[0], b[0]));
  lines.push(...table(rows));
  const active = spec.users.filter((u) => !u.offboarded).length;
  lines.push('', `Users (${active} active, ${spec.users.length - active} offboarded)`);
  // What each tenant's ResourceQuota grants, as applied (an offboarded user keeps storage, not compute).
  const { objects } = staged;
  const quotas = new Map(
    objects.filter((o) => o.kind === 'ResourceQuota' && o.metadata.name === 'tenant-quota').map((o) => [o.metadata.namespace, o.spec?.hard ?? {}]),
  );
  const granted = (user: string, key: string) => quotas.get(user)?.[key] ?? '0';
  lines.push(
    ...table(
      spec.users.map((u) => [
        u.name,
        u.offboarded ? 'offboarded' : u.role,
        `gpus ${granted(u.name, 'requests.nvidia.com/gpu')}`,
        `cpu ${granted(u.name, 'requests.cpu')}`,
        `memory ${granted(u.name, 'requests.memory')}`,
        `storage ${granted(u.name, 'requests.storage')}`,
      ]),
    ),
  );
  const facts = guardrailFacts(spec);
  const claimed = demand(objects);
  const total = (k: 'gpus' | 'cpu' | 'memory') => claimed[k].tenants + claimed[k].workloads;
  lines.push('', 'Quota versus capacity');
  lines.push(
    ...table([
      [
        'GPUs',
        `${total('gpus')} of ${facts.capacity.gpus}`,
        facts.capacity.pools.map((p) => `${p.name}: ${p.detail} = ${p.gpus}`).join('; ') || 'no GPU pools',
      ],
      ['CPU', `${formatCores(total('cpu'))} of ${formatCores(facts.capacity.cpu)} cores`, ''],
      ['memory', `${formatBytes(total('memory'))} of ${formatBytes(facts.capacity.memory)}`, ''],
    ]),
  );
  const reserved = platformReservation(objects);
  lines.push(
    `  reserved for the platform (its priority classes, ahead of tenants): CPU ${formatCores(reserved.cpu)} cores, memory ${formatBytes(reserved.memory)}, GPUs ${reserved.gpus}`,
  );
  lines.push('', `Guardrails: ${count(report.errors.length, 'error')}, ${count(report.warnings.length, 'warning')}, ${report.suppressed.length} suppressed`);
  for (const w of report.warnings) lines.push(`  warning ${formatFinding(w)}`);
  for (const s of report.suppressed) lines.push(`  suppressed ${s.rule} ${s.object}: ${s.reason}`);
  for (const s of report.unusedSuppressions) lines.push(`  warning: suppression of ${s.rule} for ${s.object} matched nothing`);
  return lines.join('\n');
}

/**
 * What the pods at the platform's priority classes request, at their most
 * replicas: workloads the platform writes, the object store's servers and
 * the database instances its operators start.
 */
export function platformReservation(objects: readonly KubeObject[]): Record<'cpu' | 'memory' | 'gpus', number> {
  const total = { cpu: 0, memory: 0, gpus: 0 };
  const add = (requests: Record<string, unknown> | undefined, times: number) => {
    total.cpu += (parseQuantity(String(requests?.cpu ?? 0)) ?? 0) * times;
    total.memory += (parseQuantity(String(requests?.memory ?? 0)) ?? 0) * times;
    total.gpus += (parseQuantity(String(requests?.['nvidia.com/gpu'] ?? 0)) ?? 0) * times;
  };
  const platform = (name: unknown) => PLATFORM_PRIORITY_CLASSES.includes(String(name));
  for (const { spec, maxReplicas } of podTemplates(objects)) {
    if (platform(spec.priorityClassName)) for (const c of containersOf(spec)) add(c.resources?.requests, maxReplicas);
  }
  for (const o of ofKind(objects, 'Tenant', 'Cluster').filter((x) => platform(x.spec?.priorityClassName))) {
    if (o.kind === 'Tenant') for (const pool of o.spec.pools ?? []) add(pool.resources?.requests, pool.servers ?? 1);
    if (o.kind === 'Cluster') add(o.spec.resources?.requests, o.spec.instances ?? 1);
  }
  return total;
}
