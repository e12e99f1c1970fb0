import { redacted } from './pasted-secrets';

/**
 * An input was refused. `problems` holds every problem found, each naming its
 * field path (`users[3].quota.gpus: must be a whole number >= 0, got 1.5`), so
 * a caller can show them all at once instead of one per run.
 */
export class ValidationError extends Error {
  /** Every problem, one line each, in the order found. */
  public readonly problems: readonly string[];

  constructor(subject: string, problems: readonly string[]) {
    super(`${subject} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

/** Renders a given value for a problem line: strings quoted, objects as JSON, anything holding a credential redacted. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    const shown = redacted(value);
    return shown === value ? JSON.stringify(value) : shown;
  }
  const json = JSON.stringify(value);
  const shown = redacted(json);
  if (shown !== json) return shown;
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/**
 * Collects problems so a constructor or validator can report all of them and
 * throw once.
 */
export class Problems {
  private readonly lines: string[] = [];

  /** Records `path: what, got <value>`; `got` is left out when not given. */
  public add(path: string, what: string, ...got: [unknown?]): void {
    this.lines.push(got.length ? `${path}: ${what}, got ${describeValue(got[0])}` : `${path}: ${what}`);
  }

  /** Every problem recorded so far. */
  public get all(): readonly string[] {
    return this.lines;
  }

  /** Throws a {@link ValidationError} naming `subject` when any problem was recorded. */
  public throwIfAny(subject: string): void {
    if (this.lines.length) throw new ValidationError(subject, this.lines);
  }
}
