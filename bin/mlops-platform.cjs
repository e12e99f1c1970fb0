#!/usr/bin/env node
/**
 * `mlops-platform`: runs the platform's command (platform-command.ts) from one
 * bundled file, .build/mlops-platform.js, which loads in a fraction of the time
 * the TypeScript sources take through tsx. Before each run it compares the
 * bundle with the sources (a few milliseconds of stat calls) and bundles again
 * with esbuild when any is newer, shaping six things as it bundles (the
 * plugins below). The bundle is compiled with V8's code cache
 * (.build/mlops-platform.js.cache, written after the first run of a bundle:
 * a quarter of a small synth is compiling it otherwise), and its YAML
 * library remembers the texts it writes and reads (.build/yaml-texts.json,
 * bin/yaml-texts.cjs). DEBUG=1 maps stack traces to the sources.
 */
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');
const { writeAtomically } = require('./write-atomically.cjs');
const { TEXTS_FILE } = require('./yaml-texts.cjs');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'platform-command.ts');
const BUNDLE = path.join(ROOT, '.build', 'mlops-platform.js');
/** What the bundle is made of: every TypeScript source outside the tests, and the installed packages. */
const SOURCE_DIRS = ['app', 'charts', 'constructs', 'environments', 'imports', 'scripts', 'stacks'];
const SOURCE_FILES = ['platform-command.ts', 'package-lock.json'];

/** The newest modification time among the sources under `root`, in milliseconds. */
function newestSource(root) {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = `${dir}${path.sep}${entry.name}`; // path.join normalizes: half the time of the check
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(root, dir))) visit(path.join(root, dir));
  for (const file of SOURCE_FILES) if (fs.existsSync(path.join(root, file))) newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
  return newest;
}

/** Whether the bundle at `bundle` is missing or older than a source under `root`. */
function isStale(root, bundle) {
  return !fs.existsSync(bundle) || fs.statSync(bundle).mtimeMs < newestSource(root);
}

/**
 * Packages cdktf requires as it loads and uses only for what synthesis never does (zip archives of assets, checking
 * a command's version): the bundle requires them at first use instead, which takes 18 ms off each run. Each line
 * is cdktf's at the pinned version (0.21); bundling fails if one is gone, so an upgrade shows it.
 */
const DEFERRED_REQUIRES = [
  {
    file: 'node_modules/cdktf/lib/private/fs.js',
    line: 'const archiver = require("archiver");',
    replacement: 'const archiver = (...args) => require("archiver")(...args);',
  },
  {
    file: 'node_modules/cdktf/lib/validations/validate-binary-version.js',
    line: 'const semver = require("semver");',
    replacement: 'const semver = { satisfies: (...args) => require("semver").satisfies(...args) };',
  },
];

/**
 * cdktf records where each of its tokens was made, a stack trace formatted as text (15 ms of each run), to name it
 * if the token fails to resolve. Frames of the bundle point into the bundle, not the sources: the bundle records
 * them with DEBUG=1 (source-mapped) and otherwise says how to. The line is cdktf's at the pinned version (0.21).
 */
const CREATION_STACKS = [
  {
    file: 'node_modules/cdktf/lib/tokens/private/stack-trace.js',
    line: '    below = below || captureStackTrace; // hide myself if nothing else',
    replacement: [
      '    if (!RECORDS_STACKS) return [STACKS_NOT_RECORDED];',
      '    below = below || captureStackTrace; // hide myself if nothing else',
    ].join('\n'),
  },
  {
    file: 'node_modules/cdktf/lib/tokens/private/stack-trace.js',
    line: 'exports.captureStackTrace = captureStackTrace;',
    replacement: [
      'exports.captureStackTrace = captureStackTrace;',
      'const RECORDS_STACKS = Boolean(process.env.DEBUG);',
      "const STACKS_NOT_RECORDED = '(where a token was made is recorded with DEBUG=1)';",
    ].join('\n'),
  },
];

