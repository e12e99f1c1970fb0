import { formatBytes, formatCores, isQuantity, parseQuantity } from '../../constructs/lib/quantity';

describe('quantities', () => {
  test.each([
    ['8', 8],
    ['500m', 0.5],
    ['1.5', 1.5],
    ['64Gi', 64 * 2 ** 30],
    ['2Ti', 2 * 2 ** 40],
    ['1G', 1e9],
    ['1e3', 1000],
    [16, 16],
  ])('parses %s', (input, expected) => {
    expect(parseQuantity(input)).toBe(expected);
  });

  test.each(['lots', '4GB', '', '1.2.3', 'Gi', '-1'])('refuses %j', (input) => {
    expect(isQuantity(input)).toBe(false);
  });

  test('formats for people', () => {
    expect([formatBytes(788 * 2 ** 30), formatBytes(1.5 * 2 ** 40), formatCores(7.25)]).toEqual(['788Gi', '1.5Ti', '7.25']);
  });
});
