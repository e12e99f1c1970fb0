import { PlatformRoles } from '../../constructs/tenancy/platform-roles';
import { findObject, synthConstruct } from '../support/synth';

describe('PlatformRoles', () => {
  const objects = synthConstruct((scope) => new PlatformRoles(scope, 'Roles', { admins: 'lab-admins', dataScientists: 'lab-ds', viewers: 'lab-viewers' }));

  test.each([
    ['platform-admin', 'lab-admins'],
    ['data-scientist', 'lab-ds'],
    ['viewer', 'lab-viewers'],
  ])('%s is bound to the group %s', (role, group) => {
    expect(findObject(objects, 'ClusterRoleBinding', role)).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'Group', name: group }],
    });
  });

  test('no role uses a wildcard', () => {
    const rules = objects.filter((o) => o.kind === 'ClusterRole').flatMap((o) => o.rules);
    expect(rules.flatMap((r: any) => [...r.apiGroups, ...r.resources, ...r.verbs])).not.toContain('*');
  });

  test('data scientists and viewers get cluster-wide reads of classes and profiles only', () => {
    for (const role of ['data-scientist', 'viewer']) {
      const rules = findObject(objects, 'ClusterRole', role).rules;
      expect(new Set(rules.flatMap((r: any) => r.verbs))).toEqual(new Set(['get', 'list', 'watch']));
      expect(rules.flatMap((r: any) => r.resources).sort()).toEqual(['ingressclasses', 'priorityclasses', 'profiles', 'storageclasses']);
    }
  });
});