/**
 * cdktf resolves each Terraform element three times, and each value of it by a call that named the value's path
 * for an error message (`"/" + prefix.join("/")`, made whether it threw or not) and passed its options on as a
 * spread-first literal, which V8 gives a hidden class of its own at each top-level call, so every read of the
 * options missed its inline cache: the path is made where an error is thrown, the options are listed (cdktf's
 * `IResolveOptions`: scope, preparing, resolver, prefix, previousContext). A fifth to a third of its synthesis
 * (onprem 49 -> 38 ms, 1000 users 198 -> 138 ms). Each line is cdktf's at the pinned version (0.21).
 */
const RESOLVE_JS = 'node_modules/cdktf/lib/tokens/private/resolve.js';
const RESOLVE_PATH = '"/" + prefix.join("/")';
const LEAN_RESOLVE = [
  { file: RESOLVE_JS, line: `    const pathName = ${RESOLVE_PATH};\n`, replacement: '' },
  ...[
    'unableToResolveCircularReference)(pathName)',
    'cannotResolveFunction)(pathName, obj)',
    'constructsCannotBeResolved)(pathName)',
    'mapKeyMustResolveToString)(pathName, key, resolvedKey)',
  ].map((line) => ({ file: RESOLVE_JS, line, replacement: line.replace('pathName', RESOLVE_PATH) })),
  {
    file: RESOLVE_JS,
    line: ['{', '                    ...options,', '                    prefix: newPrefix,', '                    previousContext: context,', '                }'].join('\n'),
    replacement: '{ scope: options.scope, preparing: options.preparing, resolver: options.resolver, prefix: newPrefix, previousContext: context }',
  },
];

/**
 * What each construct (46,000 at 1000 users) and each Kubernetes object (33,000) kept and most never used: a
 * node's dependency Set, children, context, metadata and validations; the construct's dependency trait; an
 * object's annotations, finalizers, owner references, patches, and a second copy of its name, namespace and labels
 * (cdk8s kept its metadata options whole). They share empty frozen ones until they add to them,
 * the trait is made when asked, and the metadata keeps only the attributes it has no member for: peak memory at
 * 1000 users 245 -> 204 MiB, and what survives is what the garbage collector copies. Each line is the package's
 * at its pinned version (constructs 10.4, cdk8s 2.70), where the member is made or added to; the rest read it.
 */
