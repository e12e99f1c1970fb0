import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../app/cli';
import * as crypto from 'node:crypto';
import {
  applySteps,
  applyUnits,
  describeStep,
  planSteps,
  recordPlannedSpec,
  savedPlanProblem,
  stacksInOrder,
  type TenantCheckStep,
  unitSteps,
  unlistedTenants,
} from '../../app/deployment-steps';
import { PROJECT_ROOT } from '../../app/helm-render';
import { contentHash, discard } from '../../app/synthesize';
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
    expect(lines[0]).toMatch(/terraform -chdir=.*onprem-cluster init -input=false$/);
    expect(lines[1]).toMatch(/onprem-cluster apply -input=false -lock-timeout=5m .*onprem-cluster\.tfplan$/);
    expect(lines[2]).toMatch(/onprem-platform init/);
    expect(lines[3]).toMatch(/onprem-platform apply/);
    expect(lines[4]).toMatch(/^secrets: /);
    expect(lines[5]).toMatch(/^check: kubectl .*--context=mlops-prod get namespaces -l mlops-platform.io\/tenant -o name lists only \[platform-admin, amira/);
    const applies = lines.filter((l) => l.includes(' apply --server-side'));
    // The namespaces that hold data first, with no ApplySet: nothing prunes them.
    expect(applies[1]).toMatch(/ apply --server-side --field-manager=mlops-platform -f \S+\/05-data-homes\.k8s\.yaml$/);
    expect(applies.filter((l) => !l.includes('05-data-homes')).map((l) => l.match(/applyset-onprem-([\w-]+)/)![1])).toEqual([
      '00-platform-base',
      '10-storage',
      '20-data-services',
      '30-access',
      '31-istio-crds',
      '32-istio',
      '33-kubeflow-auth',
      '34-kubeflow-base',
      '35-kubeflow-dashboard',
      '36-kubeflow-notebooks',
      '37-kubeflow-pipelines',
      '38-kubeflow-katib',
      '39-gateway',
      '40-tenants',
      '45-backups',
      '50-serving',
      '60-workflows',
    ]);
    expect(lines.filter((l) => l.includes(' -k '))).toHaveLength(8);
    expect(lines).toContainEqual(expect.stringMatching(/ wait --for=condition=Established --timeout=5m .*crd\/profiles\.kubeflow\.org/));
    expect(lines).toContainEqual(expect.stringContaining('--namespace=kubeflow rollout status deployment/ml-pipeline --timeout=10m'));
    expect(applies.filter((l) => !l.includes('05-data-homes')).every((l) => l.startsWith('KUBECTL_APPLYSET=true kubectl') && l.includes('--prune'))).toBe(true);
    expect(applies.filter((l) => l.includes('05-data-homes') && (l.includes('--prune') || l.includes('--applyset')))).toEqual([]);
    expect(lines.filter((l) => l.includes('rollout status'))).toContainEqual(
      expect.stringContaining('--namespace=mlflow rollout status deployment/mlflow --timeout=10m'),
    );
  });

  test('the tenant check finds tenants the spec dropped, unless purged', () => {
    const check = applySteps(spec, dirs, ['old-user']).find((s) => s.kind === 'tenant-check') as TenantCheckStep;
    expect(unlistedTenants(check, 'namespace/amira\nnamespace/old-user\nnamespace/gone\n')).toEqual(['gone']);
  });

  test('an environment whose name extends another’s is never planned or applied with it', () => {
    const file = path.join(cwd, 'onprem-staging.json');
    fs.writeFileSync(file, JSON.stringify({ ...ENVIRONMENTS.onprem, name: 'onprem-staging' }));
    const code = runCli(['synth', '--spec', file], { cwd, env: {}, stdout: () => undefined, stderr: () => undefined });
    expect(code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(dirs.terraform, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toEqual(expect.arrayContaining(['onprem-cluster', 'onprem-staging-cluster']));
    const stacks = (steps: string[]) => [...new Set(steps.map((l) => l.match(/stacks\/([\w-]+)/)?.[1]).filter(Boolean))];
    expect(stacks(planSteps(spec, dirs).map(describeStep))).toEqual(['onprem-cluster', 'onprem-platform']);
    expect(stacks(applySteps(spec, dirs).map(describeStep))).toEqual(['onprem-cluster', 'onprem-platform']);
    expect(stacksInOrder(dirs.terraform, 'onprem')).toEqual(['onprem-cluster', 'onprem-platform', 'onprem-workloads']);
    expect(stacksInOrder(dirs.terraform, 'onprem-staging')).toEqual(['onprem-staging-cluster', 'onprem-staging-platform', 'onprem-staging-workloads']);
  });

  test('apply takes only saved plans of every stack, made from this very spec', () => {
    const plans = { ...dirs, plans: path.join(cwd, 'plans', 'onprem') };
    fs.rmSync(plans.plans, { recursive: true, force: true });
    fs.mkdirSync(plans.plans, { recursive: true });
    expect(savedPlanProblem(spec, plans)).toMatch(/^no saved plan for onprem-cluster, onprem-platform in .*; run npm run plan for "onprem" first$/);
    for (const stack of ['onprem-cluster', 'onprem-platform']) fs.writeFileSync(path.join(plans.plans, `${stack}.tfplan`), '');
    expect(savedPlanProblem(spec, plans)).toMatch(/made from another spec \(digest unknown, now [0-9a-f]{12}\)/);
    recordPlannedSpec(spec, plans);
    expect(savedPlanProblem(spec, plans)).toBeUndefined();
    const changed = validateSpec({ ...ENVIRONMENTS.onprem, users: ENVIRONMENTS.onprem.users.slice(0, -1) });
    expect(savedPlanProblem(changed, plans)).toMatch(
      /^the saved plans of "onprem" were made from another spec \(digest [0-9a-f]{12}, now [0-9a-f]{12}\); run npm run plan again$/,
    );
  });

  test('the manifests exist where the steps point', () => {
    expect(fs.readdirSync(dirs.manifests).length).toBe(18);
  });

  test('apply is the saved plans then each unit’s own steps: one implementation for npm run apply and cdktf deploy', () => {
    const units = applyUnits(dirs.manifests);
    const perUnit = units.flatMap((unit) => unitSteps(spec, dirs.manifests, unit).map(describeStep));
    expect(applySteps(spec, dirs).map(describeStep).slice(5)).toEqual(perUnit);
    expect(describeStep(applySteps(spec, dirs)[4])).toMatch(/^secrets: /);
    const tenants = unitSteps(spec, dirs.manifests, '40-tenants.k8s.yaml').map(describeStep);
    expect(tenants[0]).toMatch(/^check: /);
    expect(tenants[1]).toContain('--applyset=configmap/applyset-onprem-40-tenants');
    expect(tenants[1]).toMatch(/ -f \S+\/40-tenants\.k8s\.yaml$/);
  });

  test('the workloads stack makes the Secrets exist, then has one resource per unit, in order, each after the one before, replaced when its content changes', () => {
    const stack = JSON.parse(fs.readFileSync(path.join(dirs.terraform, 'stacks', 'onprem-workloads', 'cdk.tf.json'), 'utf8'));
    const { apply_secrets: secrets, ...rest } = stack.resource.terraform_data;
    expect(secrets.provisioner[0]['local-exec'].command).toBe('npm run -s secrets -- --env onprem');
    expect(secrets.depends_on).toBeUndefined();
    const resources: [string, any][] = [['apply_secrets', secrets], ...Object.entries<any>(rest)];
    resources.shift();
    expect(rest.apply_00_platform_base.depends_on).toEqual(['terraform_data.apply_secrets']);
    const units = applyUnits(dirs.manifests);
    expect(resources.map(([, r]) => r.triggers_replace.unit)).toEqual(units);
    resources.forEach(([, r], i) => {
      const unitPath = path.join(dirs.manifests, units[i]);
      const sha256 = fs.statSync(unitPath).isFile() ? crypto.createHash('sha256').update(fs.readFileSync(unitPath)).digest('hex') : contentHash(unitPath);
      expect(r.triggers_replace.sha256).toBe(sha256);
      expect(r.depends_on).toEqual(i === 0 ? ['terraform_data.apply_secrets'] : [`terraform_data.${resources[i - 1][0]}`]);
      const run = r.provisioner[0]['local-exec'];
      expect(run.command).toBe(`npm run -s apply-unit -- --env onprem --manifests ${path.relative(PROJECT_ROOT, dirs.manifests)} --unit ${units[i]}`);
      expect(path.resolve(dirs.terraform, 'stacks', 'onprem-workloads', run.working_dir)).toBe(PROJECT_ROOT);
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(dirs.terraform, 'manifest.json'), 'utf8'));
    expect(manifest.stacks['onprem-workloads'].dependencies).toEqual(['onprem-platform']);
    expect(stack.provider).toBeUndefined();
  });

  test('npm run plan/apply leave the workloads stack to the units themselves', () => {
    expect(planSteps(spec, dirs).map(describeStep).join('\n')).not.toContain('workloads');
    expect(applySteps(spec, dirs).map(describeStep).join('\n')).not.toContain('workloads');
  });
});

