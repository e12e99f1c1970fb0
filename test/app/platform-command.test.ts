import { execFile } from 'node:child_process';
import Module from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ApiObject, ApiObjectMetadataDefinition, JsonPatch, Testing } from 'cdk8s';
import { Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import { Dependable } from 'constructs';
import { PROJECT_ROOT } from '../../app/helm-render';
import { discard } from '../../app/synthesize';
import { haveSameHiddenClass } from '../support/hidden-classes';
import { runCliIn, tempDir } from '../support/synth';

const launcher = path.join(PROJECT_ROOT, 'bin', 'mlops-platform.cjs');
// The launcher is plain JavaScript: it runs before anything is compiled.
const { isStale, bundle, DEFERRED_REQUIRES, PACKAGE_EDITS, applyEdits, definedMembers, withGvk, convertWithoutCopies } = require(launcher) as {
  isStale: (root: string, bundle: string) => boolean;
  bundle: (entry: string, outfile: string) => Promise<void>;
  DEFERRED_REQUIRES: { file: string; line: string; replacement: string }[];
  PACKAGE_EDITS: { file: string; line: string; replacement: string }[];
  applyEdits: (file: string, source: string, edits: { line: string; replacement: string }[]) => string;
  definedMembers: (o: object, convert?: (value: unknown) => unknown) => object;
  withGvk: (gvk: object, members: unknown) => object;
  convertWithoutCopies: (source: string) => string;
};

/** Every file under `dir` with its content, by relative path. */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
  );
}

/** The installed package file `file` with the launcher's edits of it, and its source before them. */
function editedSource(file: string): { edited: string; source: string } {
  const source = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
  return {
    edited: applyEdits(
      file,
      source,
      PACKAGE_EDITS.filter((edit) => edit.file === file),
    ),
    source,
  };
}

/** `code` compiled as the installed package file `file`, beside the one `require` loads. */
function compiledAs(file: string, code: string): unknown {
  const full = path.join(PROJECT_ROOT, file);
  const compiled = new Module(full) as Module & { _compile(code: string, filename: string): void };
  compiled.filename = full;
  compiled.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(full));
  compiled._compile(code, full);
  return compiled.exports;
}

/** The installed package file `file` compiled with the launcher's edits of it, and its source before them. */
function editedModule(file: string): { exports: unknown; source: string } {
  const { edited, source } = editedSource(file);
  return { exports: compiledAs(file, edited), source };
}

/** How often the source reads or writes each member (`<of>.member`: `this`, or any object when not given). */
function memberUses(source: string, members: string[], of = ''): Record<string, number> {
  return Object.fromEntries(members.map((member) => [member, source.split(new RegExp(`${of ? `\\b${of}` : ''}\\.${member}\\b`)).length - 1]));
}

