import { lineDiff } from '../../app/output-diff';

describe('lineDiff', () => {
  test('shows each changed run with one line of context, and a gap between runs', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n');
    const after = ['a', 'b', 'C', 'd', 'e', 'f', 'g', 'H'].join('\n');
    expect(lineDiff(before, after)).toEqual(['  b', '- c', '+ C', '  d', '  …', '  g', '- h', '+ H']);
  });

  test('added and removed lines alone, and identical texts give nothing', () => {
    expect(lineDiff('a\nb', 'a\nx\nb')).toEqual(['  a', '+ x', '  b']);
    expect(lineDiff('a\nx\nb', 'a\nb')).toEqual(['  a', '- x', '  b']);
    expect(lineDiff('same', 'same')).toEqual([]);
  });
});
