/**
 * `npm run crds -- --env NAME [--out FILE]`: the CustomResourceDefinitions the
 * environment's Terraform stacks install through their Helm releases, rendered
 * with the vendored charts at the pinned versions, as one YAML stream. With
 * the manifests in `dist/<env>/`, offline schema validators (kubeconform,
 * the CI's validator) check every custom resource against the CRD the
 * cluster will actually have.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseFlags, runCommand, specSourceOf } from '../app/command-args';
import { DEFAULT_ENVIRONMENT } from '../environments';

const USAGE = `usage: npm run crds -- [--env NAME | --spec FILE] [--out FILE]
  --env   a shipped environment (default: $PLATFORM_ENV or "${DEFAULT_ENVIRONMENT}")
  --spec  a spec file
  --out   where to write them (default: standard output)`;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { '--env': 'value', '--spec': 'value', '--out': 'value' });
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { loadSpec } = await import('../app/load-spec');
  const { discard, stagePlatform } = await import('../app/synthesize');
  const { helmReleases, inParallel, renderRelease } = await import('../app/helm-render');
  const { stringify } = await import('yaml');
  const spec = loadSpec(specSourceOf(flags.values), process.cwd());
  const staged = stagePlatform(spec, path.join(os.tmpdir(), 'mlops-crds'));
  discard(staged.stagingDir);
  const rendered = await inParallel(helmReleases(staged.stacks), 4, (release) => renderRelease(release, { kubeVersion: spec.kubernetes.version }));
  const crds = rendered.flat().filter((o) => o.kind === 'CustomResourceDefinition');
  const text = crds.map((crd) => `---\n${stringify(crd, { lineWidth: 0 })}`).join('');
  const out = flags.values['--out'];
  if (!out) {
    process.stdout.write(text);
    return;
  }
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, text);
  process.stderr.write(`wrote ${crds.length} CRDs to ${out}\n`);
}

runCommand(main, USAGE, 'crds');
