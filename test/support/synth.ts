import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import type { Construct } from 'constructs';
import { runCli } from '../../app/cli';
import { discard, type StagedPlatform, stagePlatform } from '../../app/synthesize';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { type PlatformSpecInput, validateSpec } from '../../environments/spec';

/** A fresh temporary folder, removed by the caller with `discard`. */
export function tempDir(prefix = 'mlops-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Validates and synthesizes an environment into a temporary staging folder (removed again), returning both outputs. */
export function synthEnvironment(input: PlatformSpecInput): StagedPlatform {
  const root = tempDir();
  try {
    return stagePlatform(validateSpec(input), root);
  } finally {
    discard(root);
  }
}

/** Every Kubernetes object of a staged platform. */
export function allObjects(staged: StagedPlatform): KubeObject[] {
  return [...staged.objects];
}

export { findObject } from './objects';

/** Synthesizes the objects a construct adds to a bare chart. */
export function synthConstruct(build: (scope: Construct) => void): KubeObject[] {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart) as KubeObject[];
}

/** A deep copy of an environment input to modify in a test. */
export function copyOf(input: PlatformSpecInput): any {
  return structuredClone(input);
}

/** What one run of the command line did. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command line in `cwd` with no environment variables, capturing its output. */
export function runCliIn(cwd: string, ...argv: string[]): CliRun {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, { cwd, env: {}, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}
