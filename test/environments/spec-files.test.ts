import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../app/cli';
import { loadSpec } from '../../app/load-spec';

const root = path.resolve(__dirname, '../..');

describe('spec files for sites that keep their platform in YAML', () => {
  test('the example site validates and is the dev environment under another name', () => {
    const spec = loadSpec({ specFile: 'docs/example-site.yaml' }, root);
    expect(spec.name).toBe('example-site');
    expect({ ...spec, name: 'dev' }).toEqual(loadSpec({ env: 'dev' }, root));
  });

  test('the committed JSON Schema is what `spec --schema` prints (regenerate it when the spec changes)', () => {
    let stdout = '';
    expect(runCli(['spec', '--schema'], { cwd: root, env: {}, stdout: (t) => (stdout += t), stderr: () => undefined })).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(fs.readFileSync(path.join(root, 'docs/platform-spec.schema.json'), 'utf8')));
    expect(JSON.parse(stdout).properties.users.type).toBe('array');
  });
});
