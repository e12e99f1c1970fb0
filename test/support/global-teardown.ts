import * as fs from 'node:fs';
import { RUN_TMPDIR_ENV } from './global-setup';

/** Removes the run's temporary folder, with the built Kubeflow units and every test app's output in it. */
export default function globalTeardown(): void {
  const dir = process.env[RUN_TMPDIR_ENV];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
