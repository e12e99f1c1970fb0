import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { TENANT_LABEL } from '../constructs/lib/labels';
import type { PlatformSpec } from '../environments/spec';

/** One command of a plan or apply run. */
export interface CommandStep {
  readonly kind: 'command';
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Refuses to go on when the cluster has tenant namespaces the spec no longer
 * lists: pruning would delete them with their data. `--purge <user>` allows it.
 */
export interface TenantCheckStep {
  readonly kind: 'tenant-check';
  /** The command that lists tenant namespaces in the cluster. */
  readonly list: CommandStep;
  /** Users in the spec (offboarded included). */
  readonly expected: readonly string[];
  /** Users whose removal was confirmed. */
  readonly purge: readonly string[];
}

export type Step = CommandStep | TenantCheckStep;

/** Where synthesized outputs and saved plans are. */
export interface DeploymentDirs {
  /** cdktf out folder. */
  readonly terraform: string;
  /** Manifest folder of the environment (`dist/<env>`). */
  readonly manifests: string;
  /** Where saved plans go (`plans/<env>`). */
  readonly plans: string;
}

/** The environment's stacks in apply order, from the cdktf manifest and its dependencies. */
export function stacksInOrder(terraformDir: string, env: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(terraformDir, 'manifest.json'), 'utf8'));
  const stacks: Record<string, { dependencies: string[] }> = Object.fromEntries(Object.entries(manifest.stacks as Record<string, { dependencies: string[] }>).filter(([name]) => name.startsWith(`${env}-`)));
  const ordered: string[] = [];
  const visit = (name: string, seen: Set<string>) => {
    if (ordered.includes(name)) return;
    if (seen.has(name)) throw new Error(`stack dependency cycle at ${name}`);
    for (const dependency of stacks[name]?.dependencies ?? []) visit(dependency, new Set([...seen, name]));
    ordered.push(name);
  };
  for (const name of Object.keys(stacks).sort()) visit(name, new Set());
  return ordered;
}

/** Manifest files in apply order (the number in the name). */
export function chartFiles(manifestDir: string): string[] {
  return fs.readdirSync(manifestDir).filter((f) => f.endsWith('.k8s.yaml')).sort();
}

function kubectl(spec: PlatformSpec, ...args: string[]): CommandStep {
  const configPath = spec.kubernetes.configPath.replace(/^~(?=\/)/, os.homedir());
  return { kind: 'command', command: 'kubectl', args: [`--kubeconfig=${configPath}`, `--context=${spec.kubernetes.context}`, ...args] };
}

function terraform(dir: string, ...args: string[]): CommandStep {
  return { kind: 'command', command: 'terraform', args: [`-chdir=${dir}`, ...args], env: { TF_IN_AUTOMATION: '1' } };
}

/** `terraform init` and `plan -out` for each stack in order, writing the plans and their text. */
export function planSteps(spec: PlatformSpec, dirs: DeploymentDirs): Step[] {
  return stacksInOrder(dirs.terraform, spec.name).flatMap((stack) => {
    const dir = path.join(dirs.terraform, 'stacks', stack);
    const plan = path.resolve(dirs.plans, `${stack}.tfplan`);
    return [terraform(dir, 'init', '-input=false'), terraform(dir, 'plan', '-input=false', '-lock-timeout=5m', `-out=${plan}`)];
  });
}

/**
 * Apply: the saved plans in stack order, then each manifest file in order
 * (server-side apply, pruned through one ApplySet per file, never pruning a
 * tenant the spec still lists), then rollout checks of every workload.
 */
export function applySteps(spec: PlatformSpec, dirs: DeploymentDirs, purge: readonly string[] = []): Step[] {
  const terraformSteps = stacksInOrder(dirs.terraform, spec.name).map((stack) =>
    terraform(path.join(dirs.terraform, 'stacks', stack), 'apply', '-input=false', '-lock-timeout=5m', path.resolve(dirs.plans, `${stack}.tfplan`)),
  );
  const tenantCheck: TenantCheckStep = {
    kind: 'tenant-check',
    list: kubectl(spec, 'get', 'namespaces', '-l', TENANT_LABEL, '-o', 'name'),
    expected: spec.users.map((u) => u.name),
    purge,
  };
  const files = chartFiles(dirs.manifests);
  const applies = files.map((file): CommandStep => ({
    ...kubectl(
      spec,
      'apply',
      '--server-side',
      '--field-manager=mlops-platform',
      `--applyset=configmap/applyset-${spec.name}-${file.replace(/\.k8s\.yaml$/, '')}`,
      '--namespace=kube-system',
      '--prune',
      '-f',
      path.join(dirs.manifests, file),
    ),
    env: { KUBECTL_APPLYSET: 'true' },
  }));
  const rollouts = files.flatMap((file) =>
    parseAllDocuments(fs.readFileSync(path.join(dirs.manifests, file), 'utf8'))
      .map((d) => d.toJS())
      .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o?.kind))
      .map((o) => kubectl(spec, `--namespace=${o.metadata.namespace}`, 'rollout', 'status', `${o.kind.toLowerCase()}/${o.metadata.name}`, '--timeout=10m')),
  );
  return [...terraformSteps, tenantCheck, ...applies, ...rollouts];
}

/** A step as one shell-like line, for `--dry-run` and logs. */
export function describeStep(step: Step): string {
  if (step.kind === 'tenant-check') {
    return `check: ${describeStep(step.list)} lists only [${step.expected.join(', ')}]${step.purge.length ? ` (purging ${step.purge.join(', ')})` : ''}`;
  }
  const env = Object.entries(step.env ?? {}).map(([k, v]) => `${k}=${v} `).join('');
  return `${env}${step.command} ${step.args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`;
}

/** Tenants the cluster has that the spec neither lists nor purges, from `kubectl get ... -o name` output. */
export function unlistedTenants(step: TenantCheckStep, kubectlOutput: string): string[] {
  return kubectlOutput
    .split('\n')
    .map((line) => line.trim().replace(/^namespace\//, ''))
    .filter((name) => name && !step.expected.includes(name) && !step.purge.includes(name));
}
