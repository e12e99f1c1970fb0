import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findTool, toolVersion } from '../../app/upstream-tools';
import { UNIT_CACHE_ENV } from './built-units';

/** The run's temporary folder, which the workers (and the tools they run) take as theirs through `TMPDIR`. */
export const RUN_TMPDIR_ENV = 'MLOPS_TEST_TMPDIR';

/**
 * Runs once before the test files: finds (and on first use unpacks) the real
 * `helm` and `kubectl` the render tests use, so parallel workers never fetch
 * them at the same time, and says which binaries ran; makes the run's
 * temporary folder, which the workers inherit as `TMPDIR` (cdk8s's and
 * cdktf's test apps each make an output folder there, and a run leaves none
 * behind); and makes the run's folder of built Kubeflow units (see
 * {@link builtUnit}) in it.
 */
export default function globalSetup(): void {
  for (const name of ['helm', 'kubectl'] as const) {
    const tool = findTool(name);
    process.stdout.write(`${name}: ${tool.path} (${tool.origin}; ${toolVersion(tool)})\n`);
  }
  const runTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-test-'));
  keepTsxCache(os.tmpdir(), runTmp);
  process.env[RUN_TMPDIR_ENV] = runTmp;
  process.env.TMPDIR = runTmp;
  process.env[UNIT_CACHE_ENV] = fs.mkdtempSync(path.join(runTmp, 'mlops-units-'));
}

/**
 * Links tsx's compile cache (`tsx-<user>` in the temporary folder, tsx 4) into the run's folder, so the scripts
 * the tests run through tsx compile from the cache as they do outside the tests (without it, a second and a half
 * more each run). The run's folder is removed with the link, not the cache.
 */
function keepTsxCache(systemTmp: string, runTmp: string): void {
  const name = `tsx-${process.geteuid?.() ?? os.userInfo().username}`;
  try {
    fs.mkdirSync(path.join(systemTmp, name), { recursive: true });
    fs.symlinkSync(path.join(systemTmp, name), path.join(runTmp, name), 'dir');
  } catch {
    // Where links cannot be made, the scripts compile without the cache.
  }
}
