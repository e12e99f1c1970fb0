import { formatAddress, parseCidr } from '../../constructs/lib/cidr';

describe('CIDR', () => {
  test('parses a canonical range', () => {
    expect(parseCidr('10.44.0.0/24')).toEqual({ network: 10 * 2 ** 24 + 44 * 2 ** 16, prefix: 24, size: 256 });
    expect(formatAddress(parseCidr('10.44.0.0/24')!.network + 1)).toBe('10.44.0.1');
  });

  test.each(['10.44.0.1/24', '10.44.0.0', '300.1.1.0/24', '10.0.0.0/33', 'fd00::/64'])('refuses %s', (cidr) => {
    expect(parseCidr(cidr)).toBeUndefined();
  });
});
