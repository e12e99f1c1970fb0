import * as fs from 'node:fs';
import * as path from 'node:path';
import { generatedDocs } from '../../app/generated-docs';
import { GUARDRAILS } from '../../constructs/policy/guardrail-pack';
import { runCli } from '../../app/cli';
import { loadSpec } from '../../app/load-spec';

const root = path.resolve(__dirname, '../..');

describe('spec files for sites that keep their platform in YAML', () => {
  test('the example site validates and is the dev environment under another name', () => {
    const spec = loadSpec({ specFile: 'docs/example-site.yaml' }, root);
    expect(spec.name).toBe('example-site');
    expect({ ...spec, name: 'dev' }).toEqual(loadSpec({ env: 'dev' }, root));
  });

  test('the documents generated from the code are committed as generated (npm run docs), and the catalogue lists every rule and recorded exemption', () => {
    const docs = generatedDocs();
    for (const [file, content] of Object.entries(docs)) expect([file, fs.readFileSync(path.join(root, file), 'utf8') === content]).toEqual([file, true]);
    const catalogue = docs['docs/guardrail-catalogue.md'];
    for (const rule of GUARDRAILS) expect(catalogue).toContain(`| ${rule.id} | ${rule.level} |`);
    expect(catalogue).toContain('| SEC-01 | `Deployment/vpn/wireguard` |');
    expect(catalogue).toContain('| PLT-02 | `Namespace//istio-system` |');
  });

  test('the committed JSON Schema is what `spec --schema` prints (regenerate it when the spec changes)', () => {
    let stdout = '';
    expect(runCli(['spec', '--schema'], { cwd: root, env: {}, stdout: (t) => (stdout += t), stderr: () => undefined })).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(fs.readFileSync(path.join(root, 'docs/platform-spec.schema.json'), 'utf8')));
    expect(JSON.parse(stdout).properties.users.type).toBe('array');
  });
});
