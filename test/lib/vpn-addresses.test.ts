import { planVpnAddresses } from '../../constructs/lib/vpn-addresses';

const names = ['alice', 'bob', 'carol', 'dana', 'emil', 'fatima'];

describe('VPN address plan', () => {
  test('the gateway takes the first address; peers get addresses inside the range', () => {
    const plan = planVpnAddresses(
      '10.44.0.0/24',
      names.map((name) => ({ name })),
    );
    expect(plan.gateway).toBe('10.44.0.1');
    for (const address of plan.addresses.values()) expect(address).toMatch(/^10\.44\.0\.([2-9]|[1-9]\d|1\d\d|2[0-4]\d|25[0-4])$/);
  });

  test('derived addresses are the same in every release: a change to the derivation would renumber every client’s tunnel', () => {
    // Each user's WireGuard configuration holds their address; these are what sites have handed out.
    const plan = planVpnAddresses(
      '10.44.0.0/24',
      names.map((name) => ({ name })),
    );
    expect(Object.fromEntries(plan.addresses)).toEqual({
      alice: '10.44.0.193',
      bob: '10.44.0.22',
      carol: '10.44.0.13',
      dana: '10.44.0.114',
      emil: '10.44.0.96',
      fatima: '10.44.0.68',
    });
  });

  test('adding or removing a user renumbers no one, whatever the order', () => {
    const before = planVpnAddresses(
      '10.44.0.0/24',
      names.map((name) => ({ name })),
    );
    const added = planVpnAddresses('10.44.0.0/24', [{ name: 'zoe' }, ...[...names].reverse().map((name) => ({ name }))]);
    const removed = planVpnAddresses(
      '10.44.0.0/24',
      names.slice(1).map((name) => ({ name })),
    );
    for (const name of names) expect(added.addresses.get(name)).toBe(before.addresses.get(name));
    for (const name of names.slice(1)) expect(removed.addresses.get(name)).toBe(before.addresses.get(name));
  });

  test('a pinned address wins, and a clash is reported with a free address to pin', () => {
    const derived = planVpnAddresses('10.44.0.0/24', [{ name: 'alice' }]).addresses.get('alice')!;
    const plan = planVpnAddresses('10.44.0.0/24', [{ name: 'alice' }, { name: 'bob', pinned: derived }]);
    expect(plan.addresses.get('bob')).toBe(derived);
    expect(plan.clashes).toEqual([{ name: 'alice', with: 'bob', address: derived, free: expect.stringMatching(/^10\.44\.0\.\d+$/) }]);
  });

  test('a pinned address outside the peer range is reported', () => {
    expect(planVpnAddresses('10.44.0.0/24', [{ name: 'alice', pinned: '10.44.0.1' }]).outside).toEqual([{ name: 'alice', address: '10.44.0.1' }]);
  });

  test('a range too small for a gateway and a peer is refused', () => {
    expect(() => planVpnAddresses('10.44.0.0/31', [])).toThrow('VPN range 10.44.0.0/31 is not a usable IPv4 CIDR');
    expect(() => planVpnAddresses('10.44.0.1/24', [])).toThrow('is not a usable IPv4 CIDR');
    expect(planVpnAddresses('10.44.0.0/30', [{ name: 'alice' }]).addresses.get('alice')).toBe('10.44.0.2');
  });

  test('the free address offered skips taken, derived and already offered addresses', () => {
    // In a /29 peers share .2 to .6: dana's name derives .3, carol's .4.
    const plan = planVpnAddresses('10.44.0.0/29', [
      { name: 'a', pinned: '10.44.0.2' },
      { name: 'b', pinned: '10.44.0.2' },
      { name: 'c', pinned: '10.44.0.2' },
      { name: 'dana' },
      { name: 'carol' },
    ]);
    expect(Object.fromEntries(plan.addresses)).toEqual({ a: '10.44.0.2', carol: '10.44.0.4', dana: '10.44.0.3' });
    expect(plan.clashes.map((c) => [c.name, c.with, c.address, c.free])).toEqual([
      ['b', 'a', '10.44.0.2', '10.44.0.5'],
      ['c', 'a', '10.44.0.2', '10.44.0.6'],
    ]);
  });

  test('pinned addresses at the range’s edges: the first and last peer addresses are inside, the broadcast is not', () => {
    const plan = planVpnAddresses('10.44.0.0/24', [
      { name: 'first', pinned: '10.44.0.2' },
      { name: 'last', pinned: '10.44.0.254' },
      { name: 'broadcast', pinned: '10.44.0.255' },
      { name: 'typo', pinned: '10.44.0' },
    ]);
    expect(plan.outside).toEqual([
      { name: 'broadcast', address: '10.44.0.255' },
      { name: 'typo', address: '10.44.0' },
    ]);
  });
});
