import * as fs from 'node:fs';
import * as path from 'node:path';
import { KubeObject, TerraformStackJson } from '../constructs/policy/guardrail';
import { GuardrailReport, runGuardrails } from '../constructs/policy/guardrail-pack';
import type { PlatformSpec } from '../environments/spec';
import { buildPlatform, guardrailFacts } from './build-platform';
import { manifestYaml } from './manifest-yaml';

/** One written manifest file and its objects. */
export interface ManifestFile {
  /** `40-tenants.k8s.yaml`. */
  readonly file: string;
  readonly objects: readonly KubeObject[];
}

/** Both outputs of one environment, synthesized into a staging folder and checked. */
export interface StagedPlatform {
  readonly spec: PlatformSpec;
  readonly stacks: readonly TerraformStackJson[];
  readonly manifests: readonly ManifestFile[];
  readonly report: GuardrailReport;
  /** Holds `cdktf/` (a cdktf out folder) and `dist/` (this environment's manifests). */
  readonly stagingDir: string;
}

/** Where published outputs go. */
export interface OutputDirs {
  /** The cdktf out folder (`cdktf.out`). */
  readonly terraform: string;
  /** The manifests folder (`dist`); this environment's files go to `<manifests>/<env>/`. */
  readonly manifests: string;
}

/**
 * Synthesizes both outputs of `spec` into a fresh folder under `stagingRoot`
 * and runs the guardrails over them. Nothing outside the staging folder is
 * touched, so a failed check leaves the last good outputs as they were.
 */
export function stagePlatform(spec: PlatformSpec, stagingRoot: string): StagedPlatform {
  fs.mkdirSync(stagingRoot, { recursive: true });
  const stagingDir = fs.mkdtempSync(path.join(stagingRoot, `${spec.name}-`));
  try {
    const apps = buildPlatform(spec, path.join(stagingDir, 'cdktf'));
    apps.terraform.synth();
    const stacks = apps.stacks.map((stack) => {
      const stackName = stack.node.id;
      const file = path.join(stagingDir, 'cdktf', 'stacks', stackName, 'cdk.tf.json');
      return { stack: stackName, json: JSON.parse(fs.readFileSync(file, 'utf8')) };
    });
    const manifestDir = path.join(stagingDir, 'dist');
    fs.mkdirSync(manifestDir);
    const manifests = apps.charts.map(({ file, chart }) => {
      const objects = chart.toJson() as KubeObject[];
      fs.writeFileSync(path.join(manifestDir, file), manifestYaml(objects));
      return { file, objects };
    });
    const report = runGuardrails(
      { objects: manifests.flatMap((m) => m.objects), stacks, facts: guardrailFacts(spec) },
      [...spec.guardrails.suppressions, ...apps.exemptions],
    );
    return { spec, stacks, manifests, report, stagingDir };
  } catch (error) {
    discard(stagingDir);
    throw error;
  }
}

/**
 * Moves staged outputs into place: each stack folder and the environment's
 * manifest folder are swapped whole, and the cdktf manifest keeps other
 * environments' stacks.
 */
export function publishPlatform(staged: StagedPlatform, out: OutputDirs): void {
  const stagedTerraform = path.join(staged.stagingDir, 'cdktf');
  for (const { stack } of staged.stacks) {
    swapDir(path.join(stagedTerraform, 'stacks', stack), path.join(out.terraform, 'stacks', stack));
  }
  const manifestFile = path.join(out.terraform, 'manifest.json');
  const stagedManifest = JSON.parse(fs.readFileSync(path.join(stagedTerraform, 'manifest.json'), 'utf8'));
  const current = fs.existsSync(manifestFile) ? JSON.parse(fs.readFileSync(manifestFile, 'utf8')) : { stacks: {} };
  const merged = { ...stagedManifest, stacks: sortKeys({ ...current.stacks, ...stagedManifest.stacks }) };
  fs.writeFileSync(manifestFile, `${JSON.stringify(merged, null, 2)}\n`);
  swapDir(path.join(staged.stagingDir, 'dist'), path.join(out.manifests, staged.spec.name));
  discard(staged.stagingDir);
}

/** Removes a staging folder. */
export function discard(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

function swapDir(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const old = `${to}.old-${process.pid}`;
  if (fs.existsSync(to)) fs.renameSync(to, old);
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    fs.cpSync(from, to, { recursive: true });
  }
  fs.rmSync(old, { recursive: true, force: true });
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
