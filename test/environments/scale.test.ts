import { largeSpec } from '../../scripts/large-spec';
import { allObjects, synthEnvironment } from '../support/synth';

describe('scale', () => {
  test('output grows linearly: each added user adds the same objects, and the guardrails still pass', () => {
    const counts = [40, 80].map((users) => {
      const staged = synthEnvironment(largeSpec(users));
      expect(staged.report.errors).toEqual([]);
      return allObjects(staged).length;
    });
    const perUser = (counts[1] - counts[0]) / 40;
    expect(Number.isInteger(perUser)).toBe(true);
    expect(counts[0] - 40 * perUser).toBe(counts[1] - 80 * perUser);
  });
});
