import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TENANT_LABEL } from '../constructs/lib/labels';
import type { PlatformSpec } from '../environments/spec';
import { findTool } from './upstream-tools';
import { yamlObjects } from './yaml-documents';
import { STACK_PARTS, stackName } from '../stacks/stack-names';

/**
 * The manifest file of the namespaces that hold data (the platform's stores,
 * the tenants): applied right after the platform base and never pruned, so
 * no change of the spec can delete one; removing one is an admin's
 * `kubectl delete namespace`.
 */
export const DATA_HOMES_FILE = '05-data-homes.k8s.yaml';

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

/** Makes the platform's Secrets exist before the manifests that need them (`npm run secrets`). */
export interface SecretsStep {
  readonly kind: 'secrets';
}

export type Step = CommandStep | TenantCheckStep | SecretsStep;

/** Where synthesized outputs and saved plans are. */
export interface DeploymentDirs {
  /** cdktf out folder. */
  readonly terraform: string;
  /** Manifest folder of the environment (`dist/<env>`). */
  readonly manifests: string;
  /** Where saved plans go (`plans/<env>`). */
  readonly plans: string;
}

/** The stack that applies the manifests under Terraform (`cdktf deploy`); `npm run apply` applies them itself. */
export function workloadsStackName(env: string): string {
  return stackName(env, 'workloads');
}

/**
 * The environment's stacks in apply order, from the cdktf manifest and its
 * dependencies: exactly `<env>-cluster`, `<env>-platform` and
 * `<env>-workloads`, never another environment's stacks that the manifest
 * also lists (`lab-staging-cluster` is not `lab`'s).
 */
export function stacksInOrder(terraformDir: string, env: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(terraformDir, 'manifest.json'), 'utf8'));
  const own = new Set(STACK_PARTS.map((part) => stackName(env, part)));
  const stacks: Record<string, { dependencies: string[] }> = Object.fromEntries(
    Object.entries(manifest.stacks as Record<string, { dependencies: string[] }>).filter(([name]) => own.has(name)),
  );
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

/**
 * The Terraform stacks `npm run plan/apply` runs: all but the workloads
 * stack, whose work the apply units do directly. Before anything is
 * synthesized (a dry run writes nothing), the stacks synthesis would write.
 */
function terraformStacks(terraformDir: string, env: string): string[] {
  const stacks = fs.existsSync(path.join(terraformDir, 'manifest.json')) ? stacksInOrder(terraformDir, env) : STACK_PARTS.map((part) => stackName(env, part));
  return stacks.filter((stack) => stack !== workloadsStackName(env));
}

/**
 * The apply units of an environment's manifest folder, in apply order (the
 * number in the name): each manifest file (`NN-name.k8s.yaml`) and each
 * kustomize folder (`NN-name/` with a `kustomization.yaml`).
 */
export function applyUnits(manifestDir: string): string[] {
  return fs
    .readdirSync(manifestDir, { withFileTypes: true })
    .filter((e) => (e.isFile() && e.name.endsWith('.k8s.yaml')) || (e.isDirectory() && fs.existsSync(path.join(manifestDir, e.name, 'kustomization.yaml'))))
    .map((e) => e.name)
    .sort();
}

/** A unit's name without its file ending: what its ApplySet and Terraform resource are named after. */
function unitName(unit: string): string {
  return unit.replace(/\.k8s\.yaml$/, '');
}

/** Units already read in this process: a folder is built once, however many step lists ask. */
const unitObjectsCache = new Map<string, any[]>();

/** The objects a unit applies: a file's documents, or a kustomize folder built with the real kubectl. */
function unitObjects(manifestDir: string, unit: string): any[] {
  const file = path.join(manifestDir, unit);
  const cached = unitObjectsCache.get(file);
  if (cached) return cached;
  const objects = readUnitObjects(file);
  unitObjectsCache.set(file, objects);
  return objects;
}

function readUnitObjects(file: string): any[] {
  const text = fs.statSync(file).isDirectory()
    ? execFileSync(findTool('kubectl').path, ['kustomize', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] })
    : fs.readFileSync(file, 'utf8');
  return yamlObjects(text, file);
}

/** The spec's kubeconfig path, `~` expanded: what every kubectl call of the platform reads. */
export function kubeconfigPath(spec: PlatformSpec): string {
  return spec.kubernetes.configPath.replace(/^~(?=\/)/, os.homedir());
}

/** The flags that point kubectl at the spec's cluster. */
export function clusterFlags(spec: PlatformSpec): string[] {
  return [`--kubeconfig=${kubeconfigPath(spec)}`, `--context=${spec.kubernetes.context}`];
}

function kubectl(spec: PlatformSpec, ...args: string[]): CommandStep {
  return { kind: 'command', command: 'kubectl', args: [...clusterFlags(spec), ...args] };
}

function terraform(dir: string, ...args: string[]): CommandStep {
  return { kind: 'command', command: 'terraform', args: [`-chdir=${dir}`, ...args], env: { TF_IN_AUTOMATION: '1' } };
}

/** `terraform init` and `plan -out` for each stack in order, writing the plans and their text. */
export function planSteps(spec: PlatformSpec, dirs: DeploymentDirs): Step[] {
  return terraformStacks(dirs.terraform, spec.name).flatMap((stack) => {
    const dir = path.join(dirs.terraform, 'stacks', stack);
    const plan = path.resolve(dirs.plans, `${stack}.tfplan`);
    return [terraform(dir, 'init', '-input=false'), terraform(dir, 'plan', '-input=false', '-lock-timeout=5m', `-out=${plan}`)];
  });
}

