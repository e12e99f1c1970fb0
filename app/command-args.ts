import { ValidationError } from '../constructs/lib/problems';
import { DEFAULT_ENVIRONMENT } from '../environments';
import type { SpecSource } from './load-spec';

/**
 * Flags of the npm scripts: every flag is known, a value flag has its value,
 * and `--help` prints the usage and does nothing else.
 */

/** What each flag takes: a value (`--env dev`), a value that may repeat (`--purge a --purge b`), or nothing (`--json`). */
export type FlagKinds = Readonly<Record<string, 'value' | 'list' | 'switch'>>;

/** Parsed flags: values by flag, switches that were given, and whether help was asked for. */
export interface ParsedFlags {
  readonly values: Readonly<Record<string, string>>;
  /** Every value of each repeatable flag. */
  readonly lists: Readonly<Record<string, readonly string[]>>;
  readonly switches: ReadonlySet<string>;
  readonly help: boolean;
}

/** A command line that does not fit its usage. */
export class UsageError extends Error {}

/** Parses `argv` against `kinds`; throws {@link UsageError} on an unknown flag or a missing value. */
export function parseFlags(argv: readonly string[], kinds: FlagKinds): ParsedFlags {
  const values: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  const switches = new Set<string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    if (flag === '--help' || flag === '-h') help = true;
    else if (kinds[flag] === 'switch' && inline === undefined) switches.add(flag);
    else if (kinds[flag] === 'value' || kinds[flag] === 'list') {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      if (kinds[flag] === 'list') lists[flag] = [...(lists[flag] ?? []), value];
      else values[flag] = value;
    } else throw new UsageError(`unknown argument "${argv[i]}"`);
  }
  return { values, lists, switches, help };
}

/** One command of the platform's command line: its name, usage and what it does (reading `process.argv`). */
export interface PlatformCommand {
  readonly name: string;
  readonly usage: string;
  readonly main: () => void | Promise<void>;
}

/**
 * Runs a command's `main` and reports a failure the way every command does:
 * a usage error with the usage (exit 2); a refused spec by its problems, and
 * anything else prefixed with `<name> failed:` when a name is given (exit 1).
 */
export async function runCommand(main: () => void | Promise<void>, usage: string, name?: string): Promise<void> {
  try {
    await main();
  } catch (error) {
    const usageError = error instanceof UsageError;
    const message = (error as Error).message;
    const plain = usageError || error instanceof ValidationError || name === undefined;
    process.stderr.write(`${plain ? message : `${name} failed: ${message}`}${usageError ? `\n${usage}` : ''}\n`);
    // DEBUG=1: where it failed, in the TypeScript sources (the bundled command runs with source maps then).
    if (process.env.DEBUG && !usageError) process.stderr.write(`${(error as Error).stack}\n`);
    process.exitCode = usageError ? 2 : 1;
  }
}

/** The spec a script reads: `--spec FILE`, else `--env NAME`, else `$PLATFORM_ENV`, else the default environment. */
export function specSourceOf(values: Readonly<Record<string, string>>): SpecSource {
  const specFile = values['--spec'];
  return specFile ? { specFile } : { env: values['--env'] ?? process.env.PLATFORM_ENV ?? DEFAULT_ENVIRONMENT };
}
