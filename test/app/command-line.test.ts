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
      expect([code, stdout.startsWith('usage: main.ts')]).toEqual([0, true]);
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

describe('every npm script command', () => {
  const cwd = tempDir();
  afterAll(() => discard(cwd));
  const tsx = path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const scripts = [
    'images',
    'mirror',
    'diagram',
    'docs',
    'secrets',
    'restore',
    'bench',
    'deploy plan',
    'deploy apply',
    'deploy apply-unit',
    'vendor-charts',
    'vendor-kubeflow',
  ];
  const call = async (script: string, flag: string) => {
    const [file, ...command] = script.split(' ');
    try {
      // No PATH: whatever a command would run (terraform, kubectl, helm, npm) is not there to run.
      const { stdout } = await promisify(execFile)(process.execPath, [tsx, path.join(PROJECT_ROOT, 'scripts', `${file}.ts`), ...command, flag], {
        cwd,
        env: { ...process.env, PATH: '/nonexistent', NODE_OPTIONS: '' },
      });
      return { script, code: 0, out: stdout };
    } catch (error: any) {
      return { script, code: error.code as number, out: error.stderr as string };
    }
  };

  test('--help prints the usage and exits 0; an unknown flag exits 2 with the usage; neither does any work', async () => {
    const results = await inParallel(
      scripts.flatMap((s) => [s, s].map((script, i) => [script, i ? '--bogus' : '--help'] as const)),
      4,
      ([script, flag]) => call(script, flag),
    );
    expect(results.map((r) => [r.script, r.code, /^usage: /m.test(r.out)])).toEqual(
      scripts.flatMap((s) => [
        [s, 0, true],
        [s, 2, true],
      ]),
    );
    expect(fs.readdirSync(cwd)).toEqual([]);
  }, 60_000);
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
    expect(lines[0]).toBe('$ main.ts synth --env dev');
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
