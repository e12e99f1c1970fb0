import { execFileSync } from 'node:child_process';
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
    // V8's own view of the two, in a process that may ask it (the function as compiled for these tests).
    const script = `
      const merged = ${merged.toString()};
      const nas = { server: 'nas', share: '/export', mountOptions: [] };
      const made = {
        merged: (user) => merged(nas, { namespace: user, claimName: 'dataset' }),
        spread: (user) => ({ ...nas, namespace: user, claimName: 'dataset' }),
      };
      const shared = {};
      for (const [name, make] of Object.entries(made)) {
        const objects = Array.from({ length: 300 }, (_, i) => make('user-' + i));
        shared[name] = %HaveSameMap(objects[250], objects[251]);
      }
      process.stdout.write(JSON.stringify(shared));`;
    const output = execFileSync(process.execPath, ['--allow-natives-syntax', '-e', script], { env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ merged: true, spread: false });
  });
});
