import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findTool, toolVersion } from '../../app/upstream-tools';
import { UNIT_CACHE_ENV } from './built-units';

/**
 * Runs once before the test files: finds (and on first use unpacks) the real
 * `helm` and `kubectl` the render tests use, so parallel workers never fetch
 * them at the same time, and says which binaries ran; and makes the run's
 * folder of built Kubeflow units (see {@link builtUnit}), which the workers
 * inherit through the environment.
 */
export default function globalSetup(): void {
  for (const name of ['helm', 'kubectl'] as const) {
    const tool = findTool(name);
    process.stdout.write(`${name}: ${tool.path} (${tool.origin}; ${toolVersion(tool)})\n`);
  }
  process.env[UNIT_CACHE_ENV] = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-units-'));
}
