import { parseAllDocuments } from 'yaml';
import { manifestYaml } from '../../app/manifest-yaml';
import { ENVIRONMENTS } from '../../environments';
import { allObjects, synthEnvironment } from '../support/synth';

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
      'true', 'No', 'y', 'null', '~', '8', '0.5', '1e3', '0x1F', '0o17', '1_000', '2001-12-14', '.inf', '-1', '+1', '12:30',
      'a: b', 'a #b', '#x', '- x', '[x]', '{x}', '*ref', '&anchor', '!tag', '|', '>', '%x', '@x', '`x', "'x'", '"x"', ' lead', 'trail ', 'two  spaces',
      'line\nbreak', 'tab\there', '', 'ünïcode', '-----BEGIN CERTIFICATE-----',
    ];
    const document = { data: Object.fromEntries(tricky.map((s, i) => [`k${i}`, s])), keys: Object.fromEntries(tricky.map((s, i) => [s, i])) };
    expect(readBack(manifestYaml([document]))).toEqual([document]);
    expect(readBack(manifestYaml([document]), '1.1')).toEqual([document]);
  });

  test('keeps Kubernetes values readable', () => {
    const text = manifestYaml([{ metadata: { labels: { 'app.kubernetes.io/name': 'tenant' } }, spec: { hard: { 'requests.memory': '64Gi', pods: '50' }, podSelector: {}, list: [], items: [{ a: 1, b: [true] }] } }]);
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

  test('fails on values JSON cannot hold', () => {
    expect(() => manifestYaml([{ replicas: Number.NaN }])).toThrow('cannot write NaN to a manifest');
  });
});
