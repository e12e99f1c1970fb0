import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HOLDS_DATA_LABEL } from '../constructs/lib/labels';
import { annotateExemptions } from '../constructs/policy/auditor-annotations';
import type { KubeObject, TerraformStackJson } from '../constructs/policy/guardrail';
import { type GuardrailReport, runGuardrails, type Suppression } from '../constructs/policy/guardrail-pack';
import type { PlatformSpec } from '../environments/spec';
import type { KustomizeUnit } from '../constructs/kubeflow/kustomize-unit';
import { WorkloadsStack } from '../stacks/workloads';
import { buildPlatform, guardrailFacts, type PlatformApps } from './build-platform';
import { applyUnits, DATA_HOMES_FILE, workloadsStackName } from './deployment-steps';
import { PROJECT_ROOT } from './helm-render';
import { writeKustomizeUnit } from './kustomize-units';
import { writeManifestFile } from './manifest-yaml';
import { synthCharts } from './render-charts';
import { compareText } from '../constructs/lib/text-order';

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
  /** Every object of the manifests, in file order: the list the guardrails checked (their views of it are cached). */
  readonly objects: readonly KubeObject[];
  /** The kustomize units written beside the manifest files (built at apply time, not at synthesis). */
  readonly units: readonly KustomizeUnit[];
  /** Guardrail exemptions the constructs recorded, each with its reason. */
  readonly exemptions: readonly Suppression[];
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

/** How the outputs will be used once published, which the workloads stack's commands refer to. */
export interface StageOptions {
  /**
   * How the apply command names the environment.
   * @default ['--env', spec.name]
   */
  readonly specArgs?: readonly string[];
  /**
   * The cdktf out folder the stacks are published to.
   * @default the project's `cdktf.out`
   */
  readonly terraformOutdir?: string;
  /**
   * The folder the manifests are published to (`<dist>/<env>`).
   * @default the project's `dist/<env>`
   */
  readonly manifestsDir?: string;
}

/**
 * Synthesizes both outputs of `spec` into a fresh folder under `stagingRoot`
 * and runs the guardrails over them. The manifests come first: the
 * workloads stack holds one resource per manifest unit, with its hash.
 * Nothing outside the staging folder is touched, so a failed check leaves
 * the last good outputs as they were.
 */
