import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { Kueue } from '../../constructs/cluster/kueue';

describe('Kueue', () => {
  test('turns fair sharing on and queues jobs and pods (no training operator is installed)', () => {
    const stack = new TerraformStack(Testing.app(), 'lab-cluster');
    new Kueue(stack, 'Kueue', { chart: { chart: 'kueue', repository: 'oci://r/charts', version: '0.19.2' }, podSecurityVersion: 'v1.36' });
    const values = parse(JSON.parse(Testing.synth(stack)).resource.helm_release.kueue.values[0]);
    const config = parse(values.managerConfig.controllerManagerConfigYaml);
    expect(config.fairSharing.enable).toBe(true);
    expect(config.integrations.frameworks).toEqual(['batch/job', 'pod']);
  });
});
