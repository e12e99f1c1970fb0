import { Construct } from 'constructs';
import { namedScope } from '../../constructs/lib/named-scope';

describe('namedScope', () => {
  test('one scope per name under a parent, made on first use, with the name as its ID', () => {
    const root = new Construct(undefined as never, '');
    const alice = namedScope(root, 'alice');
    expect(alice.node.id).toBe('alice');
    expect(alice.node.scope).toBe(root);
    expect(namedScope(root, 'alice')).toBe(alice);
    expect(namedScope(root, 'a-1')).not.toBe(namedScope(root, 'a1'));
    expect(root.node.children.map((c) => c.node.id)).toEqual(['alice', 'a-1', 'a1']);
  });
});
