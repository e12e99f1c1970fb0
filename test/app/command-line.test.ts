import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseFlags } from '../../app/command-args';
import { inParallel, PROJECT_ROOT } from '../../app/helm-render';
import { discard } from '../../app/synthesize';
import { runCliIn, tempDir } from '../support/synth';

describe('main.ts', () => {
  const cwd = tempDir();
  afterAll(() => discard(cwd));

  test('--help prints the usage and exits 0, before and after the command, writing nothing', () => {
    for (const argv of [['--help'], ['synth', '--help'], ['spec', '-h']]) {
      const { code, stdout } = runCliIn(cwd, ...argv);
      expect([code, stdout.startsWith('usage: mlops-platform')]).toEqual([0, true]);
    }
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  test('--version prints the package version', () => {
    const version = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version;
    expect(runCliIn(cwd, '--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('unknown flags, missing values and both sources are refused with exit 2 before anything is written', () => {
    for (const [argv, message] of [
      [['--bogus'], 'unknown argument "--bogus"'],
      [['synth', '--env'], '--env needs a value'],
      [['spec', '--env', 'dev', '--spec', 'site.yaml'], '--env and --spec exclude each other'],
      [['deploy'], 'unknown argument "deploy"'],
    ] as const) {
      const { code, stderr } = runCliIn(cwd, ...argv);
      expect([code, stderr.split('\n')[0]]).toEqual([2, message]);
    }
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});

describe('flag parsing shared by every command', () => {
  test('values, repeated values, switches, inline values', () => {
    expect(parseFlags(['--env', 'dev', '--purge', 'a', '--purge=b', '--dry-run'], { '--env': 'value', '--purge': 'list', '--dry-run': 'switch' })).toEqual({
      values: { '--env': 'dev' },
      lists: { '--purge': ['a', 'b'] },
      switches: new Set(['--dry-run']),
      help: false,
    });
  });

  test('a bare repeatable flag, a value that is a flag, and a switch with a value are refused', () => {
    expect(() => parseFlags(['--purge'], { '--purge': 'list' })).toThrow('--purge needs a value');
    expect(() => parseFlags(['--env', '--dry-run'], { '--env': 'value', '--dry-run': 'switch' })).toThrow('--env needs a value');
    expect(() => parseFlags(['--dry-run=yes'], { '--dry-run': 'switch' })).toThrow('unknown argument "--dry-run=yes"');
  });
});

describe('every command', () => {
  const cwd = tempDir();
  afterAll(() => discard(cwd));
  const tsx = path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const launcher = path.join(PROJECT_ROOT, 'bin', 'mlops-platform.cjs');
  /** The platform's command (what the npm scripts run), then the development scripts tsx runs. */
  const commands = ['synth', 'spec', 'diff', 'plan', 'apply', 'apply-unit', 'images', 'mirror', 'diagram', 'secrets', 'restore', 'mlflow-workspaces'];
  const scripts = ['docs', 'bench', 'vendor-charts', 'vendor-kubeflow'];
  const run = async (name: string, argv: string[]) => {
    try {
      // No PATH: whatever a command would run (terraform, kubectl, helm, npm) is not there to run.
      const { stdout } = await promisify(execFile)(process.execPath, argv, { cwd, env: { ...process.env, PATH: '/nonexistent', NODE_OPTIONS: '' } });
      return { name, code: 0, out: stdout };
    } catch (error: any) {
      return { name, code: error.code as number, out: `${error.stdout}${error.stderr}` };
    }
  };
  const call = (name: string, flag: string) =>
    run(name, commands.includes(name) ? [launcher, name, flag] : [tsx, path.join(PROJECT_ROOT, 'scripts', `${name}.ts`), flag]);

  test('--help prints the usage and exits 0; an unknown flag exits 2 with the usage; neither does any work', async () => {
    const all = [...commands, ...scripts];
    const results = await inParallel(
      all.flatMap((s) => [s, s].map((name, i) => [name, i ? '--bogus' : '--help'] as const)),
      4,
      ([name, flag]) => call(name, flag),
    );
    expect(results.map((r) => [r.name, r.code, /^usage: /m.test(r.out)])).toEqual(
      all.flatMap((s) => [
        [s, 0, true],
        [s, 2, true],
      ]),
    );
    expect(fs.readdirSync(cwd)).toEqual([]);
  }, 60_000);

  test('the command lists what it runs, and refuses an unknown one with exit 2', async () => {
    expect(await run('help', [launcher, '--help'])).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^usage: mlops-platform <command>[\s\S]*mlflow-workspaces/),
    });
    expect(await run('unknown', [launcher, 'deploy-everything'])).toMatchObject({
      code: 2,
      out: expect.stringContaining('unknown command "deploy-everything"'),
    });
  });
});

describe('dry runs', () => {
  const cwd = tempDir();
  afterAll(() => discard(cwd));

  test('plan --dry-run prints the synthesis and every Terraform command, and writes nothing', async () => {
    const tsx = path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [tsx, path.join(PROJECT_ROOT, 'scripts', 'deploy.ts'), 'plan', '--env', 'dev', '--dry-run'],
      {
        cwd,
        env: { ...process.env, PATH: '/nonexistent', NODE_OPTIONS: '' },
      },
    );
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('$ mlops-platform synth --env dev');
    expect(lines.filter((l) => / plan /.test(l)).map((l) => l.match(/stacks\/([\w-]+) /)![1])).toEqual(['dev-cluster', 'dev-platform']);
    expect(fs.readdirSync(cwd)).toEqual([]);
  }, 30_000);
});

describe('restore', () => {
  const cwd = tempDir();
  afterAll(() => discard(cwd));
  const restore = async (...argv: string[]) => {
    const tsx = path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [tsx, path.join(PROJECT_ROOT, 'scripts', 'restore.ts'), ...argv], {
        cwd,
        env: { ...process.env, PATH: '/nonexistent', NODE_OPTIONS: '' },
      });
      return { code: 0, out: stdout };
    } catch (error: any) {
      return { code: error.code as number, out: error.stderr as string };
    }
  };

  test('--dry-run prints one inventory item’s restore steps and runs nothing; an unknown item is refused with the known ones', async () => {
    const dry = await restore('--env', 'onprem', '--what', 'database/pipelines', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('database/pipelines: Kubeflow Pipelines’ MySQL');
    expect(dry.out).toMatch(
      /\$ mc alias set backups https:\/\/minio\.object-store\.svc\.cluster\.local "\$\(kubectl -n kubeflow get secret s3-pipelines-db-backup/,
    );
    expect(dry.out).toContain(
      '$ kubectl -n kubeflow exec -i deploy/mysql -c mysql -- sh -c \'exec mysql --user=root --password="$MYSQL_ROOT_PASSWORD"\' < "$DUMP"',
    );
    const unknown = await restore('--env', 'onprem', '--what', 'database/nope');
    expect([unknown.code, unknown.out]).toEqual([
      2,
      expect.stringContaining("--what: no item database/nope in onprem's inventory; one of database/mlflow, database/pipelines, database/katib"),
    ]);
    expect(fs.readdirSync(cwd)).toEqual([]);
  }, 30_000);
});
