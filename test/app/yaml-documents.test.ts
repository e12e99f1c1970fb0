import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { PROJECT_ROOT } from '../../app/helm-render';
import { discard } from '../../app/synthesize';
import { yamlDocuments, yamlObjects } from '../../app/yaml-documents';
import { tempDir } from '../support/synth';

/** What the project read YAML with before: `yaml`'s documents as plain data, and how many errors it recorded reading them. */
function yamlReads(text: string): { documents: unknown[]; errors: number } {
  const documents = parseAllDocuments(text);
  return { documents: documents.map((d) => d.toJS()), errors: documents.flatMap((d) => d.errors).length };
}

/** Whether both read `file` alike, yaml without an error (so that it read all of it). */
function readAlike(file: string): boolean {
  const text = fs.readFileSync(file, 'utf8');
  const read = yamlReads(text);
  return read.errors === 0 && isDeepStrictEqual(yamlDocuments(text, file), read.documents);
}

/** Every file under `dir` whose path ends in `.yaml`, skipping Helm templates (Go templates, not YAML). */
function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml') && !f.split(path.sep).includes('templates'))
    .sort()
    .map((f) => path.join(dir, f));
}

describe('YAML documents (app/yaml-documents.ts)', () => {
  test('reads what yaml reads: scalars of the YAML 1.2 core schema, blocks, anchors, empty documents, repeated keys', () => {
    const texts = [
      'a: 1\na: 2\n',
      '---\n---\na: 1\n...\n',
      '# only a comment\n---\nb: 2\n',
      '',
      'x: 0755\ny: 0x1F\nz: 1e3\nw: .5\nv: 1_000\nu: yes\nt: ~\ns: 2024-01-01\nr: !!str 5\nq: -.inf\np: .NaN\no: 0o17\nn: +12\nm: null\nl:\n',
      'k: |\n  line\n  two\n\nj: |-\n  kept\ni: >\n  folded\n  text\n\nh: |+\n  keep\n\n',
      'a: &x {b: 1, c: [1, "two", 3.0]}\nc: *x\n<<: {d: 1}\n',
      "\"quoted key\": 'single ''quote'''\nunicode: \"\\u00e9\\t\\x41\"\nplain: a:b #c\n",
      'list:\n- name: a\n  value: "1"\n-   - nested\n    - deeper: [x, {y: z}]\n',
      'crlf: 1\r\nnext: two\r\n',
    ];
    for (const text of texts) expect([text, yamlDocuments(text)]).toEqual([text, yamlReads(text).documents]);
    expect(yamlObjects('---\n---\n- a\n---\nkind: A\n---\n42\n')).toEqual([['a'], { kind: 'A' }]);
  });

  test('reads every vendored Kubeflow and Argo manifest as yaml reads it (without an error)', () => {
    const files = yamlFiles(path.join(PROJECT_ROOT, 'vendor', 'kubeflow'));
    expect(files.length).toBeGreaterThan(700);
    const differing = files.filter((file) => !readAlike(file));
    expect(differing).toEqual([]);
  });

  test('reads the YAML files of every vendored chart (values, CRDs) as yaml reads them (without an error)', () => {
    const dir = tempDir();
    try {
      for (const chart of fs.readdirSync(path.join(PROJECT_ROOT, 'vendor', 'charts')).filter((f) => f.endsWith('.tgz'))) {
        fs.mkdirSync(path.join(dir, chart));
        execFileSync('tar', ['-xzf', path.join(PROJECT_ROOT, 'vendor', 'charts', chart), '-C', path.join(dir, chart)]);
      }
      const files = yamlFiles(dir);
      expect(files.filter((f) => f.includes(`${path.sep}crds${path.sep}`)).length).toBeGreaterThan(0);
      const differing = files.filter((file) => !readAlike(file));
      expect([files.length > 10, differing]).toEqual([true, []]);
    } finally {
      discard(dir);
    }
  });

  test('refuses a document of more than 100 aliases (yaml, too, refused many): aliases of aliases expand exponentially', () => {
    const aliases = (n: number) => `a: &a [x]\nb: [${Array.from({ length: n }, () => '*a').join(', ')}]\n`;
    expect(yamlDocuments(aliases(100))).toEqual([{ a: ['x'], b: Array.from({ length: 100 }, () => ['x']) }]);
    expect(() => yamlDocuments(aliases(101), 'helm template bomb')).toThrow(/alias/i);
  });

  test('a text that is not YAML fails, naming where it came from and where in it', () => {
    expect(() => yamlDocuments('a: 1\nb: [\n', 'helm template gpu-operator')).toThrow(/in "helm template gpu-operator" \(3:1\)/);
    expect(() => yamlDocuments('a: 1\n  b: 2\n', 'kubectl kustomize unit')).toThrow(/kubectl kustomize unit/);
  });
});
