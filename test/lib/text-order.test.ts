import { compareText } from '../../constructs/lib/text-order';

describe('compareText', () => {
  test('orders by UTF-16 code units, whatever the locale', () => {
    expect(['b', 'a', 'B', '_x', '-x', 'aa', 'z'].sort(compareText)).toEqual(['-x', 'B', '_x', 'a', 'aa', 'b', 'z']);
    expect(compareText('same', 'same')).toBe(0);
  });

  test('gives the order of ICU’s root locale for DNS labels, file and stack names (what localeCompare gave before)', () => {
    const root = new Intl.Collator('und');
    const alphabet = 'abz09-./';
    // Every string of up to three of these characters, against every other.
    const names = [''];
    for (let length = 0; length < 3; length++) for (const name of names.filter((n) => n.length === length)) for (const c of alphabet) names.push(name + c);
    const disagreements = names.flatMap((a) => names.filter((b) => Math.sign(compareText(a, b)) !== Math.sign(root.compare(a, b))).map((b) => [a, b]));
    expect(names.length).toBe(1 + 8 + 64 + 512);
    expect(disagreements).toEqual([]);
  });

  test('differs from a Danish locale, where aa sorts after z', () => {
    expect(Math.sign(new Intl.Collator('da').compare('aage', 'zoe'))).toBe(1);
    expect(compareText('aage', 'zoe')).toBe(-1);
  });
});
