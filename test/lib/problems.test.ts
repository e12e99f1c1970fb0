import { describeValue, Problems, ValidationError } from '../../constructs/lib/problems';

describe('problems', () => {
  test('every problem is collected, then thrown once with the subject', () => {
    const problems = new Problems();
    problems.throwIfAny('nothing yet');
    problems.add('users[0].name', 'must be a DNS label', 'Alice');
    problems.add('users[1].quota', 'is required');
    problems.add('users[2].quota.gpus', 'must be a number', undefined);
    expect(problems.all).toEqual([
      'users[0].name: must be a DNS label, got "Alice"',
      'users[1].quota: is required',
      'users[2].quota.gpus: must be a number, got nothing',
    ]);
    let thrown: unknown;
    try {
      problems.throwIfAny('environments/dev.yaml');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    const error = thrown as ValidationError;
    expect(error.name).toBe('ValidationError');
    expect(error.problems).toEqual(problems.all);
    expect(error.message).toBe(
      'environments/dev.yaml is invalid:\n  - users[0].name: must be a DNS label, got "Alice"\n  - users[1].quota: is required\n  - users[2].quota.gpus: must be a number, got nothing',
    );
  });

  test('values are shown as JSON, long ones cut, credentials never', () => {
    expect(describeValue(3)).toBe('3');
    expect(describeValue({ a: [1] })).toBe('{"a":[1]}');
    expect(describeValue('x'.repeat(100))).toBe(JSON.stringify('x'.repeat(100)));
    const long = { list: 'y'.repeat(100) };
    expect(describeValue(long)).toBe(`${JSON.stringify(long).slice(0, 77)}...`);
    const fits = { list: 'y'.repeat(69) };
    expect(describeValue(fits)).toBe(JSON.stringify(fits));
    expect(describeValue({ list: 'y'.repeat(70) })).toHaveLength(80);
    expect(describeValue({ list: 'y'.repeat(70) }).endsWith('...')).toBe(true);
    expect(describeValue('https://u:secret@host/')).toBe('<redacted: a URL with a password, 22 characters>');
    expect(describeValue({ url: 'https://u:secret@host/' })).toBe('<redacted: a URL with a password, 32 characters>');
  });
});
