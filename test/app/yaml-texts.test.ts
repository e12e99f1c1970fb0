import * as fs from 'node:fs';
import * as path from 'node:path';
import { Document, parse, stringify } from 'yaml';
import { PROJECT_ROOT } from '../../app/helm-render';
import { discard } from '../../app/synthesize';
import { tempDir } from '../support/synth';

// The launcher's module is plain JavaScript: the bundle includes it as it is.
const { rememberedYaml, KEPT_BYTES } = require(path.join(PROJECT_ROOT, 'bin', 'yaml-texts.cjs')) as {
  rememberedYaml: (
    yaml: { stringify: typeof stringify; parse: typeof parse },
    file: string,
    atExit?: (save: () => void) => void,
  ) => { stringify: typeof stringify; parse: typeof parse };
  KEPT_BYTES: number;
};

/** yaml remembering over yaml's own, counting the calls that reach the library, with its exit step in hand. */
function remembering(file: string) {
  let written = 0;
  let parsed = 0;
  const exits: (() => void)[] = [];
  const yaml = rememberedYaml(
    {
      stringify: ((...args: Parameters<typeof stringify>) => {
        written++;
        return stringify(...args);
      }) as typeof stringify,
      parse: ((...args: Parameters<typeof parse>) => {
        parsed++;
        return parse(...args);
      }) as typeof parse,
    },
    file,
    (save) => exits.push(save),
  );
  const exit = () => {
    for (const save of exits) save();
  };
  return { remembered: yaml.stringify, parse: yaml.parse, written: () => written, parsed: () => parsed, exit };
}

/** Runs `check` with the path of a texts file in a folder of its own, removed afterwards. */
function withTextsFile(check: (file: string) => void): void {
  const dir = tempDir();
  try {
    check(path.join(dir, 'texts.json'));
  } finally {
    discard(dir);
  }
}

const PLAIN: [unknown, ...unknown[]][] = [
  [{ b: 1, a: [true, null, 'two\nlines', 1.5], nested: { gone: undefined, empty: {} } }, { lineWidth: 0 }],
  [['x', { y: 'z' }]],
  [{ text: 'yes', n: 0 }, null, { indent: 4 }],
  ['just a string'],
];

describe('YAML texts remembered across runs (bin/yaml-texts.cjs)', () => {
  test('gives exactly what yaml gives, written once and then read from the file in the next run', () =>
    withTextsFile((file) => {
      const first = remembering(file);
      for (const args of PLAIN) expect(first.remembered(...(args as Parameters<typeof stringify>))).toBe(stringify(...(args as Parameters<typeof stringify>)));
      expect(first.written()).toBe(PLAIN.length);
      first.exit();
      const next = remembering(file);
      for (const args of PLAIN) expect(next.remembered(...(args as Parameters<typeof stringify>))).toBe(stringify(...(args as Parameters<typeof stringify>)));
      expect(next.written()).toBe(0);
      // A run that wrote nothing new leaves the file as it is.
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"}', '" }'));
      const kept = fs.readFileSync(file, 'utf8');
      next.exit();
      expect(fs.readFileSync(file, 'utf8')).toBe(kept);
    }));

  test('a value that is not plain JSON data, a replacer, or an undefined member kept by the options goes to yaml every time', () =>
    withTextsFile((file) => {
      class Box {
        constructor(readonly inside = 1) {}
      }
      const notPlain: unknown[][] = [
        [{ n: Number.NaN }],
        [{ n: -0 }],
        [{ n: Number.POSITIVE_INFINITY }],
        [{ when: new Date(0) }],
        [new Map([['a', 1]])],
        [{ box: new Box() }],
        [new Document({ a: 1 })],
        // A sparse array: its hole is no member of JSON's.
        [Object.assign(new Array(3), { 0: 1, 2: 3 })],
        [{ a: 1, b: 2 }, (key: unknown, value: unknown) => (key === 'b' ? undefined : value)],
        [{ a: 1, b: 2 }, ['a']],
        [{ a: undefined }, { keepUndefined: true }],
      ];
      for (let run = 0; run < 2; run++) {
        const { remembered, written, exit } = remembering(file);
        for (const args of notPlain) expect(remembered(...(args as Parameters<typeof stringify>))).toBe(stringify(...(args as Parameters<typeof stringify>)));
        expect(written()).toBe(notPlain.length);
        exit();
      }
    }));

  test('keeps the last run’s texts, and earlier runs’ while they fit', () =>
    withTextsFile((file) => {
      // Two such texts fit in what is kept, three do not.
      const big = 'x'.repeat(KEPT_BYTES / 2 - 100);
      const run = (values: unknown[]) => {
        const r = remembering(file);
        for (const value of values) r.remembered(value);
        r.exit();
        return r.written();
      };
      run([{ old: big }]);
      run([{ middle: big }]);
      // Both fit; beside a third, one earlier text only (the last run's come first).
      expect(run([{ old: big }, { middle: big }])).toBe(0);
      run([{ newest: big }]);
      expect(run([{ newest: big }, { middle: big }])).toBe(0);
      expect(run([{ old: big }])).toBe(1);
    }));

  test('parses as yaml does, once, then from the file, a copy for each call; not what warns or is not plain data', () =>
    withTextsFile((file) => {
      const text = 'b: 1\na: [x, {y: 2}]\nnothing: null\n';
      const first = remembering(file);
      const mine = first.parse(text) as { a: unknown[] };
      expect(mine).toStrictEqual(parse(text));
      mine.a.push('changed');
      first.exit();
      const next = remembering(file);
      const [one, two] = [next.parse(text), next.parse(text)];
      expect([one, two]).toStrictEqual([parse(text), parse(text)]);
      expect(one).not.toBe(two);
      expect(Object.keys(one as object)).toEqual(['b', 'a', 'nothing']);
      expect(next.parsed()).toBe(0);
      // Infinity is no JSON; a duplicate key makes yaml fail; a document yaml warns about warns at every call.
      const emitWarning = process.emitWarning;
      const warnings: unknown[] = [];
      process.emitWarning = (warning: unknown) => warnings.push(warning);
      try {
        for (let run = 0; run < 2; run++) {
          expect(next.parse('n: .inf\n')).toStrictEqual({ n: Number.POSITIVE_INFINITY });
          expect(() => next.parse('a: 1\na: 2\n')).toThrow(/unique/);
          expect(next.parse('%FOO bar\n---\na: 1\n')).toStrictEqual({ a: 1 });
        }
        next.exit();
        expect([next.parsed(), warnings.length]).toEqual([6, 2]);
      } finally {
        process.emitWarning = emitWarning;
      }
    }));

  test('a file or a text that cannot be read is written afresh', () =>
    withTextsFile((file) => {
      fs.writeFileSync(file, '{ not json');
      const { remembered, written, exit } = remembering(file);
      expect(remembered({ a: 1 })).toBe('a: 1\n');
      expect(written()).toBe(1);
      exit();
      const texts = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(Object.values(texts)).toEqual(['a: 1\n']);
      // A remembered text that is not text is written afresh too.
      fs.writeFileSync(file, JSON.stringify(Object.fromEntries(Object.keys(texts).map((key) => [key, 42]))));
      const next = remembering(file);
      expect(next.remembered({ a: 1 })).toBe('a: 1\n');
      expect(next.written()).toBe(1);
    }));
});
