import { findTool, toolVersion } from '../../app/upstream-tools';

/**
 * Runs once before the test files: finds (and on first use unpacks) the real
 * `helm` and `kubectl` the render tests use, so parallel workers never fetch
 * them at the same time, and says which binaries ran.
 */
export default function globalSetup(): void {
  for (const name of ['helm', 'kubectl'] as const) {
    const tool = findTool(name);
    process.stdout.write(`${name}: ${tool.path} (${tool.origin}; ${toolVersion(tool)})\n`);
  }
}
