'use strict';
const fs = require('node:fs');

/** Writes `contents` to `file` beside it and renames, so concurrent runs never read half a file. */
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
}

module.exports = { writeAtomically };
