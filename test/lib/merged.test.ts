import { haveSameHiddenClass } from '../support/hidden-classes';
import { merged } from '../../constructs/lib/merged';

describe('merged', () => {
  test('gives what the spread of its parts gives: members in order, a later part taking an earlier one’s value in its place, undefined parts skipped', () => {
    const nas = { server: 'nas', share: '/export', mountOptions: ['nfsvers=4.2'] };
    const result = merged(nas, undefined, { share: '/other', namespace: 'alice' }, { readOnly: true });
    expect(result).toStrictEqual({ ...nas, ...{ share: '/other', namespace: 'alice' }, ...{ readOnly: true } });
    expect(Object.keys(result)).toEqual(['server', 'share', 'mountOptions', 'namespace', 'readOnly']);
    expect(result.mountOptions).toBe(nas.mountOptions);
    expect(nas.share).toBe('/export');
  });

  test('objects with the same members share one hidden class, where a warm spread-first literal made one for each', () => {
    const nas = { server: 'nas', share: '/export', mountOptions: [] };
    const made = {
      merged: (user: string) => merged(nas, { namespace: user, claimName: 'dataset' }),
      spread: (user: string) => ({ ...nas, namespace: user, claimName: 'dataset' }),
    };
    const shared = Object.fromEntries(
      Object.entries(made).map(([name, make]) => {
        const objects = Array.from({ length: 300 }, (_, i) => make(`user-${i}`));
        return [name, haveSameHiddenClass(objects[250], objects[251])];
      }),
    );
    expect(shared).toEqual({ merged: true, spread: false });
  });
});
