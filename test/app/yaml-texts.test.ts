import * as fs from 'node:fs';
import * as path from 'node:path';
import { Document, stringify } from 'yaml';
import { PROJECT_ROOT } from '../../app/helm-render';
import { discard } from '../../app/synthesize';
import { tempDir } from '../support/synth';

// The launcher's module is plain JavaScript: the bundle includes it as it is.
const { rememberedStringify, KEPT_BYTES } = require(path.join(PROJECT_ROOT, 'bin', 'yaml-texts.cjs')) as {
  rememberedStringify: (write: typeof stringify, file: string, atExit?: (save: () => void) => void) => typeof stringify;
  KEPT_BYTES: number;
};

/** A remembering stringify over yaml's own, counting the texts yaml writes, with its exit step in hand. */
function remembering(file: string) {
  let written = 0;
  const exits: (() => void)[] = [];
  const write = ((...args: Parameters<typeof stringify>) => {
    written++;
    return stringify(...args);
  }) as typeof stringify;
  const remembered = rememberedStringify(write, file, (save) => exits.push(save));
  const exit = () => {
    for (const save of exits) save();
  };
  return { remembered, written: () => written, exit };
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
