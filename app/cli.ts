import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseFlags, UsageError } from './command-args';
import { ValidationError } from '../constructs/lib/problems';
import { formatFinding } from '../constructs/policy/guardrail-pack';
import { DEFAULT_ENVIRONMENT } from '../environments';
import { specJsonSchema } from './generated-docs';
import { PROJECT_ROOT } from './helm-render';
import { loadSpec, type SpecSource } from './load-spec';
import { count, summarize } from './summary';
import { diffOutputs, formatDiff } from './output-diff';
import { discard, type OutputDirs, publishPlatform, type StagedPlatform, stagePlatform } from './synthesize';

/** Where the CLI reads and writes, so tests can run it in a temporary folder. */
export interface CliContext {
  readonly cwd: string;
  /** Environment variables: `CDKTF_OUTDIR` and `CDK8S_OUTDIR` (set by the cdktf and cdk8s CLIs), `PLATFORM_ENV`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const USAGE = `usage: mlops-platform [synth|spec|diff] [--env NAME | --spec FILE.yaml|FILE.json] [--schema | --field PATH] [--against DIR] [--fail]
  synth      synthesize Terraform JSON (cdktf.out/) and manifests (dist/<env>/)  (default)
  diff       what synthesizing now would add, change and remove, per manifest file, unit and stack,
             against the last synthesized outputs (or --against DIR, holding cdktf.out/ and dist/);
             writes nothing; --fail exits 1 when anything differs
  spec       print the resolved spec as JSON; with --schema, the JSON Schema of spec files (for editors);
             with --field, one resolved value (\`--field kubernetes.configPath\`), for scripts
  --env      a shipped environment (default: $PLATFORM_ENV or "${DEFAULT_ENVIRONMENT}")
  --spec     a spec file validated by the same schema
  --help     this text; --version the package version`;

interface Args {
  readonly command: 'synth' | 'spec' | 'diff' | 'help' | 'version';
  readonly source: SpecSource;
  readonly schema: boolean;
  /** A dotted path into the resolved spec to print alone. */
  readonly field?: string;
  /** For diff: the folder holding the outputs to compare with. */
  readonly against?: string;
  /** For diff: exit 1 when anything differs. */
  readonly fail: boolean;
}

const COMMANDS = ['synth', 'spec', 'diff'] as const;