describe('the platform’s command (bin/mlops-platform.cjs)', () => {
  test('is bundled again when a source is newer than the bundle, and only then', () => {
    const root = tempDir();
    try {
      const source = path.join(root, 'constructs', 'lib', 'x.ts');
      const bundle = path.join(root, '.build', 'mlops-platform.js');
      fs.mkdirSync(path.dirname(source), { recursive: true });
      fs.writeFileSync(source, 'export {};\n');
      expect(isStale(root, bundle)).toBe(true);
      fs.mkdirSync(path.dirname(bundle));
      fs.writeFileSync(bundle, '');
      const at = (file: string, seconds: number) => fs.utimesSync(file, seconds, seconds);
      at(source, 1_000);
      at(bundle, 2_000);
      expect(isStale(root, bundle)).toBe(false);
      at(source, 3_000);
      expect(isStale(root, bundle)).toBe(true);
    } finally {
      discard(root);
    }
  });

  test('defers requires that cdktf makes as it loads, on lines of the installed cdktf that use each package only as deferred', () => {
    for (const { file, line, replacement: deferred } of DEFERRED_REQUIRES) {
      const source = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
      const name = line.match(/^const (\w+) = /)![1];
      expect([file, source.split(line).length - 1]).toEqual([file, 1]);
      // Every use of the package is what the deferred form provides: a call (archiver) or the one function it lists (semver).
      const uses = [...source.replace(line, '').matchAll(new RegExp(`\\b${name}\\b(\\.\\w+|\\()`, 'g'))].map((m) => m[1]);
      const provided = deferred.includes(`${name} = (...args)`) ? ['('] : [...deferred.matchAll(/(\w+): \(/g)].map((m) => `.${m[1]}`);
      expect([file, uses.length > 0 && uses.every((use) => provided.includes(use))]).toEqual([file, true]);
    }
  });

  test('records where cdktf made each token with DEBUG=1 only, and says so otherwise (cdktf edited as bundled)', () => {
    const { edited } = editedSource('node_modules/cdktf/lib/tokens/private/stack-trace.js');
    // Compiled with a `process` of its own: the module reads DEBUG as it loads.
    const creationStack = (env: Record<string, string>) => {
      const exports: { captureStackTrace?: () => string[] } = {};
      new Function('exports', 'process', edited)(exports, { env });
      return exports.captureStackTrace!();
    };
    expect(creationStack({})).toEqual(['(where a token was made is recorded with DEBUG=1)']);
    expect(creationStack({ DEBUG: '1' }).some((frame) => frame.includes('platform-command.test.ts'))).toBe(true);
  });

  test('cdktf resolves as before with its options listed, and names the path where it fails (cdktf edited as bundled)', () => {
    const file = 'node_modules/cdktf/lib/tokens/private/resolve.js';
    // The listed options are cdktf's own: an upgrade that adds one fails here.
    const declaration = fs.readFileSync(path.join(PROJECT_ROOT, file.replace(/\.js$/, '.d.ts')), 'utf8');
    const declared = declaration.match(/interface IResolveOptions \{([^}]*)\}/)![1].match(/\w+(?=\??:)/g);
    expect(declared).toEqual(['scope', 'preparing', 'resolver', 'prefix', 'previousContext']);
    type Resolve = (obj: unknown, options: object) => unknown;
    // cdktf loaded first by Node.js's require, which the edited module's requires are (jest's is another registry):
    // then its siblings are loaded, not in the middle of their cycle.
    const nodeRequire = compiledAs(file, 'module.exports = require;') as NodeJS.Require;
    const { App, Lazy, TerraformStack } = nodeRequire('cdktf') as typeof import('cdktf');
    const { DefaultTokenResolver, StringConcat } = nodeRequire('cdktf/lib/tokens') as typeof import('cdktf/lib/tokens');
    const installed = (nodeRequire('./resolve') as { resolve: Resolve }).resolve;
    const edited = (editedModule(file).exports as { resolve: Resolve }).resolve;
    const scope = new TerraformStack(new App({ outdir: tempDir() }), 'stack');
    const resolver = new DefaultTokenResolver(new StringConcat());
    const outcome = (resolve: Resolve, value: unknown, preparing = false): { resolved?: unknown; error?: string } => {
      try {
        return { resolved: resolve(value, { scope, preparing, resolver }) };
      } catch (error) {
        return { error: (error as Error).message };
      }
    };
    const lazy = Lazy.anyValue({ produce: () => ({ deeper: Lazy.numberValue({ produce: () => 42 }) }) });
    const cases: unknown[] = [
      { a: [1, 'x', { b: lazy, c: undefined }], n: null, [`${Lazy.stringValue({ produce: () => 'key' })}`]: true },
      { a: { b: [0, () => 1] } },
      { a: { inner: scope } },
      { a: { [`${Lazy.anyValue({ produce: () => 7 })}`]: 1 } },
      (() => {
        const cycle: Record<string, unknown> = { a: {} };
        (cycle.a as Record<string, unknown>).b = cycle;
        return cycle;
      })(),
    ];
    const outcomes = cases.map((value) => outcome(edited, value));
    expect(outcomes).toEqual(cases.map((value) => outcome(installed, value)));
    // What a nested token is given: the scope and whether it is prepared, passed down through each level.
    const given = { a: [{ b: Lazy.anyValue({ produce: (context) => [context.preparing, context.scope === scope] }) }] };
    expect([outcome(edited, given, true), outcome(edited, given)]).toEqual([
      { resolved: { a: [{ b: [true, true] }] } },
      { resolved: { a: [{ b: [false, true] }] } },
    ]);
    expect(outcomes.map((o) => o.error ?? o.resolved)).toEqual([
      { a: [1, 'x', { b: { deeper: 42 } }], n: null, key: true },
      expect.stringContaining("a function) at '/a/b/1'"),
      expect.stringContaining("a Construct at '/a/inner/node'"),
      expect.stringContaining('At "/a" a map uses the key'),
      expect.stringContaining(`circular reference at '${'/a/b'.repeat(100)}/a'`),
    ]);
  });

  test('construct nodes share empty members until they add to them, and make their dependency trait when asked (constructs edited as bundled)', () => {
    const { exports, source } = editedModule('node_modules/constructs/lib/construct.js');
    // Node touches the members only where the edits do and where it reads them: an upgrade that adds a use fails here.
    expect(memberUses(source, ['_children', '_context', '_metadata', '_dependencies', '_validations'])).toEqual({
      _children: 7,
      _context: 5,
      _metadata: 3,
      _dependencies: 3,
      _validations: 3,
    });
    const { Construct, RootConstruct } = exports as typeof import('constructs');
    const [a, b] = [new RootConstruct('a'), new RootConstruct('b')];
    const [x, y, z] = [new Construct(a, 'x'), new Construct(b, 'y'), new Construct(a, 'z')];
    x.node.addDependency(y);
    x.node.addDependency(z);
    expect([x.node.dependencies, y.node.dependencies, z.node.dependencies, a.node.dependencies]).toEqual([[y, z], [], [], []]);
    // A construct given its own trait depends through it, as one given its trait at construction did.
    Dependable.implement(z, { dependencyRoots: [y] });
    expect([x.node.dependencies, Dependable.of(x).dependencyRoots]).toEqual([[y, y], [x]]);
    expect([a.node.children, b.node.children, x.node.children]).toEqual([[x, z], [y], []]);
    x.node.addMetadata('note', 'x');
    x.node.addValidation({ validate: () => ['x is wrong'] });
    expect([x.node.metadata.map((m) => m.data), y.node.metadata, x.node.validate(), y.node.validate()]).toEqual([['x'], [], ['x is wrong'], []]);
    const [c, d] = [new RootConstruct('c'), new RootConstruct('d')];
    c.node.setContext('k', 1);
    c.node.setContext('l', 2);
    expect([c.node.tryGetContext('k'), new Construct(c, 'child').node.getAllContext(), d.node.tryGetContext('k'), d.node.getAllContext()]).toEqual([
      1,
      { k: 1, l: 2 },
      undefined,
      {},
    ]);
  });

  test('object metadata and patches share empty ones until added to; the metadata renders as cdk8s’s own (cdk8s edited as bundled)', () => {
    const metadata = editedModule('node_modules/cdk8s/lib/metadata.js');
    expect(memberUses(metadata.source, ['annotations', 'finalizers', 'ownerReferences', '_additionalAttributes'], 'this')).toEqual({
      annotations: 3,
      finalizers: 3,
      ownerReferences: 3,
      _additionalAttributes: 4,
    });
    const Edited = (metadata.exports as typeof import('cdk8s')).ApiObjectMetadataDefinition;
    const chart = Testing.chart();
    const apiObject = new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap' });
    const owner = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'u' };
    const full = { name: 'n', namespace: 'ns', labels: { b: '2', a: '1' }, annotations: { x: 'y' }, finalizers: ['f'], ownerReferences: [owner], uid: 'id' };
    const both = (options: object) => [new Edited({ ...options, apiObject }), new ApiObjectMetadataDefinition({ ...options, apiObject })];
    for (const options of [full, { name: 'm' }]) {
      const [edited, theirs] = both(options);
      expect(edited.toJson()).toEqual(theirs.toJson());
    }
    const [added, theirs] = both({ name: 'm' });
    const [untouched] = both({ name: 'm' });
    for (const metadataOf of [added, theirs]) {
      metadataOf.addAnnotation('k', 'v');
      metadataOf.addFinalizers('f');
      metadataOf.addOwnerReference(owner);
      metadataOf.add('generateName', 'g-');
    }
    expect(added.toJson()).toEqual(theirs.toJson());
    expect(untouched.toJson()).toEqual({ name: 'm' });

    const apiObjects = editedModule('node_modules/cdk8s/lib/api-object.js');
    expect(memberUses(apiObjects.source, ['patches'], 'this')).toEqual({ patches: 3 });
    const EditedApiObject = (apiObjects.exports as typeof import('cdk8s')).ApiObject;
    const [patched, plain] = ['p', 'q'].map((id) => new EditedApiObject(chart, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id } }));
    // Without their class field declarations, objects still have every member cdk8s's have; their class marks them.
    const members = (o: object) => Object.keys(o).sort();
    expect([EditedApiObject.isApiObject(plain), plain instanceof EditedApiObject, EditedApiObject.isApiObject({}), ApiObject.isApiObject(plain)]).toEqual([
      true,
      true,
      false,
      true,
    ]);
    expect(members(plain)).toEqual(members(new ApiObject(chart, 'r', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'r' } })));
    expect(members(plain)).toEqual(expect.arrayContaining(['props', 'name', 'apiVersion', 'apiGroup', 'kind', 'chart', 'metadata', 'patches']));
    patched.addJsonPatch(JsonPatch.add('/data', { a: 'b' }));
    expect([patched.toJson().data, plain.toJson()]).toEqual([{ a: 'b' }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'q' } }]);
  });

  test('drops undefined members as the spread-in-reduce of cdk8s’s generated code does: order, nulls, own __proto__, converted values', () => {
    const spreadReduce = (o: object, convert = (v: unknown) => v) =>
      // biome-ignore lint/performance/noAccumulatingSpread: the generated code's own form, the oracle
      Object.entries(o).reduce((r, i) => (i[1] === undefined ? r : { ...r, [i[0]]: convert(i[1]) }), {});
    const nested = { a: 1 };
    const inputs = [
      {},
      { b: 1, a: undefined, c: null, d: nested, 2: 'two', 1: 'one', e: '' },
      JSON.parse('{"__proto__": {"polluted": true}, "x": 1}'),
      Object.assign(Object.create({ inherited: 1 }), { own: 1 }),
    ];
    // As the generated code converts a quantity's map: a value without one becomes an undefined member, kept.
    const quantity = (v: unknown) => (v as { value?: unknown } | null)?.value;
    for (const input of [...inputs, { cpu: { value: '1' }, memory: { value: undefined }, gone: undefined, none: null }]) {
      for (const convert of [undefined, quantity]) {
        const [ours, theirs] = [definedMembers(input, convert), spreadReduce(input, convert)];
        expect(Object.getOwnPropertyNames(ours)).toEqual(Object.getOwnPropertyNames(theirs));
        expect(Object.getPrototypeOf(ours)).toBe(Object.prototype);
        expect(ours).toStrictEqual(theirs);
      }
    }
    expect((definedMembers({ d: nested }) as { d: object }).d).toBe(nested);
  });

  test('puts apiVersion and kind first as the spread of the generated classes does: order, getters, overrides, own __proto__, symbols', () => {
    const gvk = { apiVersion: 'v1', kind: 'ConfigMap' };
    const symbol = Symbol('s');
    let reads = 0;
    const withGetter = Object.defineProperty({ a: 1 }, 'b', {
      get: () => {
        reads++;
        return 'read';
      },
      enumerable: true,
    });
    const hidden = Object.defineProperty({ shown: 1 }, 'hidden', { value: 2, enumerable: false });
    const members = [
      undefined,
      null,
      {},
      { metadata: { name: 'n' }, spec: { x: 1 }, 2: 'two', 1: 'one' },
      { kind: 'Secret', data: {} },
      withGetter,
      hidden,
      JSON.parse('{"__proto__": {"polluted": true}, "x": 1}'),
      { [symbol]: 'symbol', y: 2 },
    ];
    for (const given of members) {
      const [ours, theirs] = [withGvk(gvk, given), { ...gvk, ...(given as object) }];
      expect(Reflect.ownKeys(ours)).toEqual(Reflect.ownKeys(theirs));
      expect(Object.getPrototypeOf(ours)).toBe(Object.prototype);
      expect(ours).toStrictEqual(theirs);
    }
    expect(reads).toBe(2);
  });

  test('objects with the same members share one hidden class, where each spread of the generated classes made its own', () => {
    const gvk = { apiVersion: 'v1', kind: 'ConfigMap' };
    const spread = (g: object, m: object) => ({ ...g, ...m });
    const shared: Record<string, boolean> = {};
    for (const [name, put] of [
      ['withGvk', withGvk],
      ['spread', spread],
    ] as const) {
      // Many shapes first, as a synthesis gives it: every cache V8 keeps for the code is full.
      for (let i = 0; i < 20; i++) put(gvk, { [`member${i}`]: i });
      shared[name] = haveSameHiddenClass(put(gvk, { metadata: {}, spec: {} }), put(gvk, JSON.parse('{"metadata":{},"spec":{}}')));
    }
    expect(shared).toEqual({ withGvk: true, spread: false });
  });

  test('generated struct conversions, rewritten to assign only defined members, return what the generated ones return', () => {
    const file = 'node_modules/cdk8s-plus-28/lib/imports/k8s.js';
    const converted = convertWithoutCopies(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8'));
    // Each struct conversion, GVK spread and spread-in-reduce is rewritten: a generator that writes them otherwise fails here.
    expect(converted).not.toContain('filter undefined values');
    expect(converted).not.toMatch(/\.\.\.\w+\.GVK/);
    expect(converted).not.toContain('.reduce((r, i)');
    type Conversions = Record<string, (o: unknown) => unknown>;
    const [ours, theirs] = [compiledAs(file, converted) as Conversions, require(path.join(PROJECT_ROOT, file)) as Conversions];
    const inputs: [string, unknown][] = [
      ['toJson_ObjectMeta', { name: 'n', labels: { b: '2', a: undefined, 1: 'one' }, annotations: undefined, finalizers: [], namespace: null }],
      ['toJson_KubeRoleProps', {}],
      ['toJson_KubeRoleProps', { rules: [{ verbs: ['get'], apiGroups: [''], resources: undefined, nonResourceUrLs: ['/x'] }] }],
      [
        'toJson_Container',
        {
          name: 'c',
          image: undefined,
          env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k', optional: null } } }],
          resources: { limits: { cpu: Quantity.fromString('1') } },
        },
      ],
    ];
    for (const [name, input] of inputs) {
      const [rewritten, generated] = [ours[name](input), theirs[name](input)];
      // Key order counts (the manifests follow it); toStrictEqual tells an undefined member from a missing one.
      expect([name, JSON.stringify(rewritten)]).toEqual([name, JSON.stringify(generated)]);
      expect(rewritten).toStrictEqual(generated);
    }
  });

  test('a new bundle drops the code cache and YAML texts of the old one, and a synthesis writes one for the next run', async () => {
    const dir = tempDir();
    try {
      const out = path.join(dir, 'command.js');
      fs.writeFileSync(`${out}.cache`, 'old');
      fs.writeFileSync(path.join(dir, 'yaml-texts.json'), '{}');
      await bundle(path.join(PROJECT_ROOT, 'platform-command.ts'), out);
      expect([fs.existsSync(out), fs.existsSync(`${out}.map`), fs.existsSync(`${out}.cache`)]).toEqual([true, true, false]);
      // Texts another yaml may have written go with the old bundle; the bundle's own yaml remembers them.
      expect(fs.existsSync(path.join(dir, 'yaml-texts.json'))).toBe(false);
      expect(fs.readFileSync(out, 'utf8')).toMatch(/stringify: \(\) => import_yaml_texts\.stringify/);
      // ASCII only: V8 keeps it in one byte a character and the launcher reads it as latin1.
      expect(fs.readFileSync(out).findIndex((byte) => byte > 0x7f)).toBe(-1);
      // cdktf's archiver and semver are required where they are used, not as cdktf loads.
      // esbuild names a bundled package's loader require_<name><n>.
      const text = fs.readFileSync(out, 'utf8').replace(/require_(\w+?)\d*\(\)/g, 'require("$1")');
      for (const { replacement } of DEFERRED_REQUIRES) expect(text).toContain(replacement.replace(/^const \w+ = /, ''));
      // Each package the sources import is copied into an ES module namespace once, not once per importing module.
      const copies = [...fs.readFileSync(out, 'utf8').matchAll(/(?<!=> )__toESM\((require_\w+)\(\)\)/g)].map((m) => m[1]);
      expect(copies).toContain('require_k8s');
      expect(copies.filter((name, i) => copies.indexOf(name) !== i)).toEqual([]);
      // cdk8s's generated conversions drop undefined members in one pass, not with a copy per member.
      expect(text).toContain('__definedMembers');
      expect(text).not.toMatch(/\.reduce\(\(r, i\) => i\[1\] === void 0 \? r : \{ \.\.\.r, \[i\[0\]\]: i\[1\] \}, \{\}\)/);
    } finally {
      discard(dir);
    }
    const cwd = tempDir();
    const cache = path.join(PROJECT_ROOT, '.build', 'mlops-platform.js.cache');
    try {
      fs.rmSync(cache, { force: true });
      for (const args of [['spec', '--field', 'name'], ['--help']]) {
        await promisify(execFile)(process.execPath, [launcher, ...args], { cwd, env: { ...process.env, NODE_OPTIONS: '' } });
        expect([args, fs.existsSync(cache)]).toEqual([args, false]);
      }
      await promisify(execFile)(process.execPath, [launcher, 'synth', '--env', 'dev'], { cwd, env: { ...process.env, NODE_OPTIONS: '' } });
      expect(fs.statSync(cache).size).toBeGreaterThan(100_000);
    } finally {
      discard(cwd);
    }
  }, 60_000);

  test('writes exactly what the sources write: the same manifests and stacks, byte for byte', async () => {
    const [bundled, direct] = [tempDir(), tempDir()];
    try {
      await promisify(execFile)(process.execPath, [launcher, 'synth', '--env', 'dev'], { cwd: bundled, env: { ...process.env, NODE_OPTIONS: '' } });
      expect(runCliIn(direct, 'synth', '--env', 'dev').code).toBe(0);
      // The apply steps name the output folder relative to the project; the two runs wrote to different folders.
      const [a, b] = [bundled, direct].map((dir) =>
        Object.fromEntries(Object.entries(tree(dir)).map(([file, text]) => [file, text.replaceAll(path.relative(PROJECT_ROOT, dir), 'OUT')])),
      );
      expect(Object.keys(a).length).toBeGreaterThan(20);
      expect(Object.keys(a)).toEqual(Object.keys(b));
      for (const file of Object.keys(a)) expect([file, a[file] === b[file]]).toEqual([file, true]);
    } finally {
      discard(bundled);
      discard(direct);
    }
  }, 60_000);

  test('synth and spec start Node.js without loading extra CA certificates: they open no connection (50 ms a run where a bundle is set)', async () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
    const cwd = tempDir();
    try {
      // Node.js warns as it starts when it cannot load the certificates it is given.
      const env = { ...process.env, NODE_OPTIONS: '', NODE_EXTRA_CA_CERTS: path.join(cwd, 'missing-ca.pem') };
      const warns = async (command: string) =>
        /Ignoring extra certs/.test((await promisify(execFile)('sh', ['-c', command], { cwd: PROJECT_ROOT, env })).stderr);
      expect(await warns(`${scripts.spec} --env dev --field name`)).toBe(false);
      expect(await warns('node bin/mlops-platform.cjs spec --env dev --field name')).toBe(true);
      expect(scripts.synth).toBe(scripts.spec.replace(/spec$/, 'synth'));
    } finally {
      discard(cwd);
    }
  });

  test('with DEBUG=1 a failure shows where, in the TypeScript sources', async () => {
    const cwd = tempDir();
    try {
      // No kubectl on the PATH: making the Secrets fails at its first call.
      const failure = await promisify(execFile)(process.execPath, [launcher, 'secrets', '--env', 'dev'], {
        cwd,
        env: { ...process.env, PATH: '/nonexistent', NODE_OPTIONS: '', DEBUG: '1' },
      }).catch((error) => error);
      expect(failure.code).toBe(1);
      expect(failure.stderr).toMatch(/secrets failed: kubectl could not run/);
      expect(failure.stderr).toMatch(/\(.*app\/ensure-secrets\.ts:\d+:\d+\)/);
    } finally {
      discard(cwd);
    }
  });
});
