/**
 * Writes kustomize apply units: `kustomization.yaml` with the vendored
 * distribution's folders as bases (relative paths, as kustomize requires),
 * the unit's patches inline, and the files its generators read.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { KubeObject } from '../constructs/policy/guardrail';
import { KUBEFLOW_DISTRIBUTION, type KustomizeUnit, type VendoredTextPatch } from '../constructs/kubeflow/kustomize-unit';
import { PROJECT_ROOT } from './helm-render';
import { objectsFrom } from './upstream-tools';
import { yamlObjects } from './yaml-documents';

/** The vendored distribution. */
const KUBEFLOW_VENDOR_DIR = path.join(PROJECT_ROOT, 'vendor', 'kubeflow', KUBEFLOW_DISTRIBUTION);

/**
 * Writes `unit` into `unitDir` (created), its bases relative to
 * `publishedDir`, where the unit will be built from (the same folder unless
 * it is staged elsewhere first).
 */
export function writeKustomizeUnit(unit: KustomizeUnit, unitDir: string, publishedDir = unitDir): void {
  fs.mkdirSync(unitDir, { recursive: true });
  const base = path.relative(publishedDir, KUBEFLOW_VENDOR_DIR);
  const files: Record<string, string> = {};
  const configMapGenerator = (unit.configMaps ?? []).map((cm) => ({
    name: cm.name,
    ...(cm.namespace ? { namespace: cm.namespace } : {}),
    behavior: cm.behavior,
    ...(cm.literals ? { literals: Object.entries(cm.literals).map(([k, v]) => `${k}=${v}`) } : {}),
    ...(cm.files
      ? {
          files: Object.entries(cm.files).map(([key, content]) => {
            const file = path.join('files', cm.name, key);
            files[file] = content;
            return `${key}=${file}`;
          }),
        }
      : {}),
  }));
  const patches = [
    ...(unit.patches ?? []).map((p) =>
      'merge' in p ? { patch: stringify(p.merge, { lineWidth: 0 }) } : { target: p.target, patch: stringify(p.operations, { lineWidth: 0 }) },
    ),
    ...(unit.textPatches ?? []).map((p) => ({ patch: stringify(textPatch(p), { lineWidth: 0 }) })),
  ];
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: unit.upstream.map((u) => `${base}/${u}`),
    ...(unit.components?.length ? { components: unit.components.map((c) => `${base}/${c}`) } : {}),
    ...(patches.length ? { patches } : {}),
    ...(unit.images?.length ? { images: unit.images } : {}),
    ...(configMapGenerator.length ? { configMapGenerator } : {}),
  };
  fs.writeFileSync(
    path.join(unitDir, 'kustomization.yaml'),
    `# Generated from the spec over the vendored Kubeflow distribution; do not edit.\n${stringify(kustomization, { lineWidth: 0 })}`,
  );
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(unitDir, file)), { recursive: true });
    fs.writeFileSync(path.join(unitDir, file), content);
  }
}

/** The object of a vendored file with text replaced in one data key, as a strategic-merge patch. */
function textPatch(p: VendoredTextPatch): Record<string, unknown> {
  const source = path.join(KUBEFLOW_VENDOR_DIR, p.file);
  const object = yamlObjects<KubeObject & { data?: Record<string, string> }>(fs.readFileSync(source, 'utf8'), p.file).find(
    (o) => o.kind === p.kind && o.metadata?.name === p.name,
  );
  if (!object || typeof object.data?.[p.key] !== 'string') throw new Error(`${p.file}: no ${p.kind} ${p.name} with data key ${p.key}`);
  let text: string = object.data[p.key];
  for (const { from, to } of p.replace) {
    if (!text.includes(from)) throw new Error(`${p.file}: ${p.kind} ${p.name} ${p.key} no longer contains ${from}`);
    text = text.split(from).join(to);
  }
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: { name: object.metadata.name, ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}) },
    data: { [p.key]: text },
  };
}

/** Builds a unit offline with the real `kubectl kustomize` (in a temporary folder) and returns its objects; a failure names the unit. */
export async function buildKustomizeUnit(unit: KustomizeUnit): Promise<KubeObject[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${unit.name}-`));
  try {
    writeKustomizeUnit(unit, dir);
    return await objectsFrom('kubectl', ['kustomize', dir], `${unit.name}: kubectl kustomize failed`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