const CONSTRUCT_JS = 'node_modules/constructs/lib/construct.js';
const METADATA_JS = 'node_modules/cdk8s/lib/metadata.js';
const API_OBJECT_JS = 'node_modules/cdk8s/lib/api-object.js';
/** Before the line `line` of `file` adds to `member`, makes it the instance's own with `make` if it is still `empty`. */
const ownedBeforeAdding = (file, line, member, empty, make) => ({
  file,
  line,
  replacement: `${line.match(/^ */)[0]}if (this.${member} === ${empty}) this.${member} = ${make};\n${line}`,
});
const LEAN_CONSTRUCTS = [
  {
    file: CONSTRUCT_JS,
    line: "const CONSTRUCT_SYM = Symbol.for('constructs.Construct');",
    replacement: [
      "const CONSTRUCT_SYM = Symbol.for('constructs.Construct');",
      'const NO_DEPENDENCIES = new Set();',
      'const NO_MEMBERS = Object.freeze({});',
      'const NO_ITEMS = Object.freeze([]);',
    ].join('\n'),
  },
  { file: CONSTRUCT_JS, line: '        this._children = {};', replacement: '        this._children = NO_MEMBERS;' },
  { file: CONSTRUCT_JS, line: '        this._context = {};', replacement: '        this._context = NO_MEMBERS;' },
  { file: CONSTRUCT_JS, line: '        this._metadata = new Array();', replacement: '        this._metadata = NO_ITEMS;' },
  { file: CONSTRUCT_JS, line: '        this._dependencies = new Set();', replacement: '        this._dependencies = NO_DEPENDENCIES;' },
  { file: CONSTRUCT_JS, line: '        this._validations = new Array();', replacement: '        this._validations = NO_ITEMS;' },
  ownedBeforeAdding(CONSTRUCT_JS, '        this._children[childName] = child;', '_children', 'NO_MEMBERS', '{}'),
  ownedBeforeAdding(CONSTRUCT_JS, '        this._context[key] = value;', '_context', 'NO_MEMBERS', '{}'),
  ownedBeforeAdding(CONSTRUCT_JS, '        this._metadata.push({ type, data, trace });', '_metadata', 'NO_ITEMS', '[]'),
  ownedBeforeAdding(CONSTRUCT_JS, '            this._dependencies.add(d);', '_dependencies', 'NO_DEPENDENCIES', 'new Set()'),
  ownedBeforeAdding(CONSTRUCT_JS, '        this._validations.push(validation);', '_validations', 'NO_ITEMS', '[]'),
  {
    file: CONSTRUCT_JS,
    line: ['        dependency_1.Dependable.implement(this, {', '            dependencyRoots: [this],', '        });'].join('\n'),
    replacement: '        // (through Construct.prototype, below)',
  },
  {
    file: CONSTRUCT_JS,
    line: 'exports.Construct = Construct;',
    replacement: [
      'exports.Construct = Construct;',
      "const DEPENDABLE_TRAIT = Symbol.for('@aws-cdk/core.DependableTrait');",
      'Object.defineProperty(Construct.prototype, DEPENDABLE_TRAIT, {',
      '    get() { return { dependencyRoots: [this] }; },',
      '    set(trait) { Object.defineProperty(this, DEPENDABLE_TRAIT, { value: trait, writable: true, enumerable: true, configurable: true }); },',
      '    configurable: true,',
      '});',
    ].join('\n'),
  },
  {
    file: METADATA_JS,
    line: 'const resolve_1 = require("./resolve");',
    replacement: [
      'const resolve_1 = require("./resolve");',
      'const NO_MEMBERS = Object.freeze({});',
      'const NO_ITEMS = Object.freeze([]);',
      "const NAMED = new Set(['apiObject', 'name', 'namespace', 'labels', 'annotations', 'finalizers', 'ownerReferences']);",
      'function additionalAttributes(options) {',
      '    let extra = NO_MEMBERS;',
      '    for (const key of Object.keys(options)) if (!NAMED.has(key)) { if (extra === NO_MEMBERS) extra = {}; extra[key] = options[key]; }',
      '    return extra;',
      '}',
    ].join('\n'),
  },
  {
    file: METADATA_JS,
    line: '        this.annotations = { ...(options.annotations ?? {}) };',
    replacement: '        this.annotations = options.annotations ? { ...options.annotations } : NO_MEMBERS;',
  },
  {
    file: METADATA_JS,
    line: '        this.finalizers = options.finalizers ? [...options.finalizers] : [];',
    replacement: '        this.finalizers = options.finalizers ? [...options.finalizers] : NO_ITEMS;',
  },
  {
    file: METADATA_JS,
    line: '        this.ownerReferences = options.ownerReferences ? [...options.ownerReferences] : [];',
    replacement: '        this.ownerReferences = options.ownerReferences ? [...options.ownerReferences] : NO_ITEMS;',
  },
  {
    file: METADATA_JS,
    line: [
      '        this._additionalAttributes = options;',
      '        // otherwise apiObject is passed to the resolving logic, which expectadly fails',
      '        delete this._additionalAttributes.apiObject;',
    ].join('\n'),
    replacement: '        this._additionalAttributes = additionalAttributes(options);',
  },
  ownedBeforeAdding(METADATA_JS, '        this.annotations[key] = value;', 'annotations', 'NO_MEMBERS', '{}'),
  ownedBeforeAdding(METADATA_JS, '        this.finalizers.push(...finalizers);', 'finalizers', 'NO_ITEMS', '[]'),
  ownedBeforeAdding(METADATA_JS, '        this.ownerReferences.push(owner);', 'ownerReferences', 'NO_ITEMS', '[]'),
  ownedBeforeAdding(METADATA_JS, '        this._additionalAttributes[key] = value;', '_additionalAttributes', 'NO_MEMBERS', '{}'),
  {
    file: API_OBJECT_JS,
    line: "const API_OBJECT_SYMBOL = Symbol.for('cdk8s.ApiObject');",
    replacement: "const API_OBJECT_SYMBOL = Symbol.for('cdk8s.ApiObject');\nconst NO_PATCHES = Object.freeze([]);",
  },
  { file: API_OBJECT_JS, line: '        this.patches = new Array();', replacement: '        this.patches = NO_PATCHES;' },
  // An object is marked as one by its class, as constructs marks a construct: defined on each instance, the mark
  // cost a call into the runtime per object (13 ms at 1000 users). `isApiObject` asks `in`, which the prototype answers.
  { file: API_OBJECT_JS, line: '        Object.defineProperty(this, API_OBJECT_SYMBOL, { value: true });\n', replacement: '' },
  {
    file: API_OBJECT_JS,
    line: 'exports.ApiObject = ApiObject;',
    replacement: 'exports.ApiObject = ApiObject;\nObject.defineProperty(ApiObject.prototype, API_OBJECT_SYMBOL, { value: true });',
  },
  // An object's members are its constructor's assignments alone: declared as class fields, each is defined first on
  // the hidden class of each Kube* class (30 of them), where V8's define is slowest (60 ms of building 1000 users).
  ...['props', 'name', 'apiVersion', 'apiGroup', 'kind', 'chart', 'metadata', 'patches'].map((member) => ({
    file: API_OBJECT_JS,
    line: `\n    ${member};\n`,
    replacement: '\n',
  })),
  ownedBeforeAdding(API_OBJECT_JS, '        this.patches.push(...ops);', 'patches', 'NO_PATCHES', '[]'),
];

