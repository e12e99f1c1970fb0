/**
 * Makes the platform's Secrets exist in the cluster: each missing generated
 * one is created from values made in memory and sent on kubectl's standard
 * input (never a file, an argument, the output or a log); existing ones are
 * left untouched; the site's own that are missing are listed with how to
 * make them. A Secret's namespace that the manifests own is created from
 * its manifest when missing (the apply adopts it); one that Terraform owns
 * must exist already.
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KubeObject } from '../constructs/policy/guardrail';
import type { PlatformSpec } from '../environments/spec';
import { buildPlatform } from './build-platform';
import { clusterFlags } from './deployment-steps';
import type { PlatformSecret, SecretRef } from './platform-secrets';
import { synthCharts } from './render-charts';

/** Runs kubectl with these arguments (after the context flags) and optional standard input. */
export type KubectlRunner = (args: readonly string[], input?: string) => { readonly status: number; readonly stdout: string; readonly stderr: string };

/** What a run did or, in a dry run, would do. Never holds a value. */
export interface SecretsReport {
  readonly lines: readonly string[];
  /** The site's Secrets that are missing: the platform cannot start without them. */
  readonly missing: readonly string[];
}

const refOf = (s: SecretRef) => `${s.namespace}/${s.name}`;

/** Creates the missing generated Secrets; see the module comment. */
export function ensureSecrets(
  secrets: readonly PlatformSecret[],
  ownedNamespaces: readonly KubeObject[],
  kubectl: KubectlRunner,
  dryRun: boolean,
): SecretsReport {
  const lines: string[] = [];
  const missing: string[] = [];
  const known = new Map<string, Record<string, string>>();
  const namespaces = new Map<string, boolean>();
  const verb = (done: string, would: string) => (dryRun ? would : done);

  const exists = (args: string[], what: string): boolean => {
    const result = kubectl([...args, '-o', 'name']);
    if (result.status === 0) return true;
    if (/NotFound|not found/i.test(result.stderr)) return false;
    throw new Error(`kubectl could not read ${what}: ${result.stderr.trim()}`);
  };
  // Each namespace is looked up once: whether it exists, or exists now that this run created it.
  const namespaceExists = (namespace: string): boolean => {
    if (!namespaces.has(namespace)) namespaces.set(namespace, exists(['get', 'namespace', namespace], `namespace ${namespace}`));
    return namespaces.get(namespace)!;
  };
  const namespaceReady = (namespace: string): boolean => {
    if (namespaceExists(namespace)) return true;
    const manifest = ownedNamespaces.find((o) => o.kind === 'Namespace' && o.metadata.name === namespace);
    if (!manifest) return false;
    if (!dryRun) run(['apply', '--server-side', '--field-manager=mlops-platform', '-f', '-'], JSON.stringify(manifest), `namespace ${namespace}`);
    lines.push(`${verb('created', 'would create')} namespace ${namespace} (from its manifest; the apply adopts it)`);
    namespaces.set(namespace, true);
    return true;
  };
  const run = (args: string[], input: string, what: string) => {
    const result = kubectl(args, input);
    if (result.status !== 0) throw new Error(`kubectl could not create ${what}: ${result.stderr.trim()}`);
  };
  const read = (ref: SecretRef): Record<string, string> => {
    const result = kubectl(['get', 'secret', '--namespace', ref.namespace, ref.name, '-o', 'json']);
    if (result.status !== 0) throw new Error(`kubectl could not read Secret ${refOf(ref)}: ${result.stderr.trim()}`);
    const data: Record<string, string> = JSON.parse(result.stdout).data ?? {};
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
  };

  for (const secret of secrets) {
    const ref = refOf(secret);
    const keys = secret.keys.join(', ');
    if (namespaceExists(secret.namespace) && exists(['get', 'secret', '--namespace', secret.namespace, secret.name], `Secret ${ref}`)) {
      lines.push(`exists ${ref}: left as it is`);
      continue;
    }
    if (secret.source.kind === 'site') {
      missing.push(ref);
      lines.push(`missing ${ref} (${keys}), for ${secret.purpose}: only the site can make it — ${secret.source.how}`);
      continue;
    }
    if (!namespaceReady(secret.namespace)) {
      missing.push(ref);
      lines.push(`cannot create ${ref} yet: namespace ${secret.namespace} does not exist and comes from the Terraform stacks; apply them first`);
      continue;
    }
    const partner = secret.source.partner;
    const partnerExists = (p: SecretRef) => namespaceExists(p.namespace) && exists(['get', 'secret', '--namespace', p.namespace, p.name], `Secret ${refOf(p)}`);
    const partnerValues = partner ? (known.get(refOf(partner)) ?? (partnerExists(partner) ? read(partner) : undefined)) : undefined;
    const values = secret.source.values(partnerValues);
    known.set(ref, values);
    if (!dryRun) {
      const manifest = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: secret.name, namespace: secret.namespace, labels: { 'app.kubernetes.io/managed-by': 'mlops-platform-secrets' } },
        type: 'Opaque',
        stringData: values,
      };
      run(['create', '-f', '-'], JSON.stringify(manifest), `Secret ${ref}`);
    }
    lines.push(`${verb('created', 'would create')} ${ref} (${keys}) for ${secret.purpose}${partnerValues ? `, with the key pair of ${refOf(partner!)}` : ''}`);
  }
  return { lines, missing };
}

/**
 * The platform's Secrets for `spec`, made to exist through `kubectl`: the
 * platform is composed (not written) to know its Secrets and the
 * namespaces its manifests own.
 */
export function ensurePlatformSecrets(spec: PlatformSpec, kubectl: KubectlRunner, dryRun: boolean): SecretsReport {
  const apps = buildPlatform(spec, path.join(os.tmpdir(), 'mlops-platform-secrets'));
  const namespaces = synthCharts(apps.charts.map((c) => c.chart))
    .flat()
    .filter((o) => o.kind === 'Namespace');
  return ensureSecrets(apps.secrets, namespaces, kubectl, dryRun);
}

/** kubectl on the spec's cluster (its kubeconfig and context), taking standard input. */
export function clusterKubectl(spec: PlatformSpec): KubectlRunner {
  const base = clusterFlags(spec);
  return (args, input) => {
    const result = spawnSync('kubectl', [...base, ...args], { input, encoding: 'utf8' });
    if (result.error) throw new Error(`kubectl could not run: ${result.error.message}`);
    return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
  };
}
