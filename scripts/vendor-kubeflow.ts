/**
 * `npm run vendor:kubeflow -- --from DIR --argo DIR [--dry-run]`: refreshes
 * `vendor/kubeflow/` for maintainers from checkouts of the Kubeflow community
 * distribution and of Argo Workflows at their release tags: copies the
 * directories a multi-user install needs, and points the distribution's Argo
 * kustomizations (which reference github.com) at the vendored Argo tree, so
 * every build is offline. Record the tags in `vendor/kubeflow/SOURCES.md`,
 * then run the tests: they build every unit against the new tree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseFlags, runCommand, UsageError } from '../app/command-args';
import { PROJECT_ROOT } from '../app/helm-render';
import { KUBEFLOW_DISTRIBUTION } from '../constructs/kubeflow/kustomize-unit';

const USAGE = `usage: npm run vendor:kubeflow -- --from DIR --argo DIR [--dry-run]
  --from     a checkout of the Kubeflow community distribution at its release tag
  --argo     a checkout of argoproj/argo-workflows at the tag Pipelines names
  --dry-run  print what would be copied`;

/** What a multi-user install of the platform's components needs from the distribution. */
const DISTRIBUTION_DIRS = [
  'applications/pipeline',
  'applications/katib',
  'applications/dashboard',
  'applications/notebooks-v1',
  'common/istio',
  'common/oauth2-proxy',
  'common/dex',
  'common/cert-manager',
  'common/kubeflow-roles',
  'common/kubeflow-namespace',
  'common/user-namespace',
];
/** What the distribution's Argo kustomizations build on. */
const ARGO_DIRS = ['manifests/base/crds', 'manifests/base/workflow-controller', 'manifests/cluster-install-no-crds', 'manifests/namespace-install'];

function main(): void {
  const flags = parseFlags(process.argv.slice(2), { '--from': 'value', '--argo': 'value', '--dry-run': 'switch' });
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const from = flags.values['--from'];
  const argo = flags.values['--argo'];
  if (!from || !argo) throw new UsageError('--from and --argo are both needed');
  const vendor = path.join(PROJECT_ROOT, 'vendor', 'kubeflow');
  const distribution = path.join(vendor, KUBEFLOW_DISTRIBUTION);
  const argoTag = /argo-workflows\/(?:[\w/.-]+)\?ref=(v[\d.]+)/.exec(
    fs.readFileSync(path.join(from, 'applications/pipeline/upstream/third-party/argo/base/kustomization.yaml'), 'utf8'),
  )?.[1];
  if (!argoTag) throw new Error('the distribution names no Argo Workflows tag in applications/pipeline/upstream/third-party/argo/base/kustomization.yaml');
  const argoDir = path.join(vendor, `argo-workflows-${argoTag}`);
  const copies = [
    ...DISTRIBUTION_DIRS.map((d) => [path.join(from, d), path.join(distribution, d)]),
    ...ARGO_DIRS.map((d) => [path.join(argo, d), path.join(argoDir, d)]),
  ];
  for (const [source, target] of copies) {
    process.stdout.write(`copy ${source} -> ${path.relative(PROJECT_ROOT, target)}\n`);
    if (flags.switches.has('--dry-run')) continue;
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(source, target, { recursive: true });
  }
  if (flags.switches.has('--dry-run')) return;
  // The Argo references on github.com become relative paths to the vendored copy.
  const argoKustomizations = path.join(distribution, 'applications/pipeline/upstream/third-party/argo');
  for (const file of fs.readdirSync(argoKustomizations, { recursive: true, encoding: 'utf8' }).filter((f) => path.basename(f) === 'kustomization.yaml')) {
    const full = path.join(argoKustomizations, file);
    const text = fs.readFileSync(full, 'utf8');
    const rewritten = text.replace(/(?:https:\/\/)?github\.com\/argoproj\/argo-workflows\/([\w/.-]+?)\?ref=v[\d.]+/g, (_, sub: string) =>
      path.relative(path.dirname(full), path.join(argoDir, sub)),
    );
    if (rewritten !== text) {
      fs.writeFileSync(full, rewritten);
      process.stdout.write(`offline: ${path.relative(PROJECT_ROOT, full)}\n`);
    }
  }
  process.stdout.write('Record the tags in vendor/kubeflow/SOURCES.md, then run npm test.\n');
}

runCommand(main, USAGE);