/** The edits (`{ file, line, replacement }`) of each file. */
function editsByFile(edits) {
  const byFile = new Map();
  for (const { file, line, replacement } of edits) byFile.set(file, [...(byFile.get(file) ?? []), { line, replacement }]);
  return byFile;
}

/** `source` with each line of `edits` replaced; fails unless each line is there exactly once. */
function applyEdits(file, source, edits) {
  let edited = source;
  for (const { line, replacement } of edits) {
    if (edited.split(line).length !== 2) throw new Error(`${file}: expected the line ${line} once`);
    edited = edited.replace(line, () => replacement);
  }
  return edited;
}

/** Every edit of the installed packages' files. */
const PACKAGE_EDITS = [...DEFERRED_REQUIRES, ...CREATION_STACKS, ...LEAN_RESOLVE, ...LEAN_CONSTRUCTS];

/** An esbuild plugin that loads the files of {@link PACKAGE_EDITS} with their lines replaced. */
const editPackageSources = {
  name: 'edit-package-sources',
  setup(build) {
    for (const [file, edits] of editsByFile(PACKAGE_EDITS)) {
      const filter = new RegExp(`${file.split('/').map(escapeRegExp).join('[\\\\/]')}$`);
      build.onLoad({ filter }, (args) => ({ contents: applyEdits(args.path, fs.readFileSync(args.path, 'utf8'), edits), loader: 'js' }));
    }
  },
};

/** What the facade of `yaml` adds: its `stringify` and `parse` remembering what they give across runs (bin/yaml-texts.cjs). */
const REMEMBERED_YAML = `export { stringify, parse } from ${JSON.stringify(path.join(__dirname, 'yaml-texts.cjs'))};\n`;

/**
 * An esbuild plugin that gives each package the sources import one ES module facade (`export * from '<package>'`).
 * esbuild copies a CommonJS module's exports into a namespace object for every ES module that imports it
 * (`__toESM`): 22 modules importing cdk8s-plus-28's 583 Kubernetes classes made over 10,000 getters as the bundle
 * loaded. Through the facade each package is copied once (15 ms of each run).
 */
