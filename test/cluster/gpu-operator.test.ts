import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { GpuNodePool } from '../../constructs/cluster/gpu-node-pool';
import { GpuOperator, type GpuOperatorProps } from '../../constructs/cluster/gpu-operator';
import { guardrailExemptions } from '../../constructs/policy/exemptions';

const chart = { chart: 'gpu-operator', repository: 'https://helm.ngc.nvidia.com/nvidia', version: 'v26.7.0' };

function synth(props: Partial<GpuOperatorProps> = {}, sharing: GpuNodePool['sharing'] = { mode: 'time-slicing', replicas: 4 }) {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'lab-cluster');
  const pools = [
    new GpuNodePool(stack, 'A', { name: 'shared', nodes: ['ws-01'], gpuModel: 'A6000', gpusPerNode: 1, cpuPerNode: '32', memoryPerNode: '128Gi', sharing }),
    new GpuNodePool(stack, 'B', { name: 'whole', nodes: ['gpu-01'], gpuModel: 'A100', gpusPerNode: 4, cpuPerNode: '64', memoryPerNode: '512Gi' }),
  ];
  new GpuOperator(stack, 'GpuOperator', { pools, chart, podSecurityVersion: 'v1.31', ...props });
  const json = JSON.parse(Testing.synth(stack));
  const release = json.resource.helm_release.gpu_operator;
  return { app, json, release, values: parse(release.values[0]) };
}

describe('GpuOperator', () => {
  test('installs the pinned chart into its own namespace, atomically', () => {
    const { release } = synth();
    expect(release).toMatchObject({
      name: 'gpu-operator',
      namespace: 'gpu-operator',
      chart: 'gpu-operator',
      version: 'v26.7.0',
      repository: chart.repository,
      atomic: true,
      wait: true,
      create_namespace: false,
    });
    expect(release.depends_on).toEqual(['kubernetes_namespace_v1.namespace_gpu_operator']);
  });

  test('defaults: no driver install, toolkit, DCGM exporter and feature discovery on, MIG manager off', () => {
    const { values } = synth();
    expect(values).toMatchObject({
      driver: { enabled: false },
      toolkit: { enabled: true },
      dcgmExporter: { enabled: true },
      gfd: { enabled: true },
      migManager: { enabled: false },
      nfd: { enabled: true },
    });
  });

  test('writes one device-plugin configuration per shared pool, time-slicing with the pool’s replicas', () => {
    const { values } = synth();
    expect(values.devicePlugin.config).toMatchObject({ create: true, name: 'device-plugin-config', default: 'default' });
    expect(Object.keys(values.devicePlugin.config.data)).toEqual(['default', 'shared']);
    expect(parse(values.devicePlugin.config.data.shared).sharing.timeSlicing).toEqual({
      renameByDefault: false,
      failRequestsGreaterThanOne: true,
      resources: [{ name: 'nvidia.com/gpu', replicas: 4 }],
    });
  });

  test('MIG pools turn on the MIG manager with the chosen strategy', () => {
    const { values } = synth({ migStrategy: 'mixed' }, { mode: 'mig', profile: '1g.10gb' });
    expect(values.migManager.enabled).toBe(true);
    expect(values.mig.strategy).toBe('mixed');
    expect(parse(values.devicePlugin.config.data.shared).flags.migStrategy).toBe('mixed');
  });

  test('the driver is installed when asked', () => {
    expect(synth({ installDriver: true }).values.driver.enabled).toBe(true);
  });

  test('pulls every image through the site mirror when one is set', () => {
    const { values } = synth({ imageMirror: 'registry.lab:5000/mirror' });
    expect(values.operator.repository).toBe('registry.lab:5000/mirror/nvcr.io/nvidia');
    expect(values.toolkit.repository).toBe('registry.lab:5000/mirror/nvcr.io/nvidia/k8s');
    expect(values['node-feature-discovery'].image.repository).toBe('registry.lab:5000/mirror/registry.k8s.io/nfd/node-feature-discovery');
    // Since v25.10 the validator is the consolidated operator image, and components left off are mirrored too.
    expect(values.validator.repository).toBe('registry.lab:5000/mirror/nvcr.io/nvidia');
    expect(values.vfioManager.driverManager.repository).toBe('registry.lab:5000/mirror/nvcr.io/nvidia/cloud-native');
    expect(values.driver.enabled).toBe(false);
  });

  test('without a mirror, every image is left to the chart', () => {
    const { values } = synth();
    expect(JSON.stringify(values)).not.toContain('repository');
  });

  test('its namespace runs privileged as a reasoned exemption scoped to that namespace', () => {
    const { app, json } = synth();
    expect(json.resource.kubernetes_namespace_v1.namespace_gpu_operator.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    expect(guardrailExemptions(app)).toEqual([
      { rule: 'PLT-02', object: 'lab-cluster:kubernetes_namespace_v1.namespace_gpu_operator', reason: expect.stringContaining('kernel modules') },
    ]);
  });

  test('fails without a GPU pool', () => {
    const stack = new TerraformStack(Testing.app(), 'x');
    expect(() => new GpuOperator(stack, 'GpuOperator', { pools: [], chart, podSecurityVersion: 'v1.31' })).toThrow('GpuOperator: needs at least one GPU pool');
  });
});
