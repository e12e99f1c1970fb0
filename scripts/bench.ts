/**
 * `npm run bench`: compiles the project, then times full synthesis (both
 * outputs, guardrails included) of dev, onprem and a generated 1000-user spec
 * from compiled JavaScript in fresh processes, and the test suite. Prints a
 * table of median wall time and peak memory against the budget of DESIGN.md
 * section 8, plus the image inventory (every chart rendered) and the chart
 * render tests alone. `--runs N` sets the repetitions, `--no-tests` skips the tests.
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

// A clean build: files of modules that no longer exist would shadow their successors (spec.js before spec/index.js).
fs.rmSync(path.join(root, 'lib'), { recursive: true, force: true });
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-bench-'));
try {
  const main = path.join(root, 'lib/main.js');
  fs.writeFileSync(path.join(work, 'scale-1000.json'), JSON.stringify(largeSpec(1000)));
  const rows = [
    bench('synth dev', 1, process.execPath, [main, 'synth', '--env', 'dev'], work, runs),
    bench('synth onprem', 1, process.execPath, [main, 'synth', '--env', 'onprem'], work, runs),
    bench('synth 1000 users', 5, process.execPath, [main, 'synth', '--spec', 'scale-1000.json'], work, runs),
    bench('images onprem (every chart rendered)', 5, process.execPath, [path.join(root, 'lib/scripts/images.js'), '--env', 'onprem'], work, runs),
  ];
  if (withTests) {
    const jest = ['node_modules/jest/bin/jest.js', '--silent'];
    const vmModules = { NODE_OPTIONS: '--experimental-vm-modules --disable-warning=ExperimentalWarning' };
    rows.push(bench('chart render tests (jest test/charts)', 30, process.execPath, [...jest, 'test/charts'], root, 1, vmModules));
    rows.push(bench('npm test (tsc, lint, jest)', 90, 'npm', ['test', '--silent'], root, 1));
  }
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const table = [
    line(['case', 'median wall time', 'peak memory', 'budget', 'within']),
    line(['---', '---:', '---:', '---:', '---']),
    ...rows.map((r) => line([r.case, `${r.wallSeconds.toFixed(2)} s`, `${Math.round(r.maxRssMiB)} MiB`, r.budget, r.withinBudget ? 'yes' : 'NO'])),
  ];
  process.stdout.write(
    `\n${os.cpus().length} cores, Node.js ${process.version}, ${runs} runs per synth case (fresh process each, compiled JS)\n\n${table.join('\n')}\n`,
  );
  process.exitCode = rows.every((r) => r.withinBudget) ? 0 : 1;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
