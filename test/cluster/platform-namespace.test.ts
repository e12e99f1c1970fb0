import { TerraformStack, Testing } from 'cdktf';
import { PlatformNamespace } from '../../constructs/cluster/platform-namespace';
import { guardrailExemptions } from '../../constructs/policy/exemptions';

describe('PlatformNamespace', () => {
  test('enforces Pod Security restricted at the pinned version by default, with no exemption', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'lab-cluster');
    new PlatformNamespace(stack, 'Ns', { name: 'monitoring', component: 'monitoring', podSecurityVersion: 'v1.31' });
    const ns = JSON.parse(Testing.synth(stack)).resource.kubernetes_namespace_v1.namespace_monitoring;
    expect(ns.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.31' });
    expect(guardrailExemptions(app)).toEqual([]);
  });

  test('fails when a weaker level has no reason', () => {
    const stack = new TerraformStack(Testing.app(), 'lab-cluster');
    expect(
      () =>
        new PlatformNamespace(stack, 'Ns', { name: 'x', component: 'x', podSecurityVersion: 'v1.31', podSecurity: 'privileged', exemptionReason: 'needs it' }),
    ).toThrow('PlatformNamespace x: podSecurity "privileged" needs an exemptionReason of at least 10 characters');
  });
});