export function stagePlatform(spec: PlatformSpec, stagingRoot: string, options: StageOptions = {}): StagedPlatform {
  fs.mkdirSync(stagingRoot, { recursive: true });
  const stagingDir = fs.mkdtempSync(path.join(stagingRoot, `${spec.name}-`));
  try {
    const manifestDir = path.join(stagingDir, 'dist');
    const { apps, manifests } = composeAndRender(spec, stagingDir);
    fs.mkdirSync(manifestDir);
    for (const { file, objects } of manifests) writeManifestFile(path.join(manifestDir, file), objects);
    // Units refer to the vendored tree by a path relative to where they are published.
    const publishedManifests = options.manifestsDir ?? path.join(PROJECT_ROOT, 'dist', spec.name);
    for (const unit of apps.units) writeKustomizeUnit(unit, path.join(manifestDir, unit.name), path.join(publishedManifests, unit.name));
    const terraformOutdir = options.terraformOutdir ?? path.join(PROJECT_ROOT, 'cdktf.out');
    const workloads = new WorkloadsStack(apps.terraform, spec, {
      units: applyUnits(manifestDir).map((unit) => ({ unit, sha256: contentHash(path.join(manifestDir, unit)) })),
      specArgs: options.specArgs ?? ['--env', spec.name],
      manifestsArgs: manifestsArgs(spec, options.manifestsDir),
      projectRoot: path.relative(path.join(terraformOutdir, 'stacks', workloadsStackName(spec.name)), PROJECT_ROOT) || '.',
      secrets: apps.secretRefs,
    });
    workloads.addDependency(apps.stacks[apps.stacks.length - 1]);
    apps.terraform.synth();
    const stacks = [...apps.stacks, workloads].map((stack) => {
      const stackName = stack.node.id;
      const file = path.join(stagingDir, 'cdktf', 'stacks', stackName, 'cdk.tf.json');
      return { stack: stackName, json: JSON.parse(fs.readFileSync(file, 'utf8')) };
    });
    const objects = manifests.flatMap((m) => m.objects);
    const report = runGuardrails({ objects, stacks, facts: guardrailFacts(spec, apps.inventory) }, [...spec.guardrails.suppressions, ...apps.exemptions]);
    return { spec, stacks, manifests, objects, units: apps.units, exemptions: apps.exemptions, report, stagingDir };
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

/** What synthesis keeps of the composed platform once the charts are rendered: the Terraform side and plain data. */
type ComposedPlatform = Pick<PlatformApps, 'terraform' | 'stacks' | 'units' | 'exemptions' | 'inventory'> & {
  /** `namespace/name` of each Secret the platform refers to. */
  readonly secretRefs: readonly string[];
};

/**
 * Composes the platform and renders its manifest files' objects. Only the
 * Terraform app and plain data leave this function: the Kubernetes construct
 * tree (half the live heap at 1000 users) is garbage once its objects are
 * rendered, before the YAML, the stacks and the guardrails.
 */
function composeAndRender(spec: PlatformSpec, stagingDir: string): { apps: ComposedPlatform; manifests: ManifestFile[] } {
  const { charts, ...apps } = keptOfComposition(buildPlatform(spec, path.join(stagingDir, 'cdktf')));
  const objectsByChart = synthCharts(charts.map((c) => c.chart));
  const rendered = objectsByChart.flat();
  // Each exemption also speaks to the auditors a site runs on the live cluster (Polaris, kube-linter, Checkov).
  annotateExemptions(rendered, apps.exemptions);
  // Namespaces holding data go to a file of their own, applied early and never pruned.
  const isHome = (o: KubeObject) => o.kind === 'Namespace' && o.metadata.labels?.[HOLDS_DATA_LABEL] === 'true';
  const homes: KubeObject[] = [];
  const chartFiles = charts.map(({ file }, i) => {
    const objects: KubeObject[] = [];
    for (const o of objectsByChart[i]) (isHome(o) ? homes : objects).push(o);
    return { file, objects };
  });
  // A chart with nothing to apply (no Experiments in dev) writes no file: kubectl refuses an empty apply.
  const manifests = [{ file: DATA_HOMES_FILE, objects: homes }, ...chartFiles]
    .filter(({ objects }) => objects.length > 0)
    .sort((a, b) => compareText(a.file, b.file));
  return { apps, manifests };
}

/** The parts of a composed platform that synthesis uses, the secrets by name: their makers close over the construct tree. */
function keptOfComposition(composed: PlatformApps): ComposedPlatform & Pick<PlatformApps, 'charts'> {
  const { terraform, stacks, units, exemptions, inventory, charts, secrets } = composed;
  return { terraform, stacks, units, exemptions, inventory, charts, secretRefs: secrets.map((s) => `${s.namespace}/${s.name}`) };
}

/** `--manifests <dir>` (relative to the project root) when the manifests are published anywhere but the project's `dist/<env>`. */
function manifestsArgs(spec: PlatformSpec, manifestsDir: string | undefined): string[] {
  if (!manifestsDir || path.resolve(manifestsDir) === path.join(PROJECT_ROOT, 'dist', spec.name)) return [];
  return ['--manifests', path.relative(PROJECT_ROOT, manifestsDir)];
}

/** SHA-256 of a unit: a file's content, or every file of a folder with its relative path. */
export function contentHash(unitPath: string): string {
  const hash = crypto.createHash('sha256');
  const chunk = Buffer.allocUnsafe(HASH_CHUNK);
  if (fs.statSync(unitPath).isDirectory()) {
    for (const file of fs.readdirSync(unitPath, { recursive: true, encoding: 'utf8' }).sort()) {
      const full = path.join(unitPath, file);
      if (fs.statSync(full).isFile()) hashFile(hash.update(`${file}\0`), full, chunk).update('\0');
    }
  } else {
    hashFile(hash, unitPath, chunk);
  }
  return hash.digest('hex');
}

/** Bytes read at a time by {@link contentHash}. */
const HASH_CHUNK = 1 << 20;

/**
 * Feeds the file at `file` to `hash` through `chunk`, a chunk at a time: the
 * tenants' manifests of a thousand users (20 MB) read whole were the peak of a
 * synthesis' memory.
 */
function hashFile(hash: crypto.Hash, file: string, chunk: Buffer): crypto.Hash {
  const fd = fs.openSync(file, 'r');
  try {
    for (let read = fs.readSync(fd, chunk); read > 0; read = fs.readSync(fd, chunk)) hash.update(chunk.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
  return hash;
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
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}
