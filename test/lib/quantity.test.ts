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

  test.each([
    ['1n', 1e-9],
    ['1u', 1e-6],
    ['2k', 2000],
    ['3M', 3e6],
    ['1T', 1e12],
    ['1P', 1e15],
    ['1E', 1e18],
    ['1Ki', 1024],
    ['1Mi', 2 ** 20],
    ['1Pi', 2 ** 50],
    ['1Ei', 2 ** 60],
    ['.5', 0.5],
    ['5.', 5],
    ['+2', 2],
    ['1.5e-3', 0.0015],
    ['2E3', 2000],
    [' 8 ', 8],
    ['-1', -1],
  ])('reads %j as %d', (input, expected) => {
    expect(parseQuantity(input)).toBeCloseTo(expected, 12);
  });

  test('a number is its own value unless infinite or not a number', () => {
    expect([parseQuantity(Number.POSITIVE_INFINITY), parseQuantity(Number.NaN), parseQuantity(0)]).toEqual([undefined, undefined, 0]);
    expect([isQuantity('0'), isQuantity('1Ki'), isQuantity('1.5e3')]).toEqual([true, true, true]);
  });

  test('bytes take the largest unit they fill; cores round to thousandths', () => {
    expect([formatBytes(1023), formatBytes(1024), formatBytes(2 ** 20), formatBytes(2 ** 60), formatBytes(3 * 2 ** 50), formatBytes(0)]).toEqual([
      '1023',
      '1Ki',
      '1Mi',
      '1Ei',
      '3Pi',
      '0',
    ]);
    expect([formatBytes(1.234 * 2 ** 30), formatCores(0.1234), formatCores(2), formatCores(0.0005)]).toEqual(['1.23Gi', '0.123', '2', '0.001']);
  });
});
