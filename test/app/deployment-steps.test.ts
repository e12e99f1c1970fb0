import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../app/cli';
import { applySteps, describeStep, planSteps, type TenantCheckStep, unlistedTenants } from '../../app/deployment-steps';
import { discard } from '../../app/synthesize';
import { ENVIRONMENTS } from '../../environments';
import { validateSpec } from '../../environments/spec';
import { tempDir } from '../support/synth';

describe('deployment steps', () => {
  const cwd = tempDir();
  afterAll(() => discard(cwd));
  runCli(['synth', '--env', 'onprem'], { cwd, env: {}, stdout: () => undefined, stderr: () => undefined });
  const spec = validateSpec(ENVIRONMENTS.onprem);
  const dirs = { terraform: path.join(cwd, 'cdktf.out'), manifests: path.join(cwd, 'dist', 'onprem'), plans: path.join(cwd, 'plans', 'onprem') };

  test('plan inits and plans each stack in dependency order, saving the plans', () => {
    expect(planSteps(spec, dirs).map(describeStep)).toEqual([
      `TF_IN_AUTOMATION=1 terraform -chdir=${dirs.terraform}/stacks/onprem-cluster init -input=false`,
      `TF_IN_AUTOMATION=1 terraform -chdir=${dirs.terraform}/stacks/onprem-cluster plan -input=false -lock-timeout=5m -out=${dirs.plans}/onprem-cluster.tfplan`,
      `TF_IN_AUTOMATION=1 terraform -chdir=${dirs.terraform}/stacks/onprem-platform init -input=false`,
      `TF_IN_AUTOMATION=1 terraform -chdir=${dirs.terraform}/stacks/onprem-platform plan -input=false -lock-timeout=5m -out=${dirs.plans}/onprem-platform.tfplan`,
    ]);
  });

  test('apply: saved plans, the tenant check, server-side apply of each file in order with its ApplySet, then rollouts', () => {
    const lines = applySteps(spec, dirs).map(describeStep);
    expect(lines[0]).toContain('terraform -chdir=');
    expect(lines[0]).toMatch(/onprem-cluster apply -input=false -lock-timeout=5m .*onprem-cluster\.tfplan$/);
    expect(lines[1]).toMatch(/onprem-platform apply/);
    expect(lines[2]).toMatch(/^check: kubectl .*--context=mlops-prod get namespaces -l mlops-platform.io\/tenant -o name lists only \[platform-admin, amira/);
    const applies = lines.filter((l) => l.includes(' apply --server-side'));
    expect(applies.map((l) => l.match(/applyset-onprem-([\w-]+)/)![1])).toEqual(['00-platform-base', '10-storage', '20-data-services', '30-access', '40-tenants', '50-serving', '60-workflows']);
    expect(applies.every((l) => l.startsWith('KUBECTL_APPLYSET=true kubectl') && l.includes('--prune'))).toBe(true);
    expect(lines.filter((l) => l.includes('rollout status'))).toContainEqual(expect.stringContaining('--namespace=mlflow rollout status deployment/mlflow --timeout=10m'));
  });

  test('the tenant check finds tenants the spec dropped, unless purged', () => {
    const check = applySteps(spec, dirs, ['old-user']).find((s) => s.kind === 'tenant-check') as TenantCheckStep;
    expect(unlistedTenants(check, 'namespace/amira\nnamespace/old-user\nnamespace/gone\n')).toEqual(['gone']);
  });

  test('the manifests exist where the steps point', () => {
    expect(fs.readdirSync(dirs.manifests).length).toBe(7);
  });
});