const sharedPackageImports = {
  name: 'shared-package-imports',
  setup(build) {
    const builtins = new Set(Module.builtinModules);
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const fromSources = args.namespace === 'file' && !/[\\/]node_modules[\\/]/.test(args.importer);
      if (!fromSources || args.kind !== 'import-statement' || args.path.startsWith('node:') || builtins.has(args.path)) return undefined;
      return { path: args.path, namespace: 'package-facade' };
    });
    build.onLoad({ filter: /.*/, namespace: 'package-facade' }, (args) => ({
      contents: `export * from ${JSON.stringify(args.path)};\n${args.path === 'yaml' ? REMEMBERED_YAML : ''}`,
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};

/**
 * What code generated by cdk8s (cdk8s-plus-28's `k8s.js`, the project's `imports/`) writes to drop undefined
 * members, `Object.entries(o).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: convert(i[1]) }), {})`,
 * in one pass: the reduce copies the object once for each member it keeps (a quarter of a second at 1000 users),
 * each copy with a hidden class of its own. Members keep their order; `convert` (when the generated code converts
 * each value: a quantity's `.value`, a struct's conversion) is applied to each defined value, and what it returns
 * is kept, undefined too; a `__proto__` key stays an own member, as the spread makes it.
 */
function definedMembers(o, convert) {
  const r = {};
  for (const k of Object.keys(o)) {
    const given = o[k];
    if (given === undefined) continue;
    const v = convert === undefined ? given : convert(given);
    if (k === '__proto__') Object.defineProperty(r, k, { value: v, writable: true, enumerable: true, configurable: true });
    else r[k] = v;
  }
  return r;
}

/** The generated spread-in-reduce over a member or a local name, each value as it is or converted (`i[1]` in it). */
const SPREAD_REDUCE = /Object\.entries\(([\w.]+)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: (.+?) \}\), \{\}\)/g;

/** `__definedMembers` for a spread-in-reduce of {@link SPREAD_REDUCE}: its value as the conversion, unless that is `i[1]`. */
function definedMembersCall(_generated, members, value) {
  return value === 'i[1]' ? `__definedMembers(${members})` : `__definedMembers(${members}, (v) => ${value.replaceAll('i[1]', 'v')})`;
}

/**
 * A generated struct conversion: an object literal of every member, one `'key': value,` a line, then the
 * spread-in-reduce over it.
 */
const STRUCT_CONVERSION = new RegExp(
  [
    /^( +)const result = \{\n/,
    /((?: +'[^'\\]+': .*,\n)*)/,
    /\1\};\n\1\/\/ filter undefined values\n/,
    /\1return Object\.entries\(result\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\] \}\), \{\}\);$/,
  ]
    .map((part) => part.source)
    .join(''),
  'gm',
);

/**
 * What the generated Kubernetes classes write to put apiVersion and kind first, `{ ...Kind.GVK, ...members }`, as
 * the spread makes it (own enumerable members in order, getters read once, a later member taking an earlier one's
 * value in its place, a `__proto__` key an own member) but from shared hidden classes: V8 gave each object that
 * spread made (every object's props as constructed, every rendered object) a hidden class of its own, 25,000 at
 * 1000 users, and every cache that code reading them keeps by hidden class missed (a quarter of a second over
 * building, rendering, the guardrails and the YAML).
 */
function withGvk(gvk, members) {
  const o = {};
  for (const from of [gvk, members]) {
    if (from === null || from === undefined) continue;
    // Object.assign copies as the spread does, but sets `__proto__` where the spread makes a member of it.
    if (!Object.hasOwn(from, '__proto__')) Object.assign(o, from);
    else
      for (const k of Reflect.ownKeys(Object(from)))
        if (Object.prototype.propertyIsEnumerable.call(from, k))
          Object.defineProperty(o, k, { value: from[k], writable: true, enumerable: true, configurable: true });
  }
  return o;
}

/** The generated spread of a class's GVK and members (the props it is given, or its converted props). */
const GVK_SPREAD = /\{\n +\.\.\.(\w+)\.GVK,\n +\.\.\.([^\n]+),\n +\}/g;

/**
 * The generated conversions in `source` without copies: a struct conversion assigns each member that is defined,
 * in the literal's order, to the object it returns (the literal and its filtered copy were two objects a struct,
 * 50 ms of each rendering at 1000 users); the other spread-in-reduces (maps) go through {@link definedMembers}.
 * A literal with a `__proto__` key (which would set the prototype) stays as generated.
 */
function convertWithoutCopies(source) {
  const structs = source.replace(STRUCT_CONVERSION, (generated, indent, members) => {
    const entries = [...members.matchAll(/^ +'([^']+)': (.*),$/gm)].map(([, key, value]) => ({ key, value }));
    if (entries.some(({ key }) => key === '__proto__')) return generated;
    return [
      `${indent}const result = {};`,
      `${indent}let member;`,
      ...entries.map(({ key, value }) => `${indent}if ((member = ${value}) !== undefined) result['${key}'] = member;`),
      `${indent}return result;`,
    ].join('\n');
  });
  const helpers = [definedMembers, withGvk].map((helper) => helper.toString().replace(helper.name, `__${helper.name}`));
  return `${structs.replace(SPREAD_REDUCE, definedMembersCall).replace(GVK_SPREAD, '__withGvk($1.GVK, $2)')}\n${helpers.join('\n')}\n`;
}

