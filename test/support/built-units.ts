import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildKustomizeUnit } from '../../app/kustomize-units';
import type { KubeObject } from '../../constructs/policy/guardrail';
import type { KustomizeUnit } from '../../constructs/kubeflow/kustomize-unit';

/** The folder the test run keeps built units in (set by the global setup; one per run, so never stale). */
export const UNIT_CACHE_ENV = 'MLOPS_TEST_UNIT_CACHE';

/**
 * A Kubeflow unit built with the real `kubectl kustomize`, once per test run:
 * the suites that read the same unit (the same kustomization) share one build
 * through a folder of the run, also across Jest's workers.
 */
export async function builtUnit(unit: KustomizeUnit): Promise<KubeObject[]> {
  const dir = process.env[UNIT_CACHE_ENV];
  if (!dir) return buildKustomizeUnit(unit);
  const file = path.join(dir, `${unit.name}-${createHash('sha256').update(JSON.stringify(unit)).digest('hex').slice(0, 16)}.json`);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const objects = await buildKustomizeUnit(unit);
  const partial = `${file}.${process.pid}`;
  fs.writeFileSync(partial, JSON.stringify(objects));
  fs.renameSync(partial, file);
  return objects;
}
