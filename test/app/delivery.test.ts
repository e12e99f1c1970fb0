import * as fs from 'node:fs';
import * as path from 'node:path';
import * as semver from 'semver';
import { type Inventory, inventory } from '../../app/image-inventory';
import { mirrorPlan } from '../../app/mirror-commands';
import { platformDot } from '../../app/platform-diagram';
import { ENVIRONMENTS } from '../../environments';
import { validateSpec } from '../../environments/spec';
import * as library from '../../constructs';
import { allObjects, synthEnvironment } from '../support/synth';

const root = path.resolve(__dirname, '../..');
const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('Jenkinsfile', () => {
  const jenkinsfile = fs.readFileSync(path.join(root, 'Jenkinsfile'), 'utf8');

  test('calls only npm scripts that exist', () => {
    const called = [...jenkinsfile.matchAll(/npm run (?:-s )?([\w:-]+)/g)].map((m) => m[1]);
    expect(called.length).toBeGreaterThan(5);
    expect(called.filter((s) => !(s in packageJson.scripts))).toEqual([]);
  });

  test('plans, asks for approval outside dev, applies the saved plans, one run at a time', () => {
    for (const needle of [
      'npm run plan',
      'input message:',
      "params.ENVIRONMENT != 'dev'",
      'npm run apply',
      'lock(resource:',
      "junit 'reports/junit.xml'",
      'withCredentials',
    ]) {
      expect(jenkinsfile).toContain(needle);
    }
  });

  test('takes a site spec file besides the shipped environments, and every command reads the same source', () => {
    expect(jenkinsfile).toContain("string(name: 'SPEC'");
    const commands = [...jenkinsfile.matchAll(/npm run (?:-s )?(synth|plan|apply|images|spec) -- ([^'"\n]*)/g)];
    expect(commands.length).toBeGreaterThan(5);
    expect(commands.filter((m) => !m[2].startsWith('$SPEC_SOURCE'))).toEqual([]);
  });

  test('installs the kubeconfig where the spec says, not at a fixed path', () => {
    expect(jenkinsfile).toContain('--field kubernetes.configPath');
    expect(jenkinsfile).not.toContain('~/.kube/config');
  });

  test('the approval waits without an agent; the apply runs on a fresh one from the stashed plans', () => {
    const approve = jenkinsfile.slice(jenkinsfile.indexOf("stage('Approve')"), jenkinsfile.indexOf("stage('Apply')"));
    expect(approve).toMatch(/agent none/);
    expect(jenkinsfile.match(/^ {2}agent none$/m)).not.toBeNull();
    const apply = jenkinsfile.slice(jenkinsfile.indexOf("stage('Apply')"));
    expect(apply).toMatch(/agent \{ kubernetes/);
    expect(apply).toContain("unstash 'planned'");
    expect(jenkinsfile).toContain("stash name: 'planned'");
  });

  test('runs a maintained Node LTS that satisfies the engines every dependency declares; the README says the same', () => {
    const image = jenkinsfile.match(/image: node:(\d+)\.(\d+)\.(\d+)-/)!;
    const version = `${image[1]}.${image[2]}.${image[3]}`;
    expect(Number(image[1]) % 2).toBe(0);
    expect(Number(image[1])).toBeGreaterThanOrEqual(22);
    const engines: string = packageJson.engines.node;
    const lowest = semver.minVersion(engines)!.version;
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
    const needs = Object.entries(lock.packages as Record<string, { engines?: { node?: string } | string[] }>)
      .map(([name, p]) => [name, !Array.isArray(p.engines) ? p.engines?.node : undefined] as const)
      .filter((entry): entry is readonly [string, string] => typeof entry[1] === 'string');
    expect(needs.length).toBeGreaterThan(20);
    expect(needs.filter(([, range]) => !semver.satisfies(lowest, range) || !semver.satisfies(version, range))).toEqual([]);
    expect(semver.satisfies(version, engines)).toBe(true);
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`Node.js ${semver.major(lowest)}.${semver.minor(lowest)} or newer`);
  });
});

describe('image inventory', () => {
  const staged = synthEnvironment(ENVIRONMENTS.onprem);
  const mirror = staged.spec.registry.mirror!;
  let found: Inventory;
  beforeAll(async () => {
    found = await inventory({
      objects: allObjects(staged),
      stacks: staged.stacks,
      units: staged.units,
      mirror,
      builds: staged.spec.registry.builds,
      kubeVersion: staged.spec.kubernetes.version,
    });
  }, 60_000);

  test('lists every image once, as pulled through the mirror, with its upstream source and what uses it', () => {
    expect(found.images).toContainEqual({
      image: `${mirror}/quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z`,
      upstream: 'quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z',
      usedBy: ['manifests'],
    });
    expect(found.images.every((i) => i.image.startsWith('registry.lab.internal:5000/'))).toBe(true);
    expect(new Set(found.images.map((i) => i.image)).size).toBe(found.images.length);
  });

  test('includes the images inside every chart release, also those operators start at run time, and no placeholder', () => {
    const byImage = new Map(found.images.map((i) => [i.upstream, i.usedBy]));
    expect(byImage.get('nvcr.io/nvidia/gpu-operator:v26.7.0')).toEqual(['onprem-cluster:helm_release.gpu_operator']);
    expect(byImage.get('nvcr.io/nvidia/cloud-native/k8s-mig-manager:v0.15.0')).toEqual(['onprem-cluster:helm_release.gpu_operator']);
    expect(byImage.get('quay.io/minio/operator-sidecar:v7.0.1')).toEqual(['onprem-platform:helm_release.minio_operator']);
    expect(byImage.get('quay.io/jetstack/cert-manager-acmesolver:v1.21.1')).toEqual(['onprem-cluster:helm_release.cert_manager']);
    expect(byImage.get('ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-tensorflow-full:v1.11.0')).toEqual(['36-kubeflow-notebooks']);
    expect(byImage.get('quay.io/argoproj/argoexec:v3.7.3')).toEqual(['37-kubeflow-pipelines']);
    expect(byImage.get('registry.istio.io/release/proxyv2:1.30.1')).toEqual(['32-istio']);
    expect(byImage.get('tensorflow/tensorflow:2.5.1')).toEqual(['36-kubeflow-notebooks']);
    expect(byImage.get('ghcr.io/kubeflow/katib/suggestion-skopt:v0.19.0')).toEqual(['38-kubeflow-katib']);
    expect(found.images.filter((i) => !i.image.includes('/'))).toEqual([]);
    expect(found.images.length).toBeGreaterThan(40);
  });

  test('lists every chart with its pinned version, mirror, upstream repository and vendored archive', () => {
    expect(found.charts.map((c) => `${c.chart}@${c.version}`).sort()).toEqual([
      'cert-manager@v1.21.1',
      'cloudnative-pg@0.29.0',
      'csi-driver-nfs@4.11.0',
      'gpu-operator@v26.7.0',
      'kueue@0.19.2',
      'operator@7.1.1',
    ]);
    expect(found.charts.find((c) => c.chart === 'gpu-operator')).toMatchObject({
      repository: 'oci://registry.lab.internal:5000/charts',
      upstream: 'https://helm.ngc.nvidia.com/nvidia',
      archive: 'vendor/charts/gpu-operator-v26.7.0.tgz',
    });
  });

  test('the mirror plan copies each mirrored image from upstream (by digest where pinned) and pushes each vendored chart', () => {
    const crane = mirrorPlan(found, 'crane', staged.spec.registry.charts);
    const lines = crane.commands.map((c) => [c.command, ...c.args].join(' '));
    expect(lines).toContain(`crane copy quay.io/minio/operator-sidecar:v7.0.1 ${mirror}/quay.io/minio/operator-sidecar:v7.0.1`);
    expect(lines).toContain(`crane copy registry.k8s.io/sig-storage/nfsplugin:v4.11.0 ${mirror}/registry.k8s.io/sig-storage/nfsplugin:v4.11.0`);
    const digest = `sha256:${'a'.repeat(64)}`;
    const pinned = mirrorPlan(
      { ...found, images: [{ ...found.images[0], upstream: `quay.io/x/y:v1@${digest}`, image: `${mirror}/quay.io/x/y:v1@${digest}` }] },
      'crane',
    );
    expect(pinned.commands[0].args).toEqual(['copy', `quay.io/x/y:v1@${digest}`, `${mirror}/quay.io/x/y:v1`]);
    expect(lines).toContain('helm push vendor/charts/operator-7.1.1.tgz oci://registry.lab.internal:5000/charts');
    expect(lines.filter((l) => l.startsWith('crane copy'))).toHaveLength(found.images.filter((i) => i.image !== i.upstream).length);
    expect(lines.filter((l) => l.startsWith('helm push'))).toHaveLength(6);
    expect(crane.notes).toEqual([]);
    const skopeo = mirrorPlan(found, 'skopeo', 'https://charts.lab.internal');
    expect(skopeo.commands[0]).toEqual({
      command: 'skopeo',
      args: [
        'copy',
        '--all',
        '--preserve-digests',
        `docker://${found.images.find((i) => i.image !== i.upstream)!.upstream}`,
        expect.stringMatching(/^docker:\/\/registry\.lab\.internal:5000\/mirror\//),
      ],
    });
    expect(skopeo.commands.some((c) => c.command === 'helm')).toBe(false);
    expect(skopeo.notes[0]).toContain('"https://charts.lab.internal" (not OCI): copy 6 vendored charts');
  });
});

describe('diagram', () => {
  const dot = platformDot(validateSpec(ENVIRONMENTS.onprem));

  test('draws the four layers with the users, pools and services from the spec', () => {
    for (const layer of ['User interface', 'Compute and orchestration', 'Data management', 'Serving']) expect(dot).toContain(`label="${layer}"`);
    expect(dot).toContain('GPU pool a100');
    expect(dot).toContain('3 nodes x 4 GPUs = 12');
    expect(dot).toContain('10 users');
    expect(dot).toContain('cell-detector-api');
  });

  test('renders to SVG with the WebAssembly Graphviz', async () => {
    const { instance } = await import('@viz-js/viz');
    const svg = (await instance()).renderString(dot, { format: 'svg' });
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*GPU pool a100[\s\S]*<\/svg>\s*$/);
  });
});

describe('library', () => {
  test('exports the constructs other teams build with', () => {
    for (const name of [
      'TenantNamespace',
      'GpuNodePool',
      'GpuOperator',
      'NasStorage',
      'MinioObjectStore',
      'ExternalObjectStore',
      'PostgresCluster',
      'MlflowServer',
      'VpnGateway',
      'ModelServer',
      'PlatformRoles',
      'StaticNfsVolume',
    ]) {
      expect([name, typeof (library as Record<string, unknown>)[name]]).toEqual([name, 'function']);
    }
  });

  test('every construct module is exported, Kueue, GpuQueues, KubeflowProfile, TenantPodDefaults and TuningExperiment included', () => {
    for (const name of [
      'Kueue',
      'GpuQueues',
      'KubeflowProfile',
      'TenantPodDefaults',
      'TuningExperiment',
      'KubeflowEntry',
      'TenantIsolationPolicy',
      'TenantPipelineArtifacts',
      'ApplyUnit',
    ]) {
      expect([name, typeof (library as Record<string, unknown>)[name]]).toEqual([name, 'function']);
    }
    const root = path.join(__dirname, '..', '..', 'constructs');
    const barrel = fs.readFileSync(path.join(root, 'index.ts'), 'utf8');
    const modules = ['cluster', 'kubeflow', 'platform', 'serving', 'tenancy', 'workflows'].flatMap((dir) =>
      fs.readdirSync(path.join(root, dir)).map((file) => `./${dir}/${file.replace(/\.ts$/, '')}`),
    );
    expect(modules.filter((m) => !barrel.includes(`export * from '${m}';`))).toEqual([]);
  });

  test('package.json points at the built barrel and its types', () => {
    expect(packageJson).toMatchObject({ main: 'lib/constructs/index.js', types: 'lib/constructs/index.d.ts' });
  });

  test('every package the library’s code imports is a dependency; the construct frameworks are peers with ranges, pinned for development within them', () => {
    const root = path.join(__dirname, '..', '..', 'constructs');
    const imported = new Set<string>();
    for (const file of fs.readdirSync(root, { recursive: true }) as string[]) {
      if (!file.endsWith('.ts')) continue;
      for (const m of fs.readFileSync(path.join(root, file), 'utf8').matchAll(/^(?:import .*|\}) from '((?:@[\w-]+\/)?[\w.-]+)[^']*';$/gm))
        if (!m[1].startsWith('.')) imported.add(m[1]);
    }
    const peers: Record<string, string> = packageJson.peerDependencies;
    expect([...imported].filter((name) => !name.startsWith('node:') && !(name in packageJson.dependencies) && !(name in peers)).sort()).toEqual([]);
    expect(imported.size).toBeGreaterThan(5);
    expect(Object.keys(peers).sort()).toEqual(['@cdktf/provider-helm', '@cdktf/provider-kubernetes', 'cdk8s', 'cdk8s-plus-28', 'cdktf', 'constructs']);
    for (const [name, range] of Object.entries(peers)) {
      expect([
        name,
        name in packageJson.dependencies,
        semver.valid(packageJson.devDependencies[name]) !== null,
        semver.satisfies(packageJson.devDependencies[name], range),
      ]).toEqual([name, false, true, true]);
    }
  });
});