/**
 * One apply unit: the tenant check (pruning must never take a tenant the spec
 * still lists, nor one not purged on purpose), server-side apply pruned
 * through the unit's own ApplySet, then waits until the unit's CRDs are
 * Established and its workloads rolled out. `npm run apply` and the
 * workloads stack of `cdktf deploy` both run exactly these.
 */
export function unitSteps(spec: PlatformSpec, manifestDir: string, unit: string, purge: readonly string[] = []): Step[] {
  const tenantCheck: TenantCheckStep = {
    kind: 'tenant-check',
    list: kubectl(spec, 'get', 'namespaces', '-l', TENANT_LABEL, '-o', 'name'),
    expected: spec.users.map((u) => u.name),
    purge,
  };
  const source = path.join(manifestDir, unit);
  // The namespaces that hold data are applied without an ApplySet: nothing ever prunes them. Same field
  // manager as the ApplySet applies: a namespace an earlier version applied in its chart's ApplySet loses
  // that ApplySet's part-of label here (server-side apply drops what the manager no longer sends), before
  // the chart's own apply could prune it.
  const apply: CommandStep =
    unit === DATA_HOMES_FILE
      ? kubectl(spec, 'apply', '--server-side', '--field-manager=mlops-platform', '-f', source)
      : {
          ...kubectl(
            spec,
            'apply',
            '--server-side',
            '--field-manager=mlops-platform',
            `--applyset=configmap/applyset-${spec.name}-${unitName(unit)}`,
            '--namespace=kube-system',
            '--prune',
            // Upstream's kustomize trees are applied as their maintainers ask: server-side, taking over conflicting fields.
            ...(fs.statSync(source).isDirectory() ? ['--force-conflicts', '-k'] : ['-f']),
            source,
          ),
          env: { KUBECTL_APPLYSET: 'true' },
        };
  const objects = unitObjects(manifestDir, unit);
  const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => `crd/${o.metadata.name}`);
  const waits = crds.length ? [kubectl(spec, 'wait', '--for=condition=Established', '--timeout=5m', ...crds)] : [];
  const rollouts = objects
    .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind))
    .map((o) => kubectl(spec, `--namespace=${o.metadata.namespace}`, 'rollout', 'status', `${o.kind.toLowerCase()}/${o.metadata.name}`, '--timeout=10m'));
  return [tenantCheck, apply, ...waits, ...rollouts];
}

/** The digest of a resolved spec that saved plans are tied to. */
function specDigest(spec: PlatformSpec): string {
  return crypto.createHash('sha256').update(JSON.stringify(spec)).digest('hex');
}

const PLAN_DIGEST_FILE = 'spec.sha256';

/** Records which spec the plans in `dirs.plans` were made from (after `terraform plan` wrote them). */
export function recordPlannedSpec(spec: PlatformSpec, dirs: DeploymentDirs): void {
  fs.writeFileSync(path.join(dirs.plans, PLAN_DIGEST_FILE), `${specDigest(spec)}\n`);
}

/** Why the saved plans cannot be applied for `spec` (missing, or made from another spec), or undefined when they can. */
export function savedPlanProblem(spec: PlatformSpec, dirs: DeploymentDirs): string | undefined {
  const missing = terraformStacks(dirs.terraform, spec.name).filter((stack) => !fs.existsSync(path.join(dirs.plans, `${stack}.tfplan`)));
  if (missing.length) return `no saved plan for ${missing.join(', ')} in ${dirs.plans}; run npm run plan for "${spec.name}" first`;
  const digestFile = path.join(dirs.plans, PLAN_DIGEST_FILE);
  const planned = fs.existsSync(digestFile) ? fs.readFileSync(digestFile, 'utf8').trim() : 'unknown';
  const current = specDigest(spec);
  if (planned !== current)
    return `the saved plans of "${spec.name}" were made from another spec (digest ${planned.slice(0, 12)}, now ${current.slice(0, 12)}); run npm run plan again`;
  return undefined;
}

/**
 * Apply: the saved plans in stack order, then every apply unit in order
 * ({@link unitSteps}).
 */
export function applySteps(spec: PlatformSpec, dirs: DeploymentDirs, purge: readonly string[] = []): Step[] {
  // init again: the apply may run in a fresh workspace (Jenkins applies on another agent), with the lock file the plan wrote.
  const terraformSteps = terraformStacks(dirs.terraform, spec.name).flatMap((stack) => {
    const dir = path.join(dirs.terraform, 'stacks', stack);
    return [terraform(dir, 'init', '-input=false'), terraform(dir, 'apply', '-input=false', '-lock-timeout=5m', path.resolve(dirs.plans, `${stack}.tfplan`))];
  });
  return [...terraformSteps, { kind: 'secrets' }, ...applyUnits(dirs.manifests).flatMap((unit) => unitSteps(spec, dirs.manifests, unit, purge))];
}

/** A step as one shell-like line, for `--dry-run` and logs. */
export function describeStep(step: Step): string {
  if (step.kind === 'secrets') return 'secrets: create the missing generated Secrets, stop if one of the site’s is missing (npm run secrets)';
  if (step.kind === 'tenant-check') {
    return `check: ${describeStep(step.list)} lists only [${step.expected.join(', ')}]${step.purge.length ? ` (purging ${step.purge.join(', ')})` : ''}`;
  }
  const env = Object.entries(step.env ?? {})
    .map(([k, v]) => `${k}=${v} `)
    .join('');
  return `${env}${step.command} ${step.args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`;
}

/** Tenants the cluster has that the spec neither lists nor purges, from `kubectl get ... -o name` output. */
export function unlistedTenants(step: TenantCheckStep, kubectlOutput: string): string[] {
  return kubectlOutput
    .split('\n')
    .map((line) => line.trim().replace(/^namespace\//, ''))
    .filter((name) => name && !step.expected.includes(name) && !step.purge.includes(name));
}
