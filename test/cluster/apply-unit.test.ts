import { Testing } from 'cdktf';
import { ApplyUnit } from '../../constructs/cluster/apply-unit';

function synth(): any {
  return JSON.parse(
    Testing.synthScope((scope) => {
      const first = new ApplyUnit(scope, 'First', {
        unit: '00-platform-base.k8s.yaml',
        sha256: 'a'.repeat(64),
        command: 'npm run -s apply-unit -- --env dev --unit 00-platform-base.k8s.yaml',
        workingDirectory: '../../..',
      });
      new ApplyUnit(scope, 'Second', {
        unit: '33-kubeflow-auth',
        sha256: 'b'.repeat(64),
        command: 'npm run -s apply-unit -- --env dev --unit 33-kubeflow-auth',
        workingDirectory: '../../..',
        after: first,
      });
    }),
  );
}

describe('ApplyUnit', () => {
  const json = synth();
  const units = json.resource.terraform_data;

  test('is a terraform_data resource named after the unit, replaced when its content hash changes', () => {
    expect(units.apply_00_platform_base.triggers_replace).toEqual({ unit: '00-platform-base.k8s.yaml', sha256: 'a'.repeat(64) });
    expect(Object.keys(units)).toEqual(['apply_00_platform_base', 'apply_33_kubeflow_auth']);
  });

  test('applies after the unit before it, by running the unit’s apply steps from the project root', () => {
    expect(units.apply_33_kubeflow_auth.depends_on).toEqual(['terraform_data.apply_00_platform_base']);
    expect(units.apply_00_platform_base.depends_on).toBeUndefined();
    expect(units.apply_33_kubeflow_auth.provisioner[0]).toEqual({
      'local-exec': { command: 'npm run -s apply-unit -- --env dev --unit 33-kubeflow-auth', working_dir: '../../..' },
    });
  });

  test('destroying it deletes nothing in the cluster, and says so', () => {
    for (const unit of Object.values<any>(units)) {
      const destroy = unit.provisioner.map((p: any) => p['local-exec']).filter((p: any) => p.when === 'destroy');
      expect(destroy).toHaveLength(1);
      expect(destroy[0].command).toMatch(/^echo ".*deletes no Kubernetes object \(tenant namespaces, volumes and data are never deleted this way\)/);
      // Only an echo: no other command, substitution or chaining can run.
      expect(destroy[0].command).toMatch(/^echo "[^"$`;|&<>]*"$/);
    }
  });
});
