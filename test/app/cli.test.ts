import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { discard } from '../../app/synthesize';
import { dev } from '../../environments/dev';
import { copyOf, runCliIn, tempDir } from '../support/synth';

/** Every file below `dir` with its modification time and content, to prove nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = `${fs.statSync(file).mtimeMs} ${fs.readFileSync(file, 'utf8')}`;
  }
  return out;
}

describe('command line', () => {
  let cwd: string;
  beforeEach(() => (cwd = tempDir()));
  afterEach(() => discard(cwd));

  test('synth writes both outputs of dev and a summary', () => {
    const result = runCliIn(cwd);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(fs.existsSync(path.join(cwd, 'cdktf.out/stacks/dev-cluster/cdk.tf.json'))).toBe(true);
    expect(fs.existsSync(path.join(cwd, 'dist/dev/40-tenants.k8s.yaml'))).toBe(true);
    expect(fs.readdirSync(path.join(cwd, '.synth-staging'))).toEqual([]);
    expect(result.stdout).toContain('dev-cluster');
    expect(result.stdout).toMatch(/40-tenants\.k8s\.yaml\s+\d+ objects/);
    expect(result.stdout).toMatch(/bob\s+data-scientist\s+gpus 1\s+cpu 8\s+memory 32Gi\s+storage 100Gi/);
    expect(result.stdout).toMatch(/GPUs\s+2 of 2\s+workstation: 1 node x 1 GPU x 2 time-slices = 2/);
  });

  test('a second environment keeps the first one’s outputs and both stacks in the cdktf manifest', () => {
    expect(runCliIn(cwd).code).toBe(0);
    expect(runCliIn(cwd, 'synth', '--env', 'onprem').code).toBe(0);
    expect(fs.readdirSync(path.join(cwd, 'dist')).sort()).toEqual(['dev', 'onprem']);
    const manifest = JSON.parse(fs.readFileSync(path.join(cwd, 'cdktf.out/manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toEqual(['dev-cluster', 'dev-platform', 'dev-workloads', 'onprem-cluster', 'onprem-platform', 'onprem-workloads']);
  });

  test('--spec synthesizes a YAML spec file named by its own name', () => {
    const site = copyOf(dev);
    site.name = 'site-a';
    fs.writeFileSync(path.join(cwd, 'site.yaml'), stringify(site));
    expect(runCliIn(cwd, '--spec', 'site.yaml').code).toBe(0);
    expect(fs.existsSync(path.join(cwd, 'dist/site-a/40-tenants.k8s.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(cwd, 'cdktf.out/stacks/site-a-cluster/cdk.tf.json'))).toBe(true);
    const workloads = JSON.parse(fs.readFileSync(path.join(cwd, 'cdktf.out/stacks/site-a-workloads/cdk.tf.json'), 'utf8'));
    const exec = workloads.resource.terraform_data.apply_40_tenants.provisioner[0]['local-exec'];
    const root = path.resolve(cwd, 'cdktf.out/stacks/site-a-workloads', exec.working_dir);
    expect(exec.command).toBe(
      `npm run -s apply-unit -- --spec ${path.relative(root, path.join(cwd, 'site.yaml'))} --manifests ${path.relative(root, path.join(cwd, 'dist/site-a'))} --unit 40-tenants.k8s.yaml`,
    );
  });

  test('diff shows what a spec change adds, changes and removes per file and stack, writing nothing; --fail exits 1 on a difference', () => {
    const site = copyOf(dev);
    site.name = 'site-b';
    fs.writeFileSync(path.join(cwd, 'site.yaml'), stringify(site));
    expect(runCliIn(cwd, '--spec', 'site.yaml').code).toBe(0);
    expect(runCliIn(cwd, 'diff', '--spec', 'site.yaml', '--fail')).toEqual({ code: 0, stdout: 'no differences\n', stderr: '' });
    site.users.push({ name: 'dave', email: 'dave@lab.example.org', role: 'viewer', quota: { gpus: 0, cpu: '2', memory: '4Gi', storage: '10Gi' } });
    site.users[1].quota.cpu = '6';
    fs.writeFileSync(path.join(cwd, 'site.yaml'), stringify(site));
    const before = snapshot(cwd);
    const { code, stdout } = runCliIn(cwd, 'diff', '--spec', 'site.yaml', '--fail');
    expect(code).toBe(1);
    expect(snapshot(cwd)).toEqual(before);
    const lines = stdout.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'dist/site-b/40-tenants.k8s.yaml',
        '  + Namespace//dave',
        '  + ResourceQuota/dave/tenant-quota',
        '  ~ ResourceQuota/bob/tenant-quota',
        '      -     requests.cpu: "8"',
        '      +     requests.cpu: "6"',
        'cdktf.out/stacks/site-b-workloads/cdk.tf.json',
        '  ~ resource.terraform_data.apply_40_tenants',
      ]),
    );
    expect(lines[lines.length - 2]).toMatch(/^\d+ added, \d+ changed, 0 removed$/);
    expect(runCliIn(cwd, 'synth', '--fail').code).toBe(2);
  });

  test('spec prints the resolved spec as JSON', () => {
    const result = runCliIn(cwd, 'spec', '--env', 'onprem');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ name: 'onprem', guardrails: { gpuOvercommit: 1 } });
  });

  test('spec --field prints one resolved value for scripts: text as it is, anything else as JSON; an unknown field exits 1', () => {
    expect(runCliIn(cwd, 'spec', '--env', 'onprem', '--field', 'kubernetes.configPath')).toEqual({ code: 0, stdout: '~/.kube/config\n', stderr: '' });
    expect(runCliIn(cwd, 'spec', '--env', 'onprem', '--field', 'vpn.port').stdout).toBe('51820\n');
    expect(runCliIn(cwd, 'spec', '--field', 'kubernetes.nope')).toMatchObject({ code: 1, stderr: '--field kubernetes.nope: the spec has no such field\n' });
    expect(runCliIn(cwd, 'synth', '--field', 'name').code).toBe(2);
  });

  test('fails when the spec is invalid: exit 1, every problem, outputs untouched', () => {
    expect(runCliIn(cwd).code).toBe(0);
    const before = snapshot(cwd);
    const bad = copyOf(dev);
    bad.users[0].quota.gpus = 1.5;
    bad.users[1].name = 'kube-bob';
    fs.writeFileSync(path.join(cwd, 'bad.json'), JSON.stringify(bad));
    const result = runCliIn(cwd, '--spec', 'bad.json');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('users[0].quota.gpus: must be a whole number >= 0, got 1.5');
    expect(result.stderr).toContain('users[1].name: must not start with "kube-"');
    expect(snapshot(cwd)).toEqual({ ...before, 'bad.json': expect.any(String) });
  });

  test('fails when the guardrails refuse the output: GPU quotas over capacity, with the numbers', () => {
    expect(runCliIn(cwd).code).toBe(0);
    const before = snapshot(cwd);
    const greedy = copyOf(dev);
    greedy.users[2].quota.gpus = 3;
    fs.writeFileSync(path.join(cwd, 'greedy.yaml'), stringify(greedy));
    const result = runCliIn(cwd, '--spec', 'greedy.yaml');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'SEC-47 ClusterCapacity//gpus: GPU quotas add up to 5 (tenants 5, platform workloads 0), but capacity is 2 (workstation: 1 node x 1 GPU x 2 time-slices = 2) x guardrails.gpuOvercommit 1 = 2',
    );
    expect(snapshot(cwd)).toEqual({ ...before, 'greedy.yaml': expect.any(String) });
  });

  test('fails when the spec pins a chart version that is not vendored, naming the chart, the version and how to vendor it; nothing written', () => {
    const site = copyOf(dev);
    site.charts = { gpuOperator: { version: 'v26.9.0' }, kueue: { version: '0.19.2' } };
    fs.writeFileSync(path.join(cwd, 'site.yaml'), stringify(site));
    const result = runCliIn(cwd, '--spec', 'site.yaml');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'charts.gpuOperator.version: chart gpu-operator v26.9.0 is not vendored (no vendor/charts/gpu-operator-v26.9.0.tgz); vendor it with `npm run vendor:charts -- --chart gpuOperator --version v26.9.0`',
    );
    expect(result.stderr).not.toContain('charts.kueue');
    expect(fs.readdirSync(cwd)).toEqual(['site.yaml']);
  });

  test('fails when a YAML spec file does not parse', () => {
    fs.writeFileSync(path.join(cwd, 'broken.yaml'), 'name: dev\nusers: [\n');
    const result = runCliIn(cwd, '--spec', 'broken.yaml');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.yaml: .+/);
  });

  test('fails when the environment is unknown, naming the known ones', () => {
    expect(runCliIn(cwd, '--env', 'prod').stderr).toContain('--env: no environment named "prod"; known: dev, onprem');
  });

  test('fails with usage on an unknown argument', () => {
    const result = runCliIn(cwd, '--envv', 'dev');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage:');
  });

  test('the process exits 1 on an invalid spec without a stack trace', () => {
    const bad = copyOf(dev);
    bad.users[0].role = 'owner';
    fs.writeFileSync(path.join(cwd, 'bad.yaml'), stringify(bad));
    const root = path.resolve(__dirname, '../..');
    const child = spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'main.ts'), '--spec', 'bad.yaml'], {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(child.status).toBe(1);
    expect(child.stderr).toContain('users[0].role: must be "admin", "data-scientist" or "viewer", got "owner"');
    expect(child.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(cwd, 'dist'))).toBe(false);
  });
});
