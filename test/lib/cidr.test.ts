import { cidrContains, formatAddress, parseCidr } from '../../constructs/lib/cidr';

describe('CIDR', () => {
  test('parses a canonical range', () => {
    expect(parseCidr('10.44.0.0/24')).toEqual({ network: 10 * 2 ** 24 + 44 * 2 ** 16, prefix: 24, size: 256 });
    expect(formatAddress(parseCidr('10.44.0.0/24')!.network + 1)).toBe('10.44.0.1');
  });

  test.each(['10.44.0.1/24', '10.44.0.0', '300.1.1.0/24', '10.0.0.0/33', 'fd00::/64'])('refuses %s', (cidr) => {
    expect(parseCidr(cidr)).toBeUndefined();
  });

  test('the edges of the address space', () => {
    expect(parseCidr('0.0.0.0/0')).toEqual({ network: 0, prefix: 0, size: 2 ** 32 });
    expect(parseCidr('255.255.255.255/32')).toEqual({ network: 2 ** 32 - 1, prefix: 32, size: 1 });
    expect(formatAddress(2 ** 32 - 1)).toBe('255.255.255.255');
    expect(formatAddress(0x0a2c0102)).toBe('10.44.1.2');
    expect(parseCidr('10.256.0.0/16')).toBeUndefined();
  });

  test('a range contains another that lies wholly inside it', () => {
    const outer = parseCidr('10.0.0.0/8')!;
    expect(cidrContains(outer, parseCidr('10.44.0.0/24')!)).toBe(true);
    expect(cidrContains(outer, outer)).toBe(true);
    expect(cidrContains(outer, parseCidr('10.255.255.0/24')!)).toBe(true);
    expect(cidrContains(outer, parseCidr('0.0.0.0/0')!)).toBe(false);
    expect(cidrContains(outer, parseCidr('11.0.0.0/24')!)).toBe(false);
    expect(cidrContains(outer, parseCidr('9.255.255.0/24')!)).toBe(false);
    expect(cidrContains(parseCidr('10.44.0.0/24')!, parseCidr('10.44.0.128/25')!)).toBe(true);
    expect(cidrContains(parseCidr('10.44.0.0/25')!, parseCidr('10.44.0.0/24')!)).toBe(false);
  });
});
