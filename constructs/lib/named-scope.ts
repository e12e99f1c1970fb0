import { Construct } from 'constructs';

/**
 * The scope of the objects one named thing brings (a user, a pool, a node, a backend): a construct under
 * `parent` whose ID is the name as given, made on first use. Every ID the code chooses is PascalCase; a
 * name from the spec or a table stays as it is, because no PascalCase spelling of DNS names is one-to-one
 * (`a-1` and `a1`).
 */
export function namedScope(parent: Construct, name: string): Construct {
  return (parent.node.tryFindChild(name) as Construct | undefined) ?? new Construct(parent, name);
}
