import type { KubectlRunner } from '../../app/ensure-secrets';
import { ensureSecrets } from '../../app/ensure-secrets';
import { buildPlatform } from '../../app/build-platform';
import { ENVIRONMENTS } from '../../environments';
import { validateSpec } from '../../environments/spec';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { tempDir } from '../support/synth';

/** A cluster in memory, answering the kubectl calls ensureSecrets makes; records every call. */
function fakeCluster(namespaces: string[], secrets: Record<string, Record<string, string>> = {}) {
  const calls: { args: readonly string[]; input?: string }[] = [];
  const notFound = (what: string) => ({ status: 1, stdout: '', stderr: `Error from server (NotFound): ${what} not found` });
  const run: KubectlRunner = (args, input) => {
    calls.push({ args, input });
    const [verb, kind] = args;
    if (verb === 'get' && kind === 'namespace')
      return namespaces.includes(args[2]) ? { status: 0, stdout: `namespace/${args[2]}`, stderr: '' } : notFound(`namespaces "${args[2]}"`);
    if (verb === 'get' && kind === 'secret') {
      const ref = `${args[3]}/${args[4]}`;
      if (!secrets[ref]) return notFound(`secrets "${args[4]}"`);
      const data = Object.fromEntries(Object.entries(secrets[ref]).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
      return { status: 0, stdout: args.includes('json') ? JSON.stringify({ data }) : `secret/${args[4]}`, stderr: '' };
    }
    if (verb === 'create') {
      const secret = JSON.parse(input!);
      secrets[`${secret.metadata.namespace}/${secret.metadata.name}`] = secret.stringData;
      return { status: 0, stdout: '', stderr: '' };
    }
    if (verb === 'apply') {
      namespaces.push(JSON.parse(input!).metadata.name);
      return { status: 0, stdout: '', stderr: '' };
    }
    throw new Error(`unexpected kubectl ${args.join(' ')}`);
  };
  return { run, calls, secrets };
}

describe('the platform’s Secrets', () => {
  const spec = validateSpec(ENVIRONMENTS.onprem);
  const apps = buildPlatform(spec, tempDir());
  const refs = apps.secrets.map((s) => `${s.namespace}/${s.name}`);
  const owned: KubeObject[] = ['object-store', 'mlflow', 'serving', 'vpn', ...spec.users.map((u) => u.name)].map((name) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  }));

  test('are every Secret the README lists for the spec: the site’s own and those the platform can make', () => {
    expect(refs).toEqual(
      expect.arrayContaining([
        'cert-manager/platform-ca',
        'object-store/object-store-root',
        'object-store/s3-user-mlflow',
        'mlflow/s3-mlflow',
        'mlflow/s3-mlflow-db',
        'kubeflow/s3-kubeflow-pipelines',
        'kubeflow/mysql-secret',
        'kubeflow/katib-mysql-secrets',
        'vpn/wireguard-server-key',
        'oauth2-proxy/oidc-client',
      ]),
    );
    expect(apps.secrets.filter((s) => s.source.kind === 'site').map((s) => `${s.namespace}/${s.name}`)).toEqual([
      'cert-manager/platform-ca',
      'vpn/wireguard-server-key',
      'oauth2-proxy/oidc-client',
    ]);
    expect(new Set(refs).size).toBe(refs.length);
  });

  test('missing ones are created with random values sent on standard input only, one key pair per consumer on both sides; nothing is printed', () => {
    const cluster = fakeCluster(['cert-manager', 'kubeflow', 'oauth2-proxy', 'terraform-state'], {
      'cert-manager/platform-ca': { 'tls.crt': 'c', 'tls.key': 'k' },
    });
    const report = ensureSecrets(apps.secrets, owned, cluster.run, false);
    const user = cluster.secrets['object-store/s3-user-mlflow'];
    const mine = cluster.secrets['mlflow/s3-mlflow'];
    expect(mine).toEqual({ ...user, credentials: `[default]\naws_access_key_id = mlflow\naws_secret_access_key = ${user.CONSOLE_SECRET_KEY}\n` });
    expect(user.CONSOLE_SECRET_KEY).toMatch(/^[\w-]{40}$/);
    expect(cluster.secrets['object-store/s3-user-mlflow-db'].CONSOLE_SECRET_KEY).not.toBe(user.CONSOLE_SECRET_KEY);
    expect(cluster.secrets['object-store/object-store-kms'].key).toMatch(/^platform-kms:[A-Za-z0-9+/]{43}=$/);
    // Access keys and user names are names, not secrets; every other value must appear nowhere but on standard input.
    const values = Object.values(cluster.secrets).flatMap((s) =>
      Object.entries(s)
        .filter(([k]) => !['CONSOLE_ACCESS_KEY', 'username', 'tls.crt', 'tls.key'].includes(k))
        .map(([, v]) => v),
    );
    expect(values.length).toBeGreaterThan(20);
    const said = [...report.lines, ...cluster.calls.flatMap((c) => c.args)].join('\n');
    expect(values.filter((v) => said.includes(v))).toEqual([]);
    expect(report.lines).toContain('exists cert-manager/platform-ca: left as it is');
    expect(report.lines).toContain('created namespace mlflow (from its manifest; the apply adopts it)');
    expect(report.missing).toEqual(['vpn/wireguard-server-key', 'oauth2-proxy/oidc-client']);
    expect(report.lines.find((l) => l.startsWith('missing vpn/'))).toContain('`wg genkey`');
  });

  test('an existing Secret is never overwritten; a consumer whose other half exists gets that half’s key pair', () => {
    const cluster = fakeCluster(['cert-manager', 'kubeflow', 'oauth2-proxy', 'object-store', 'mlflow', 'terraform-state'], {
      'object-store/s3-user-mlflow': { CONSOLE_ACCESS_KEY: 'mlflow', CONSOLE_SECRET_KEY: 'kept-from-before-0123456789' },
      'object-store/object-store-kms': { key: 'the-site-chose-this' },
    });
    const report = ensureSecrets(apps.secrets, owned, cluster.run, false);
    expect(cluster.secrets['object-store/object-store-kms']).toEqual({ key: 'the-site-chose-this' });
    expect(cluster.secrets['mlflow/s3-mlflow'].CONSOLE_SECRET_KEY).toBe('kept-from-before-0123456789');
    expect(report.lines).toContain(
      'created mlflow/s3-mlflow (CONSOLE_ACCESS_KEY, CONSOLE_SECRET_KEY, credentials) for the object store key pair of mlflow, with the key pair of object-store/s3-user-mlflow',
    );
    expect(cluster.calls.filter((c) => c.args[0] === 'create').map((c) => JSON.parse(c.input!).metadata.name)).not.toContain('object-store-kms');
  });

  test('a namespace Terraform owns is never created here; a dry run reads and writes nothing', () => {
    const cluster = fakeCluster(['cert-manager']);
    const report = ensureSecrets(apps.secrets, owned, cluster.run, true);
    expect(cluster.calls.filter((c) => c.args[0] !== 'get')).toEqual([]);
    expect(report.lines).toContain(
      'cannot create kubeflow/mysql-secret yet: namespace kubeflow does not exist and comes from the Terraform stacks; apply them first',
    );
    expect(report.lines).toContain('would create namespace object-store (from its manifest; the apply adopts it)');
  });
});