describe('a kustomize unit', () => {
  const dir = tempDir();
  afterAll(() => discard(dir));
  const spec = validateSpec(ENVIRONMENTS.dev);
  fs.mkdirSync(path.join(dir, '31-example'));
  fs.writeFileSync(path.join(dir, '31-example', 'kustomization.yaml'), 'resources:\n- objects.yaml\n');
  fs.writeFileSync(
    path.join(dir, '31-example', 'objects.yaml'),
    [
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.org\nspec:\n  group: example.org\n  names: {kind: Widget, plural: widgets}\n  scope: Namespaced\n  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: widget-controller, namespace: widgets}\nspec: {selector: {matchLabels: {app: w}}, template: {metadata: {labels: {app: w}}, spec: {containers: [{name: c, image: example.org/w:1}]}}}',
    ].join('\n---\n'),
  );
  fs.writeFileSync(path.join(dir, '30-access.k8s.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: widgets}\n');

  test('its content hash covers every file of the folder', () => {
    const before = contentHash(path.join(dir, '31-example'));
    fs.appendFileSync(path.join(dir, '31-example', 'objects.yaml'), '\n');
    expect(contentHash(path.join(dir, '31-example'))).not.toBe(before);
  });

  test('its content hash is the SHA-256 of a file, and of each file of a folder with its path, read a chunk at a time', () => {
    // Larger than a chunk, with a byte that differs only in the last chunk.
    const large = Buffer.alloc(2.5 * 2 ** 20 + 7, 'a');
    large[large.length - 3] = 0x62;
    fs.writeFileSync(path.join(dir, '32-large.k8s.yaml'), large);
    const sha256 = (...parts: (string | Buffer)[]) => parts.reduce((h: crypto.Hash, p) => h.update(p), crypto.createHash('sha256')).digest('hex');
    try {
      expect(contentHash(path.join(dir, '32-large.k8s.yaml'))).toBe(sha256(large));
      fs.mkdirSync(path.join(dir, '33-large'));
      fs.writeFileSync(path.join(dir, '33-large', 'objects.yaml'), large);
      expect(contentHash(path.join(dir, '33-large'))).toBe(sha256('objects.yaml\0', large, '\0'));
    } finally {
      fs.rmSync(path.join(dir, '32-large.k8s.yaml'));
      fs.rmSync(path.join(dir, '33-large'), { recursive: true });
    }
  });

  test('is applied with -k (server-side, taking over conflicting fields, as upstream asks) after the files before it, then waits for its CRDs and rollouts (built with the real kubectl)', () => {
    expect(applyUnits(dir)).toEqual(['30-access.k8s.yaml', '31-example']);
    const lines = unitSteps(spec, dir, '31-example').map(describeStep);
    expect(lines[1]).toMatch(/--applyset=configmap\/applyset-dev-31-example --namespace=kube-system --prune --force-conflicts -k \S+\/31-example$/);
    expect(lines[2]).toMatch(/ wait --for=condition=Established --timeout=5m crd\/widgets\.example\.org$/);
    expect(lines[3]).toMatch(/--namespace=widgets rollout status deployment\/widget-controller --timeout=10m$/);
  });
});
