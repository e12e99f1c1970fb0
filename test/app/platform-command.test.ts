import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../app/helm-render';
import { discard } from '../../app/synthesize';
import { runCliIn, tempDir } from '../support/synth';

const launcher = path.join(PROJECT_ROOT, 'bin', 'mlops-platform.cjs');
// The launcher is plain JavaScript: it runs before anything is compiled.
const { isStale, bundle } = require(launcher) as { isStale: (root: string, bundle: string) => boolean; bundle: (entry: string, outfile: string) => void };

/** Every file under `dir` with its content, by relative path. */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
  );
}

describe('the platform’s command (bin/mlops-platform.cjs)', () => {
  test('is bundled again when a source is newer than the bundle, and only then', () => {
    const root = tempDir();
    try {
      const source = path.join(root, 'constructs', 'lib', 'x.ts');
      const bundle = path.join(root, '.build', 'mlops-platform.js');
      fs.mkdirSync(path.dirname(source), { recursive: true });
      fs.writeFileSync(source, 'export {};\n');
      expect(isStale(root, bundle)).toBe(true);
      fs.mkdirSync(path.dirname(bundle));
      fs.writeFileSync(bundle, '');
      const at = (file: string, seconds: number) => fs.utimesSync(file, seconds, seconds);
      at(source, 1_000);
      at(bundle, 2_000);
      expect(isStale(root, bundle)).toBe(false);
      at(source, 3_000);
      expect(isStale(root, bundle)).toBe(true);
    } finally {
      discard(root);
    }
  });

  test('a new bundle drops the code cache of the old one, and a synthesis writes one for the next run', async () => {
    const dir = tempDir();
    try {
      const out = path.join(dir, 'command.js');
      fs.writeFileSync(`${out}.cache`, 'old');
      bundle(path.join(PROJECT_ROOT, 'platform-command.ts'), out);
      expect([fs.existsSync(out), fs.existsSync(`${out}.map`), fs.existsSync(`${out}.cache`)]).toEqual([true, true, false]);
      // ASCII only: V8 keeps it in one byte a character and the launcher reads it as latin1.
      expect(fs.readFileSync(out).findIndex((byte) => byte > 0x7f)).toBe(-1);
    } finally {
      discard(dir);
    }
    const cwd = tempDir();
    const cache = path.join(PROJECT_ROOT, '.build', 'mlops-platform.js.cache');
    try {
      fs.rmSync(cache, { force: true });
      for (const args of [['spec', '--field', 'name'], ['--help']]) {
        await promisify(execFile)(process.execPath, [launcher, ...args], { cwd, env: { ...process.env, NODE_OPTIONS: '' } });
        expect([args, fs.existsSync(cache)]).toEqual([args, false]);
      }
      await promisify(execFile)(process.execPath, [launcher, 'synth', '--env', 'dev'], { cwd, env: { ...process.env, NODE_OPTIONS: '' } });
      expect(fs.statSync(cache).size).toBeGreaterThan(100_000);
    } finally {
      discard(cwd);
    }
  }, 60_000);

  test('writes exactly what the sources write: the same manifests and stacks, byte for byte', async () => {
    const [bundled, direct] = [tempDir(), tempDir()];
    try {
      await promisify(execFile)(process.execPath, [launcher, 'synth', '--env', 'dev'], { cwd: bundled, env: { ...process.env, NODE_OPTIONS: '' } });
      expect(runCliIn(direct, 'synth', '--env', 'dev').code).toBe(0);
      // The apply steps name the output folder relative to the project; the two runs wrote to different folders.
      const [a, b] = [bundled, direct].map((dir) =>
        Object.fromEntries(Object.entries(tree(dir)).map(([file, text]) => [file, text.replaceAll(path.relative(PROJECT_ROOT, dir), 'OUT')])),
      );
      expect(Object.keys(a).length).toBeGreaterThan(20);
      expect(Object.keys(a)).toEqual(Object.keys(b));
      for (const file of Object.keys(a)) expect([file, a[file] === b[file]]).toEqual([file, true]);
    } finally {
      discard(bundled);
      discard(direct);
    }
  }, 60_000);

  test('with DEBUG=1 a failure shows where, in the TypeScript sources', async () => {
    const cwd = tempDir();
    try {
      // No kubectl on the PATH: making the Secrets fails at its first call.
      const failure = await promisify(execFile)(process.execPath, [launcher, 'secrets', '--env', 'dev'], {
        cwd,
        env: { ...process.env, PATH: '/nonexistent', NODE_OPTIONS: '', DEBUG: '1' },
      }).catch((error) => error);
      expect(failure.code).toBe(1);
      expect(failure.stderr).toMatch(/secrets failed: kubectl could not run/);
      expect(failure.stderr).toMatch(/\(.*app\/ensure-secrets\.ts:\d+:\d+\)/);
    } finally {
      discard(cwd);
    }
  });
});
