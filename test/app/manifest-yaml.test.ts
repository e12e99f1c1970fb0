import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { manifestYaml, writeManifestFile } from '../../app/manifest-yaml';
import { discard } from '../../app/synthesize';
import { ENVIRONMENTS } from '../../environments';
import { allObjects, synthEnvironment, tempDir } from '../support/synth';

const readBack = (text: string, version: '1.1' | '1.2' = '1.2') => parseAllDocuments(text, { version }).map((d) => d.toJS());

describe('manifestYaml', () => {
  test('reads back to the same objects for every environment', () => {
    for (const input of Object.values(ENVIRONMENTS)) {
      const objects = allObjects(synthEnvironment(input));
      expect(readBack(manifestYaml(objects))).toEqual(objects);
    }
  });

  test('quotes every string YAML 1.1 (kubectl) or 1.2 would read as something else', () => {
    const tricky = [
      'true',
      'No',
      'y',
      'null',
      '~',
      '8',
      '0.5',
      '1e3',
      '0x1F',
      '0o17',
      '1_000',
      '2001-12-14',
      '.inf',
      '-1',
      '+1',
      '12:30',
      'a: b',
      'a #b',
      '#x',
      '- x',
      '[x]',
      '{x}',
      '*ref',
      '&anchor',
      '!tag',
      '|',
      '>',
      '%x',
      '@x',
      '`x',
      "'x'",
      '"x"',
      ' lead',
      'trail ',
      'two  spaces',
      'line\nbreak',
      'tab\there',
      '',
      'ünïcode',
      '-----BEGIN CERTIFICATE-----',
    ];
    const document = { data: Object.fromEntries(tricky.map((s, i) => [`k${i}`, s])), keys: Object.fromEntries(tricky.map((s, i) => [s, i])) };
    expect(readBack(manifestYaml([document]))).toEqual([document]);
    expect(readBack(manifestYaml([document]), '1.1')).toEqual([document]);
  });

  test('keeps Kubernetes values readable', () => {
    const text = manifestYaml([
      {
        metadata: { labels: { 'app.kubernetes.io/name': 'tenant' } },
        spec: { hard: { 'requests.memory': '64Gi', pods: '50' }, podSelector: {}, list: [], items: [{ a: 1, b: [true] }] },
      },
    ]);
    expect(text).toBe(
      [
        'metadata:',
        '  labels:',
        '    app.kubernetes.io/name: tenant',
        'spec:',
        '  hard:',
        '    requests.memory: 64Gi',
        '    pods: "50"',
        '  podSelector: {}',
        '  list: []',
        '  items:',
        '    - a: 1',
        '      b:',
        '        - true',
        '',
      ].join('\n'),
    );
  });

  test('writes multi-line text as a literal block, one line per line, and reads it back exactly', () => {
    const config = '[Interface]\nAddress = 10.44.0.2/32\nDNS = 10.44.0.1\n\n[Peer]\nPublicKey = abc=\n';
    const text = manifestYaml([{ data: { 'amira.conf': config, script: 'set -e\n\texec wg-quick up wg0', kept: 'a\n\n\n' }, args: ['line one\nline two\n'] }]);
    expect(text).toBe(
      [
        'data:',
        '  amira.conf: |',
        '    [Interface]',
        '    Address = 10.44.0.2/32',
        '    DNS = 10.44.0.1',
        '',
        '    [Peer]',
        '    PublicKey = abc=',
        '  script: |-',
        '    set -e',
        '    \texec wg-quick up wg0',
        '  kept: |+',
        '    a',
        '',
        '',
        'args:',
        '  - |',
        '    line one',
        '    line two',
        '',
      ].join('\n'),
    );
    expect(readBack(text)).toEqual([
      { data: { 'amira.conf': config, script: 'set -e\n\texec wg-quick up wg0', kept: 'a\n\n\n' }, args: ['line one\nline two\n'] },
    ]);
  });

  test('a string seen before as a key or a one-line value is written as its first time: a line break makes a block wherever it stands', () => {
    const text = manifestYaml([
      { 'two\nlines': 'plain', 'x y': 'two\nlines' },
      { value: 'plain', list: ['two\nlines', 'x y'] },
    ]);
    expect(text).toBe(
      ['"two\\nlines": plain', 'x y: |-', '  two', '  lines', '---', 'value: plain', 'list:', '  - |-', '    two', '    lines', '  - x y', ''].join('\n'),
    );
  });

  test('strings YAML 1.1 would read as floats are quoted (a dot, a dot and digits, an exponent alone)', () => {
    const document = { items: ['.', '.5', '..', '.5e3', './path', '.hidden', 'e0', 'E+5', 'e-12', 'eta', 'e0x'] };
    const text = manifestYaml([document]);
    expect(readBack(text, '1.1')).toEqual([document]);
    expect(text).toContain('  - ./path\n');
    expect(text).toContain('  - "e0"\n');
    expect(text).toContain('  - eta\n');
    expect(text).toContain('  - e0x\n');
  });

  test('any multi-line string reads back exactly, in YAML 1.1 and 1.2', () => {
    const line = fc.stringMatching(/^[ -~\t]{0,12}$/);
    fc.assert(
      fc.property(fc.array(line, { minLength: 2, maxLength: 6 }), fc.array(line, { maxLength: 3 }), (lines, list) => {
        const document = { data: { text: lines.join('\n') }, items: [list.join('\n'), lines.join('\n')] };
        const text = manifestYaml([document]);
        expect(readBack(text)).toEqual([document]);
        expect(readBack(text, '1.1')).toEqual([document]);
      }),
      { numRuns: 300 },
    );
  });

  test('fails on values JSON cannot hold', () => {
    expect(() => manifestYaml([{ replicas: Number.NaN }])).toThrow('cannot write NaN to a manifest');
  });

  test('a file written in batches holds exactly the text, across batch edges and in any script', () => {
    const dir = tempDir();
    try {
      // About 2.9 MB: three batches of 1 MiB, with multi-byte characters and literal blocks on the way.
      const objects = Array.from({ length: 6000 }, (_, i) => ({
        kind: 'ConfigMap',
        metadata: { name: `map-${i}` },
        data: { note: `Zellkern ✓ ${i}\n`.repeat(20) },
      }));
      const file = path.join(dir, 'out.yaml');
      writeManifestFile(file, objects);
      expect(fs.statSync(file).size).toBeGreaterThan(2.5 * 2 ** 20);
      expect(fs.readFileSync(file, 'utf8')).toBe(manifestYaml(objects));
      writeManifestFile(file, [{ kind: 'Namespace' }]);
      expect(fs.readFileSync(file, 'utf8')).toBe('kind: Namespace\n');
    } finally {
      discard(dir);
    }
  });
});
