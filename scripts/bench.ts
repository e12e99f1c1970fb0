/**
 * `npm run bench`: times full synthesis (both outputs, guardrails included)
 * in fresh processes: `npm run synth` as users run it, and the platform's
 * bundled command alone for dev, onprem and generated specs of 10, 100 and
 * 1000 users, then the image inventory (every chart rendered), the chart
 * render tests and the test suite. Prints a table of median wall time, the
 * ratio to Node.js's own start-up (`node -e 0`) and peak memory against the
 * budget of DESIGN.md section 8. `--runs N` sets the repetitions,
 * `--no-tests` skips the tests.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseFlags, UsageError } from '../app/command-args';
import { largeSpec } from './large-spec';

const root = path.resolve(__dirname, '..');
const USAGE = `usage: npm run bench -- [--runs N] [--no-tests]
  --runs      repetitions of each synth case (default 3)
  --no-tests  skip timing the test suite`;

function options(): { runs: number; withTests: boolean } {
  try {
    const flags = parseFlags(process.argv.slice(2), { '--runs': 'value', '--no-tests': 'switch' });
    if (flags.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    const runs = Number(flags.values['--runs'] ?? 3);
    if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs must be a whole number >= 1, got "${flags.values['--runs']}"`);
    return { runs, withTests: !flags.switches.has('--no-tests') };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
}
const { runs, withTests } = options();

interface Row {
  readonly case: string;
  readonly budget: string;
  readonly wallSeconds: number;
  readonly maxRssMiB: number;
  readonly withinBudget: boolean;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(command: string, argv: string[], cwd: string, env: Record<string, string> = {}): { seconds: number; rssMiB: number } {
  const started = process.hrtime.bigint();
  const nodeOptions = env.NODE_OPTIONS ?? process.env.NODE_OPTIONS ?? '';
  const result = spawnSync(command, argv, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env, NODE_OPTIONS: `${nodeOptions} --require ${path.join(root, 'scripts/max-rss.cjs')}` },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  const rss = [...result.stderr.matchAll(/max-rss-kib (\d+)/g)].map((m) => Number(m[1]));
  return { seconds, rssMiB: Math.max(...rss) / 1024 };
}

function bench(name: string, budgetSeconds: number, command: string, argv: string[], cwd: string, repeat: number, env?: Record<string, string>): Row {
  const samples = Array.from({ length: repeat }, () => time(command, argv, cwd, env));
  const wallSeconds = median(samples.map((s) => s.seconds));
  return {
    case: name,
    budget: `< ${budgetSeconds} s`,
    wallSeconds,
    maxRssMiB: Math.max(...samples.map((s) => s.rssMiB)),
    withinBudget: wallSeconds < budgetSeconds,
  };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-bench-'));
try {
  const command = path.join(root, 'bin/mlops-platform.cjs');
  // Bundled once before timing: the first run after a change bundles the sources.
  execFileSync(process.execPath, [command, '--help'], { stdio: 'ignore' });
  for (const users of [10, 100, 1000]) fs.writeFileSync(path.join(work, `scale-${users}.json`), JSON.stringify(largeSpec(users)));
  const startup = bench('node -e 0 (Node.js start-up)', 1, process.execPath, ['-e', '0'], work, runs);
  // As `npm run synth` starts the command: without loading extra CA certificates (package.json).
  const asSynthScript = { NODE_EXTRA_CA_CERTS: '' };
  const rows = [
    startup,
    bench('npm run synth -- --env onprem (as users run it)', 1, 'npm', ['run', '-s', 'synth', '--', '--env', 'onprem'], root, runs),
    bench('synth dev (the bundled command)', 1, process.execPath, [command, 'synth', '--env', 'dev'], work, runs, asSynthScript),
    bench('synth onprem (the bundled command)', 1, process.execPath, [command, 'synth', '--env', 'onprem'], work, runs, asSynthScript),
    // DESIGN.md section 8: 1000 users under 5 s, growing linearly from a small site's 1 s.
    ...[10, 100, 1000].map((users) =>
      bench(
        `synth ${users} users`,
        Math.round((1 + (4 * (users - 10)) / 990) * 10) / 10,
        process.execPath,
        [command, 'synth', '--spec', `scale-${users}.json`],
        work,
        runs,
        asSynthScript,
      ),
    ),
    bench('images onprem (every chart rendered)', 5, process.execPath, [command, 'images', '--env', 'onprem'], work, runs),
  ];
  if (withTests) {
    const jest = ['node_modules/jest/bin/jest.js', '--silent'];
    const vmModules = { NODE_OPTIONS: '--experimental-vm-modules --disable-warning=ExperimentalWarning' };
    rows.push(bench('chart render tests (jest test/charts)', 30, process.execPath, [...jest, 'test/charts'], root, 1, vmModules));
    rows.push(bench('npm test (tsc, lint, jest)', 90, 'npm', ['test', '--silent'], root, 1));
  }
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const table = [
    line(['case', 'median wall time', 'x node -e 0', 'peak memory', 'budget', 'within']),
    line(['---', '---:', '---:', '---:', '---:', '---']),
    ...rows.map((r) =>
      line([
        r.case,
        `${r.wallSeconds.toFixed(2)} s`,
        `${(r.wallSeconds / startup.wallSeconds).toFixed(1)}`,
        `${Math.round(r.maxRssMiB)} MiB`,
        r.budget,
        r.withinBudget ? 'yes' : 'NO',
      ]),
    ),
  ];
  process.stdout.write(`\n${os.cpus().length} cores, Node.js ${process.version}, ${runs} runs per case (fresh process each)\n\n${table.join('\n')}\n`);
  process.exitCode = rows.every((r) => r.withinBudget) ? 0 : 1;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