function parseArgs(argv: readonly string[], env: CliContext['env']): Args | string {
  const command = (COMMANDS as readonly string[]).includes(argv[0]) ? (argv[0] as Args['command']) : 'synth';
  try {
    const flags = parseFlags(argv[0] === command ? argv.slice(1) : argv, {
      '--env': 'value',
      '--spec': 'value',
      '--schema': 'switch',
      '--field': 'value',
      '--against': 'value',
      '--fail': 'switch',
      '--version': 'switch',
    });
    const against = flags.values['--against'];
    if ((against !== undefined || flags.switches.has('--fail')) && command !== 'diff') return '--against and --fail go with diff';
    if (flags.values['--env'] !== undefined && flags.values['--spec'] !== undefined) return '--env and --spec exclude each other';
    const field = flags.values['--field'];
    if (field !== undefined && (command !== 'spec' || flags.switches.has('--schema'))) return '--field goes with spec, without --schema';
    const specFile = flags.values['--spec'];
    const source: SpecSource = specFile !== undefined ? { specFile } : { env: flags.values['--env'] ?? (env.PLATFORM_ENV || DEFAULT_ENVIRONMENT) };
    return {
      command: flags.help ? 'help' : flags.switches.has('--version') ? 'version' : command,
      source,
      schema: flags.switches.has('--schema'),
      fail: flags.switches.has('--fail'),
      ...(field !== undefined ? { field } : {}),
      ...(against !== undefined ? { against } : {}),
    };
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
}

/**
 * The command line: validates the spec before anything is written, stages
 * both outputs, runs the guardrails and only then swaps the outputs into
 * place. Returns the exit code: 0 done, 1 refused (spec or guardrails), 2 usage.
 */
export function runCli(argv: readonly string[], ctx: CliContext): number {
  const args = parseArgs(argv, ctx.env);
  if (typeof args === 'string') {
    ctx.stderr(`${args}\n${USAGE}\n`);
    return 2;
  }
  if (args.command === 'help') {
    ctx.stdout(`${USAGE}\n`);
    return 0;
  }
  if (args.command === 'version') {
    ctx.stdout(`${JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version}\n`);
    return 0;
  }
  if (args.command === 'spec' && args.schema) {
    ctx.stdout(specJsonSchema());
    return 0;
  }
  try {
    const started = process.hrtime.bigint();
    const spec = loadSpec(args.source, ctx.cwd);
    if (args.command === 'spec' && args.field !== undefined) {
      const value = args.field
        .split('.')
        .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), spec);
      if (value === undefined) {
        ctx.stderr(`--field ${args.field}: the spec has no such field\n`);
        return 1;
      }
      ctx.stdout(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
      return 0;
    }
    if (args.command === 'spec') {
      ctx.stdout(`${JSON.stringify(spec, null, 2)}\n`);
      return 0;
    }
    const out: OutputDirs = {
      terraform: path.resolve(ctx.cwd, ctx.env.CDKTF_OUTDIR || 'cdktf.out'),
      manifests: path.resolve(ctx.cwd, ctx.env.CDK8S_OUTDIR || 'dist'),
    };
    const specArgs = 'env' in args.source ? ['--env', args.source.env] : ['--spec', path.relative(PROJECT_ROOT, path.resolve(ctx.cwd, args.source.specFile))];
    // A diff stages outside the project: it writes nothing there. What is staged is the same either way.
    const stagingRoot = args.command === 'diff' ? path.join(os.tmpdir(), 'mlops-platform-diff') : path.join(path.dirname(out.terraform), '.synth-staging');
    const staged = stagePlatform(spec, stagingRoot, { specArgs, terraformOutdir: out.terraform, manifestsDir: path.join(out.manifests, spec.name) });
    if (args.command === 'diff') return reportDiff(staged, out, args, ctx);
    if (staged.report.errors.length) {
      discard(staged.stagingDir);
      const errors = staged.report.errors.map((f) => `  ${formatFinding(f)}`).join('\n');
      ctx.stderr(`Guardrails refused environment "${spec.name}" (${count(staged.report.errors.length, 'error')}); outputs left as they were:\n${errors}\n`);
      return 1;
    }
    publishPlatform(staged, out);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    ctx.stdout(`${summarize(staged, out, ctx.cwd, seconds)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ValidationError) {
      ctx.stderr(`${error.message}\nNothing was written; outputs left as they were.\n`);
      return 1;
    }
    throw error;
  }
}

/** Prints what publishing `staged` would change in the outputs (or in `--against`), then drops it. */
function reportDiff(staged: StagedPlatform, out: OutputDirs, args: Args, ctx: CliContext): number {
  try {
    const base =
      args.against !== undefined
        ? { terraform: path.resolve(ctx.cwd, args.against, 'cdktf.out'), manifests: path.resolve(ctx.cwd, args.against, 'dist') }
        : out;
    const stackFile = (root: string, stack: string) => path.join(root, 'stacks', stack, 'cdk.tf.json');
    const stacks = staged.stacks.map((s) => s.stack);
    const files = diffOutputs(
      { manifests: path.join(base.manifests, staged.spec.name), stacks: new Map(stacks.map((s) => [s, stackFile(base.terraform, s)])) },
      { manifests: path.join(staged.stagingDir, 'dist'), stacks: new Map(stacks.map((s) => [s, stackFile(path.join(staged.stagingDir, 'cdktf'), s)])) },
      {
        manifests: path.relative(ctx.cwd, path.join(out.manifests, staged.spec.name)) || '.',
        stack: (s) => path.relative(ctx.cwd, stackFile(out.terraform, s)),
      },
    );
    ctx.stdout(formatDiff(files));
    if (staged.report.errors.length)
      ctx.stdout(`note: the guardrails would refuse this (${count(staged.report.errors.length, 'error')}); run synth to see them\n`);
    return args.fail && files.length ? 1 : 0;
  } finally {
    discard(staged.stagingDir);
  }
}
