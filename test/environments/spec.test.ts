import { ValidationError } from '../../constructs/lib/problems';
import { dev } from '../../environments/dev';
import { onprem } from '../../environments/onprem';
import { validateSpec } from '../../environments/spec';
import { BAD_SPECS } from '../support/bad-specs';
import { copyOf } from '../support/synth';

/** The problems validateSpec reports for `spec`; fails the test when it accepts it. */
function problemsOf(spec: unknown): readonly string[] {
  try {
    validateSpec(spec);
  } catch (error) {
    if (error instanceof ValidationError) return error.problems;
    throw error;
  }
  throw new Error('the spec was accepted');
}

describe('validateSpec', () => {
  test.each(BAD_SPECS)('fails for %s', (_, mutate, expected) => {
    const spec = copyOf(dev);
    mutate(spec);
    expect(problemsOf(spec)).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });

  test('fails with every problem at once, each naming its field path', () => {
    const spec = copyOf(dev);
    spec.name = 'Dev';
    spec.users[0].quota.gpus = 0.5;
    spec.users[1].role = 'root';
    spec.storage.nfs.server = 'nas!';
    expect(problemsOf(spec)).toEqual([
      'name: must be a DNS label (at most 63 characters of a-z, 0-9 and -, starting and ending with a letter or digit), got "Dev"',
      'storage.nfs.server: must be a DNS name or an IP address, got "nas!"',
      'users[0].quota.gpus: must be a whole number >= 0, got 0.5',
      'users[1].role: must be "admin", "data-scientist" or "viewer", got "root"',
    ]);
  });

  test('resolves defaults', () => {
    const spec = validateSpec(dev);
    expect(spec.registry).toEqual({ builds: 'ws-gpu01.lab.internal:5000/mlops-platform' });
    expect(spec.guardrails).toMatchObject({ gpuOvercommit: 1, cpuOvercommit: 1, memoryOvercommit: 1, allowedRegistries: [] });
    expect(spec.users.map((u) => u.offboarded)).toEqual([false, false, false]);
    expect(spec.storage.nfs.mountOptions).toEqual(['nfsvers=4.1', 'hard', 'noatime']);
    expect(spec.state).toEqual({ backend: 'local', directory: '.' });
    expect(spec.mlflow).toEqual({ version: '3.12.0', replicas: 1, database: { instances: 1, storage: '20Gi', retentionDays: 30 } });
  });

  test('an MLflow image of the site replaces the built one, at any release with workspaces', () => {
    const spec = copyOf(dev);
    delete spec.registry;
    spec.mlflow = { ...spec.mlflow, version: '3.10.1', image: 'registry.lab.internal:5000/site/mlflow:3.10.1' };
    expect(validateSpec(spec).mlflow.image).toBe('registry.lab.internal:5000/site/mlflow:3.10.1');
  });

  test('accepts quantities written as numbers, as YAML files often do', () => {
    const spec = copyOf(dev);
    spec.users[0].quota.cpu = 8;
    expect(validateSpec(spec).users[0].quota.cpu).toBe('8');
  });

  test.each([
    ['dev', dev],
    ['onprem', onprem],
  ])('the shipped environment %s is valid', (_, input) => {
    expect(() => validateSpec(input)).not.toThrow();
  });

  test('onprem is the site the design describes: three nodes of four GPUs, ten active users, a NAS and cluster state', () => {
    const spec = validateSpec(onprem);
    expect(spec.gpuPools.flatMap((p) => p.nodes)).toHaveLength(3);
    expect(spec.gpuPools.every((p) => p.gpusPerNode === 4)).toBe(true);
    expect(spec.users.filter((u) => !u.offboarded)).toHaveLength(10);
    expect(spec.state.backend).toBe('kubernetes');
    expect(spec.storage.nfs).toMatchObject({ encryptedAtRest: true, encryptedInTransit: true });
  });
});
