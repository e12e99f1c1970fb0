'use strict';
/**
 * The `yaml` library's `stringify` and `parse`, remembered across runs of the bundled command. A synthesis writes
 * the same documents run after run (Helm values, Kubeflow patches, configuration files) and reads some back (the
 * guardrails read Helm values), and the library's code runs cold each time: 40-50 ms of a 0.3 s synthesis for
 * 40 KB of text. A text is remembered for a value of plain JSON data (plain objects and arrays, strings, finite
 * numbers, booleans, null), under a hash of that JSON and the options, and a parsed document under a hash of its
 * text; anything else goes to the library as it is. The texts a run used are kept in `file` as it exits, beside
 * those of earlier runs while they fit in {@link KEPT_BYTES}; the launcher removes the file with each new bundle,
 * which may hold another version of the library.
 */
const fs = require('node:fs');
const { writeAtomically } = require('./write-atomically.cjs');

/** Loaded at the first text remembered (the launcher reads this module too, and hashes nothing). */
let crypto;

/** Bytes of remembered texts kept from earlier runs beside the last run's own. */
const KEPT_BYTES = 1 << 20;

/** Whether `value` is plain JSON data that JSON.stringify writes whole and one-to-one with what yaml writes. */
function isPlainData(value) {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value) || !isPlainData(value[i])) return false;
    return true;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  // An undefined member is left out by both, unless the options keep it (then the value is not remembered: see below).
  for (const key of Object.keys(value)) if (value[key] !== undefined && !isPlainData(value[key])) return false;
  return true;
}

/** Whether `value` holds an undefined member anywhere (yaml's `keepUndefined` writes it; JSON leaves it out). */
function holdsUndefined(value) {
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some((member) => member === undefined || holdsUndefined(member));
}

/**
 * yaml's `stringify` and `parse` remembering what they give in `file` (see the module's description); `atExit` is
 * given what writes the file once the run has something the file lacks. A parsed document is remembered as its
 * JSON when it is plain data and the library warned of nothing (a remembered one would not warn again), and each
 * call gets its own copy.
 */
function rememberedYaml(yaml, file, atExit = (save) => process.once('exit', save)) {
  let texts;
  let missed = false;
  const used = new Map();
  const load = () => {
    try {
      return new Map(Object.entries(JSON.parse(fs.readFileSync(file, 'utf8'))));
    } catch {
      return new Map(); // none yet, or not readable: every text is written afresh
    }
  };
  const save = () => {
    let size = 0;
    for (const text of used.values()) size += text.length;
    const kept = new Map(used);
    for (const [key, text] of texts) {
      if (kept.has(key) || size + text.length > KEPT_BYTES) continue;
      kept.set(key, text);
      size += text.length;
    }
    try {
      writeAtomically(file, JSON.stringify(Object.fromEntries(kept)));
    } catch {
      // a folder that cannot be written: the next run writes its texts afresh
    }
  };
  /** The remembered text under the hash of `call`, made by `make` (or not kept, when it gives undefined) if none. */
  const remembered = (call, make) => {
    crypto ??= require('node:crypto');
    const key = crypto.createHash('sha256').update(JSON.stringify(call)).digest('base64');
    if (texts === undefined) texts = load();
    const known = used.get(key) ?? texts.get(key);
    if (typeof known === 'string') {
      used.set(key, known);
      return known;
    }
    const text = make();
    if (text === undefined) return undefined;
    if (!missed) atExit(save);
    missed = true;
    used.set(key, text);
    return text;
  };
  const stringify = (value, replacer, options) => {
    const args = [value, replacer ?? null, options ?? null];
    const keepsUndefined = [replacer, options].some((o) => o !== null && typeof o === 'object' && o.keepUndefined);
    if (typeof replacer === 'function' || Array.isArray(replacer) || !isPlainData(args) || (keepsUndefined && holdsUndefined(value))) {
      return yaml.stringify(value, replacer, options);
    }
    return remembered(['stringify', ...args], () => yaml.stringify(value, replacer, options));
  };
  const parse = (src, reviver, options) => {
    const args = [src, reviver ?? null, options ?? null];
    if (typeof src !== 'string' || typeof reviver === 'function' || !isPlainData(args)) return yaml.parse(src, reviver, options);
    let parsed;
    let madeHere = false;
    const json = remembered(['parse', ...args], () => {
      madeHere = true;
      const emitWarning = process.emitWarning;
      let warned = false;
      process.emitWarning = function (...warning) {
        warned = true;
        return emitWarning.apply(this, warning);
      };
      try {
        parsed = yaml.parse(src, reviver, options);
      } finally {
        process.emitWarning = emitWarning;
      }
      return !warned && isPlainData(parsed) ? JSON.stringify(parsed) : undefined;
    });
    // Parsed here, the document itself; remembered, a copy of its own.
    return madeHere ? parsed : JSON.parse(json);
  };
  return { stringify, parse };
}

/** The file beside the bundle that keeps the texts. */
const TEXTS_FILE = 'yaml-texts.json';

let bundled;

/** What the bundle's yaml remembers beside the bundle that holds this module (its `__dirname` there). */
function bundledYaml() {
  bundled ??= rememberedYaml(require('yaml'), `${__dirname}/${TEXTS_FILE}`);
  return bundled;
}

/** yaml's `stringify`, remembered. */
function stringify(value, replacer, options) {
  return bundledYaml().stringify(value, replacer, options);
}

/** yaml's `parse`, remembered. */
function parse(src, reviver, options) {
  return bundledYaml().parse(src, reviver, options);
}

module.exports = { rememberedYaml, stringify, parse, KEPT_BYTES, TEXTS_FILE };
