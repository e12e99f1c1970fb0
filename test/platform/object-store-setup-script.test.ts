import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findObject, synthConstruct } from '../support/synth';
import { dataServices } from './support';

/**
 * Runs the generated setup script with /bin/sh against a stand-in `mc` that records its calls and answers
 * `admin user info|list --json` the way mc RELEASE.2025-04-16T18-13-26Z prints them (cmd/admin-user-add.go
 * userMessage.JSON: json.MarshalIndent, one object per user, `policyName` comma-separated).
 */
describe('object store setup script, run', () => {
  const objects = synthConstruct((scope) => {
    const { objectStore } = dataServices(scope);
    objectStore.grant({ name: 'mlflow', namespace: 'mlflow' }, 'mlflowArtifacts', 'write');
    objectStore.grant({ name: 'serving', namespace: 'serving' }, 'models', 'read');
  });
  const config: Record<string, string> = findObject(objects, 'ConfigMap', 'object-store-setup', 'object-store').data;

  /** Existing users of the store: access key to attached policies. */
  function run(users: Record<string, string>): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-setup-'));
    const secrets = path.join(dir, 'secrets');
    const etc = path.join(dir, 'etc');
    for (const [name, key] of [
      ['mlflow', 'mlflow-key'],
      ['serving', 'serving-key'],
    ]) {
      fs.mkdirSync(path.join(secrets, 's3-users', name), { recursive: true });
      fs.writeFileSync(path.join(secrets, 's3-users', name, 'CONSOLE_ACCESS_KEY'), key);
      fs.writeFileSync(path.join(secrets, 's3-users', name, 'CONSOLE_SECRET_KEY'), `${key}-secret`);
    }
    fs.mkdirSync(path.join(secrets, 'object-store-root'), { recursive: true });
    fs.writeFileSync(path.join(secrets, 'object-store-root', 'config.env'), 'export MINIO_ROOT_USER=root MINIO_ROOT_PASSWORD=pw\n');
    fs.mkdirSync(path.join(secrets, 'object-store-tls'));
    fs.writeFileSync(path.join(secrets, 'object-store-tls', 'ca.crt'), 'ca');
    fs.mkdirSync(path.join(etc, 'object-store-setup'), { recursive: true });
    for (const [file, text] of Object.entries(config)) fs.writeFileSync(path.join(etc, 'object-store-setup', file), text);
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    const info = (user: string) =>
      `{\n "status": "success",\n "accessKey": "${user}",\n${users[user] ? ` "policyName": "${users[user]}",\n` : ''} "userStatus": "enabled"\n}`;
    const cases = Object.keys(users).map((u) => `    "admin user info store ${u} --json") echo '${info(u)}' ;;`);
    const list = Object.keys(users).map(info).join('\n');
    fs.writeFileSync(
      path.join(bin, 'mc'),
      ['#!/bin/sh', `echo "$*" >> ${dir}/calls`, 'case "$*" in', ...cases, `    "admin user list store --json") echo '${list}' ;;`, 'esac', ''].join('\n'),
      { mode: 0o755 },
    );
    const script = config['setup.sh']
      .replaceAll('/var/run/secrets/', `${secrets}/`)
      .replaceAll('/etc/object-store-setup', `${etc}/object-store-setup`)
      .replaceAll('/tmp/mc', `${dir}/mc`);
    execFileSync('/bin/sh', ['-c', script], { env: { PATH: `${bin}:/usr/bin:/bin` } });
    const calls = fs.readFileSync(path.join(dir, 'calls'), 'utf8').replaceAll(etc, '/etc');
    return calls
      .trim()
      .split('\n')
      .filter((c) => c.startsWith('admin user') || c.startsWith('admin policy'));
  }

  test('creates each consumer’s user from its Secret and attaches only its own policy', () => {
    const calls = run({});
    expect(calls).toEqual([
      'admin user add store mlflow-key mlflow-key-secret',
      'admin policy create store mlflow /etc/object-store-setup/policy-mlflow.json',
      'admin user info store mlflow-key --json',
      'admin policy attach store mlflow --user mlflow-key',
      'admin user add store serving-key serving-key-secret',
      'admin policy create store serving /etc/object-store-setup/policy-serving.json',
      'admin user info store serving-key --json',
      'admin policy attach store serving --user serving-key',
      'admin user list store --json',
    ]);
  });

  test('detaches consoleAdmin (what the operator attaches) and keeps an attached own policy, so a second run changes nothing', () => {
    const calls = run({ 'mlflow-key': 'consoleAdmin,mlflow', 'serving-key': 'serving' });
    expect(calls.filter((c) => /attach|detach|disable/.test(c))).toEqual(['admin policy detach store consoleAdmin --user mlflow-key']);
  });

  test('disables users no consumer holds any more (a removed tenant’s key stops working)', () => {
    const calls = run({ 'mlflow-key': 'mlflow', 'serving-key': 'serving', 'pipelines-jonas': 'pipelines-jonas' });
    expect(calls.filter((c) => /attach|detach|disable/.test(c))).toEqual(['admin user disable store pipelines-jonas']);
  });
});
