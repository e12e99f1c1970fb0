import * as fs from 'node:fs';
import { UNIT_CACHE_ENV } from './built-units';

/** Removes the run's folder of built Kubeflow units. */
export default function globalTeardown(): void {
  const dir = process.env[UNIT_CACHE_ENV];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
