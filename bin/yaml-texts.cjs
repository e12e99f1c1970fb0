'use strict';
/**
 * The `yaml` library's `stringify`, remembered across runs of the bundled command. A synthesis writes the same
 * documents run after run (Helm values, Kubeflow patches, configuration files), and the library's code runs cold
 * each time: 30-40 ms of a 0.3 s synthesis for 40 KB of text. A text is remembered for a value of plain JSON data
 * (plain objects and arrays, strings, finite numbers, booleans, null), under a hash of that JSON and the options;
 * anything else is written by the library as it is. The texts a run used are kept in `file` as it exits, beside
 * those of earlier runs while they fit in {@link KEPT_BYTES}; the launcher removes the file with each new bundle,
 * which may hold another version of the library.
 */
const fs = require('node:fs');

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
 * `stringify` remembering its texts in `file` (see the module's description); `atExit` is given what writes the
 * file once the run has a text the file lacks.
 */
function rememberedStringify(stringify, file, atExit = (save) => process.once('exit', save)) {
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
      const temporary = `${file}.${process.pid}`;
      fs.writeFileSync(temporary, JSON.stringify(Object.fromEntries(kept)));
      fs.renameSync(temporary, file);
    } catch {
      // a folder that cannot be written: the next run writes its texts afresh
    }
  };
  return function stringifyRemembered(value, replacer, options) {
    const args = [value, replacer ?? null, options ?? null];
    const keepsUndefined = [replacer, options].some((o) => o !== null && typeof o === 'object' && o.keepUndefined);
    if (typeof replacer === 'function' || Array.isArray(replacer) || !isPlainData(args) || (keepsUndefined && holdsUndefined(value))) {
      return stringify(value, replacer, options);
    }
    crypto ??= require('node:crypto');
    const key = crypto.createHash('sha256').update(JSON.stringify(args)).digest('base64');
    if (texts === undefined) texts = load();
    let text = used.get(key) ?? texts.get(key);
    if (typeof text !== 'string') {
      text = stringify(value, replacer, options);
      if (!missed) atExit(save);
      missed = true;
    }
    used.set(key, text);
    return text;
  };
}

/** The file beside the bundle that keeps the texts. */
const TEXTS_FILE = 'yaml-texts.json';

let bundled;

/** yaml's `stringify` remembering its texts beside the bundle that holds this module (its `__dirname` there). */
function stringify(value, replacer, options) {
  bundled ??= rememberedStringify(require('yaml').stringify, `${__dirname}/${TEXTS_FILE}`);
  return bundled(value, replacer, options);
}

module.exports = { rememberedStringify, stringify, KEPT_BYTES, TEXTS_FILE };
