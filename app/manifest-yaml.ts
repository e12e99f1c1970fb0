/**
 * A small YAML emitter for synthesized objects (plain JSON data). General
 * YAML libraries spend most of a large synth formatting; this one writes block
 * style with 2-space indents, leaves a string unquoted only when it cannot be
 * read back as anything but that string, writes multi-line text (configuration
 * files, scripts) as literal blocks so a diff shows the changed line, and
 * double-quotes the rest with JSON escapes (a JSON string is a valid YAML
 * double-quoted scalar).
 */

import * as fs from 'node:fs';

/** Safe unquoted: starts with a letter, `_`, `.` or `/`; no `:`, `#`, quotes or flow indicators; no edge spaces. */
const PLAIN = /^[A-Za-z_./](?:[A-Za-z0-9_./@+=-]| (?! ))*(?<! )$/;
/** Quantities such as `100Gi` or `500m` may start with a digit: digits, one optional fraction, then letters only. */
const QUANTITY_LIKE = /^[0-9]+(\.[0-9]+)?[A-Za-z]+$/;
/** Words YAML 1.1 or 1.2 reads as booleans, null, infinity or not-a-number. */
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~|\.inf|\.nan)$/i;
/**
 * What YAML 1.1 reads as a float although it starts with a dot or the exponent (the mantissa may be empty):
 * `.`, `.5`, `..`, `e0`, `E+5`.
 */
const BARE_FLOAT = /^(\.[0-9._]*([eE][-+]?[0-9]+)?|[eE][-+]?[0-9]+)$/;

/**
 * Texts of strings seen before that hold no line break: keys and label values repeat across thousands of
 * objects, and a value found here is no literal block.
 */
const SCALAR_TEXT = new Map<string, string>();

function scalarText(value: string): string {
  return SCALAR_TEXT.get(value) ?? newScalarText(value);
}

/** The text of a string not in {@link SCALAR_TEXT}, kept there when short and on one line. */
function newScalarText(value: string): string {
  const plain =
    (PLAIN.test(value) || (QUANTITY_LIKE.test(value) && !/^0[xob]/i.test(value) && !/^[0-9]+[eE][0-9]*$/.test(value))) &&
    !RESERVED.test(value) &&
    !BARE_FLOAT.test(value);
  const text = plain ? value : JSON.stringify(value);
  if (value.length <= 64 && !value.includes('\n')) SCALAR_TEXT.set(value, text);
  return text;
}

/**
 * `value` as a literal block (`|`, `|-` or `|+` by its final line breaks)
 * indented by `indent`, or undefined when it is not multi-line text a literal
 * block keeps exactly: printable characters and tabs only, no leading space
 * on the first line, no line that is only spaces before the text starts.
 */
function literalBlock(value: string, indent: string): string[] | undefined {
  if (!value.includes('\n') || /[^\t\n\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]/.test(value) || /^[ \t]/.test(value) || /^\s*\n/.test(value)) return undefined;
  const body = value.replace(/\n+$/, '');
  const breaks = value.length - body.length;
  const header = breaks === 0 ? '|-' : breaks === 1 ? '|' : '|+';
  const lines = (breaks > 1 ? value.slice(0, -1) : body).split('\n');
  return [header, ...lines.map((line) => (line ? `${indent}${line}` : ''))];
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return scalarText(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} to a manifest`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  throw new Error(`cannot write a ${typeof value} to a manifest`);
}

function isCollection(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

function isEmpty(value: object): boolean {
  if (Array.isArray(value)) return value.length === 0;
  for (const _ in value) return false;
  return true;
}

/** Indents by depth: most lines of a manifest start with one. */
const INDENTS: string[] = [''];

function indentOf(depth: number): string {
  for (let d = INDENTS.length; d <= depth; d++) INDENTS.push(`${INDENTS[d - 1]}  `);
  return INDENTS[depth];
}

/** Per depth, the text of each key with its indent, colon and the space before a value. */
const KEY_LINES: Map<string, string>[] = [];

function keyLine(depth: number, key: string): string {
  let texts = KEY_LINES[depth];
  if (!texts) {
    texts = new Map();
    KEY_LINES[depth] = texts;
  }
  let text = texts.get(key);
  if (text === undefined) {
    text = `${indentOf(depth)}${scalarText(key)}: `;
    texts.set(key, text);
  }
  return text;
}

/**
 * The lines of an item that is not a non-empty collection, after `prefix` (which ends in the space or `- ` before
 * it), its block's lines indented to `depth`.
 */
function pushItem(item: unknown, prefix: string, depth: number, out: string[]): void {
  if (typeof item === 'string') {
    // A string seen before holds no line break: one lookup, without the look for a literal block.
    const known = SCALAR_TEXT.get(item);
    const block = known === undefined ? literalBlock(item, indentOf(depth)) : undefined;
    if (block) out.push(prefix + block[0], ...block.slice(1));
    else out.push(prefix + (known ?? newScalarText(item)));
    return;
  }
  out.push(prefix + (isCollection(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item)));
}

/**
 * Writes a non-empty collection at `depth`; its first line starts with `lead` instead (of the same width: `- ` in
 * place of the indent's last two spaces when the collection is an item of a list).
 */
function writeValue(value: object, depth: number, out: string[], lead?: string): void {
  if (Array.isArray(value)) {
    const dash = `${indentOf(depth)}- `;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const prefix = i === 0 && lead !== undefined ? `${lead}- ` : dash;
      if (isCollection(item) && !isEmpty(item)) writeValue(item, depth + 1, out, prefix);
      else pushItem(item, prefix, depth + 1, out);
    }
    return;
  }
  let first = true;
  // Plain data: `for...in` visits the own keys in the order of Object.keys, without making their array.
  for (const key in value) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    // The key's text with the space after its colon; a line that opens a collection ends at the colon.
    const prefix = first && lead !== undefined ? `${lead}${scalarText(key)}: ` : keyLine(depth, key);
    first = false;
    if (isCollection(item) && !isEmpty(item)) {
      out.push(prefix.slice(0, -1));
      writeValue(item, depth + 1, out);
    } else {
      pushItem(item, prefix, depth + 1, out);
    }
  }
}

/** One object as a YAML document, ending in a line break. */
function documentYaml(object: object): string {
  const lines: string[] = [];
  writeValue(object, 0, lines);
  return `${lines.join('\n')}\n`;
}

/** Multi-document YAML of `objects`, separated by `---`. */
export function manifestYaml(objects: readonly object[]): string {
  return objects.map(documentYaml).join('---\n');
}

/** Bytes gathered before each write of {@link writeManifestFile}. */
const WRITE_BATCH = 1 << 20;

/**
 * Writes `manifestYaml(objects)` to `file` a batch of documents at a time, so
 * a file of tens of megabytes (the tenants' at 1000 users) is never held whole.
 */
export function writeManifestFile(file: string, objects: readonly object[]): void {
  const fd = fs.openSync(file, 'w');
  try {
    let batch = '';
    for (let i = 0; i < objects.length; i++) {
      batch += `${i > 0 ? '---\n' : ''}${documentYaml(objects[i])}`;
      if (batch.length >= WRITE_BATCH) {
        writeAll(fd, batch);
        batch = '';
      }
    }
    writeAll(fd, batch);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes all of `text` (a write may take fewer bytes than given). */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let written = 0; written < bytes.length; ) written += fs.writeSync(fd, bytes, written);
}
