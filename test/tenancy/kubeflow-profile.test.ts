import { KubeflowProfile } from '../../constructs/tenancy/kubeflow-profile';
import { findObject, synthConstruct } from '../support/synth';

describe('KubeflowProfile', () => {
  const props = { namespace: 'alice', ownerEmail: 'admin@lab.example.org', userEmail: 'Alice.Smith@lab.example.org', access: 'edit' as const };

  test('an admin owns the profile, which sets no second quota', () => {
    expect(
      findObject(
        synthConstruct((s) => new KubeflowProfile(s, 'P', props)),
        'Profile',
        'alice',
      ).spec,
    ).toEqual({ owner: { kind: 'User', name: 'admin@lab.example.org' } });
  });

  test('the user is a contributor through kubeflow-edit, named and annotated as Kubeflow’s access management writes it', () => {
    const binding = findObject(
      synthConstruct((s) => new KubeflowProfile(s, 'P', props)),
      'RoleBinding',
      'user-alice-smith-lab-example-org-clusterrole-edit',
      'alice',
    );
    expect(binding).toMatchObject({
      metadata: { annotations: { user: 'Alice.Smith@lab.example.org', role: 'edit' } },
      roleRef: { kind: 'ClusterRole', name: 'kubeflow-edit' },
      subjects: [{ kind: 'User', name: 'Alice.Smith@lab.example.org' }],
    });
  });

  test('viewers get kubeflow-view; offboarded users keep the profile and lose the binding', () => {
    expect(synthConstruct((s) => new KubeflowProfile(s, 'P', { ...props, access: 'view' })).find((o) => o.kind === 'RoleBinding')?.roleRef.name).toBe(
      'kubeflow-view',
    );
    const offboarded = synthConstruct((s) => new KubeflowProfile(s, 'P', { ...props, offboarded: true }));
    expect(offboarded.map((o) => o.kind)).toEqual(['Profile']);
  });
});
