import * as fs from 'node:fs';
import * as path from 'node:path';
import { discard, publishPlatform, stagePlatform } from '../../app/synthesize';
import { ENVIRONMENTS } from '../../environments';
import { validateSpec } from '../../environments/spec';
import { openApiProblems } from '../support/openapi';
import { allObjects, copyOf, synthEnvironment, tempDir } from '../support/synth';

/** Every file below `dir`, relative path to content. */
function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = fs.readFileSync(file, 'utf8');
  }
  return out;
}

/** Synthesizes and publishes an environment into a fresh folder; returns the folder's files. */
function publishedTree(input: unknown): Record<string, string> {
  const root = tempDir();
  try {
    const staged = stagePlatform(validateSpec(input), path.join(root, '.synth-staging'));
    publishPlatform(staged, { terraform: path.join(root, 'cdktf.out'), manifests: path.join(root, 'dist') });
    return readTree(root);
  } finally {
    discard(root);
  }
}

describe.each(Object.keys(ENVIRONMENTS))('environment %s', (name) => {
  const staged = synthEnvironment(ENVIRONMENTS[name]);
  const objects = allObjects(staged);

  test('synthesizes a cluster stack with providers from the spec and the tenants chart', () => {
    expect(staged.stacks.map((s) => s.stack)).toEqual([`${name}-cluster`]);
    const json = staged.stacks[0].json;
    expect(json.provider.kubernetes[0]).toEqual({ config_path: staged.spec.kubernetes.configPath, config_context: staged.spec.kubernetes.context });
    expect(json.provider.helm[0].kubernetes).toEqual({ config_path: staged.spec.kubernetes.configPath, config_context: staged.spec.kubernetes.context });
    expect(staged.manifests.map((m) => m.file)).toEqual(['40-tenants.k8s.yaml']);
  });

  test('passes every guardrail with no suppression', () => {
    expect(staged.report.errors).toEqual([]);
    expect(staged.report.suppressed).toEqual([]);
  });

  test('every manifest is valid against the Kubernetes OpenAPI schema', async () => {
    expect(objects.length).toBeGreaterThan(0);
    expect(await openApiProblems(objects)).toEqual([]);
  });

  test('every user has a tenant namespace, offboarded users included', () => {
    const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
    expect(namespaces.sort()).toEqual(staged.spec.users.map((u) => u.name).sort());
  });

  test('only active users are bound to a role', () => {
    const bound = objects.filter((o) => o.kind === 'RoleBinding').map((o) => o.metadata.namespace);
    expect(bound.sort()).toEqual(staged.spec.users.filter((u) => !u.offboarded).map((u) => u.name).sort());
  });

  test('two synths are byte-identical', () => {
    expect(publishedTree(ENVIRONMENTS[name])).toEqual(publishedTree(ENVIRONMENTS[name]));
  });
});

describe('stability', () => {
  test('adding a user changes no other tenant’s objects', () => {
    const before = allObjects(synthEnvironment(ENVIRONMENTS.onprem));
    const input = copyOf(ENVIRONMENTS.onprem);
    input.users.push({ name: 'kira', email: 'kira@cellbio.example.org', role: 'viewer', quota: { gpus: 0, cpu: '1', memory: '2Gi', storage: '5Gi' } });
    const after = allObjects(synthEnvironment(input));
    const added = after.filter((o) => o.metadata.namespace === 'kira' || (o.kind === 'Namespace' && o.metadata.name === 'kira'));
    expect(added.length).toBeGreaterThan(5);
    expect(after.filter((o) => !added.includes(o))).toEqual(before);
  });

  test('offboarding a user changes only that user’s objects', () => {
    const before = allObjects(synthEnvironment(ENVIRONMENTS.dev));
    const input = copyOf(ENVIRONMENTS.dev);
    input.users[1].offboarded = true;
    const after = allObjects(synthEnvironment(input));
    const others = (objects: typeof before) => objects.filter((o) => o.metadata.namespace !== 'bob' && o.metadata.name !== 'bob');
    expect(others(after)).toEqual(others(before));
    expect(after.filter((o) => o.kind === 'Namespace' && o.metadata.name === 'bob')).toHaveLength(1);
  });
});