/** An esbuild plugin that loads cdk8s's generated conversions through {@link convertWithoutCopies}. */
const conversionsWithoutCopies = {
  name: 'conversions-without-copies',
  setup(build) {
    const generated = /([\\/]cdk8s-plus-28[\\/]lib[\\/]imports[\\/]k8s\.js|[\\/]imports[\\/][^\\/]+\.ts)$/;
    const projectImports = path.join(ROOT, 'imports');
    build.onLoad({ filter: generated }, (args) => {
      if (args.path.endsWith('.ts') && path.dirname(args.path) !== projectImports) return undefined;
      return { contents: convertWithoutCopies(fs.readFileSync(args.path, 'utf8')), loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Bundles the command (source-mapped, not minified) and drops the old bundle's code cache and remembered YAML texts. */
async function bundle(entry, outfile) {
  const result = await require('esbuild').build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    write: false,
    logLevel: 'warning',
    // The scripts run themselves when they are the main module (`tsx scripts/x.ts`); inside the bundle none is.
    define: { 'require.main': 'undefined' },
    plugins: [editPackageSources, sharedPackageImports, conversionsWithoutCopies],
  });
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  for (const file of result.outputFiles) writeAtomically(file.path, file.path === outfile ? asciiOnly(file.text) : file.contents);
  fs.rmSync(`${outfile}.cache`, { force: true });
  fs.rmSync(path.join(path.dirname(outfile), TEXTS_FILE), { force: true });
}

/**
 * The bundle with its last non-ASCII characters (in comments esbuild keeps from the packages; it escapes those in
 * code) as `?`, one for each UTF-16 unit so source-map columns hold: V8 keeps an ASCII source in half the memory
 * and Node.js decodes it in a tenth of the time (18 ms of a run otherwise).
 */
function asciiOnly(text) {
  return text.replace(/[^\x00-\x7f]/g, '?');
}

/**
 * Loads the bundle as `require` would, compiled with the code cache beside it; when there is none (or V8 refuses
 * it: another bundle, another Node.js) and this run synthesizes, writes one as the process exits, with what the
 * synthesis compiled (what most runs need).
 */
function loadWithCodeCache(file, synthesizes) {
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // none yet, or just replaced by another run
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'latin1')), { filename: file, cachedData });
  if (synthesizes && (!cachedData || script.cachedDataRejected)) process.once('exit', () => writeAtomically(cacheFile, script.createCachedData()));
  const loaded = new Module(file, module);
  loaded.filename = file;
  loaded.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext().call(loaded.exports, loaded.exports, (id) => loaded.require(id), loaded, file, path.dirname(file));
  loaded.loaded = true;
  return loaded.exports;
}

/** Whether a command line synthesizes (the default command, `synth` or its options first; not the usage). */
function isSynthesis(argv) {
  const [name = 'synth'] = argv;
  return name === 'synth' || (name.startsWith('-') && name !== '--help' && name !== '-h');
}

/** Runs the command line in this process, from the bundle. */
function run(argv) {
  // DEBUG=1: loaded by require, whose compiler applies the source map to stack traces.
  if (process.env.DEBUG) process.setSourceMapsEnabled(true);
  const command = process.env.DEBUG ? require(BUNDLE) : loadWithCodeCache(BUNDLE, isSynthesis(argv));
  command.runPlatformCommand(argv);
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (!isStale(ROOT, BUNDLE)) run(argv);
  else
    bundle(ENTRY, BUNDLE).then(
      () => run(argv),
      (error) => {
        process.stderr.write(`bundling ${ENTRY} failed: ${error.message}\n`);
        process.exitCode = 1;
      },
    );
}

module.exports = { isStale, newestSource, bundle, DEFERRED_REQUIRES, PACKAGE_EDITS, applyEdits, definedMembers, withGvk, convertWithoutCopies };
