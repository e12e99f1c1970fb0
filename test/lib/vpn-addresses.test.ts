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
});
