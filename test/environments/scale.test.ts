import { largeSpec } from '../../scripts/large-spec';
import { allObjects, synthEnvironment } from '../support/synth';

describe('scale', () => {
  test('output grows linearly: every added user adds exactly that user’s objects, and the guardrails still pass', () => {
    const sizes = [20, 40, 80];
    const outputs = sizes.map((users) => {
      const staged = synthEnvironment(largeSpec(users));
      expect(staged.report.errors).toEqual([]);
      return allObjects(staged);
    });
    const steps = [1, 2].map((i) => (outputs[i].length - outputs[i - 1].length) / (sizes[i] - sizes[i - 1]));
    expect(steps[0]).toBe(steps[1]);
    // The objects one user owns: their namespace's, and the cluster-scoped ones named after them (Profile, volumes).
    const user = 'user-0079';
    const own = outputs[2].filter((o) => o.metadata.namespace === user || o.metadata.name === user || o.metadata.name.endsWith(`-${user}`));
    expect(own.length).toBeGreaterThan(20);
    expect(steps[1]).toBe(own.length);
  });
});
