import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { PackManifest } from '../../../../apis/sdk';
import type { Logger } from '../../log/logger';
import { copyFolder } from './copy-folder';
import { DEFAULT_MAX_BYTES, ExtractBudget, settlePackRoot } from './extract-guard';
import { extractTgz } from './extract-tgz';
import { extractZip } from './extract-zip';
import { DEFAULT_REGISTRY_URL, downloadFromRegistry, parseNpmSpec } from './npm-registry';
import { PackError } from './pack-error';
import { readPackManifest } from './read-manifest';
import { errorMessage } from '../../../shared/errors';

export type PackSourceKind = 'folder' | 'tgz' | 'zip' | 'npm';

/** An unpacked, validated pack in a temporary folder, not yet known to the registry. */
export interface PackSource {
  /** A fresh folder under workDir holding the unpacked pack (the caller may move it elsewhere). */
  dir: string;
  manifest: PackManifest;
  /** Where it came from: an absolute path, or for npm the spec as asked (so an update re-resolves it). */
  source: { kind: PackSourceKind; ref: string; integrity?: string };
  /** Removes the temporary folder (and `dir`, unless it was moved out). Safe to call twice. */
  dispose(): Promise<void>;
}

export interface FetchPackSourceOptions {
  workDir: string;
  signal?: AbortSignal;
  logger: Logger;
  /** Default https://registry.npmjs.org. */
  registryUrl?: string;
  fetchImpl?: typeof fetch;
  /** Largest unpacked size in bytes; default 50 MB. */
  maxBytes?: number;
}

/**
 * Fetches a pack from a folder, a .tgz/.tar.gz, a .zip or an npm package spec, unpacks it safely into a
 * fresh folder under workDir and validates its manifest. Throws PackError (or the signal's reason when
 * aborted); on any failure nothing is left under workDir.
 */
export async function fetchPackSource(spec: string, options: FetchPackSourceOptions): Promise<PackSource> {
  const target = classify(spec);
  const { signal } = options;
  const logger = options.logger.child('pack-source');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const budget = new ExtractBudget(maxBytes);
  signal?.throwIfAborted();
  await mkdir(options.workDir, { recursive: true });
  const stage = await mkdtemp(join(options.workDir, 'pack-'));
  const unpacked = join(stage, 'unpacked');
  try {
    let dir: string;
    let source: PackSource['source'];
    let expectedName: string | undefined;
    if (target.kind === 'folder') {
      if (await isWithin(target.path, options.workDir)) throw new PackError('BAD_SOURCE', `${target.path}: the work folder lies inside the pack folder`);
      dir = join(stage, 'pack');
      await copyFolder(target.path, dir, budget, signal);
      source = { kind: 'folder', ref: target.path };
    } else if (target.kind === 'npm') {
      const tarball = join(stage, 'download.tgz');
      const registryUrl = options.registryUrl ?? DEFAULT_REGISTRY_URL;
      logger.info('fetching pack from the npm registry', { spec: target.spec, registryUrl });
      const fetched = await downloadFromRegistry(target.npm, tarball, {
        registryUrl,
        fetchImpl: options.fetchImpl ?? fetch,
        logger,
        maxBytes: maxBytes + 1024 * 1024,
        signal,
      });
      await extractTgz(tarball, unpacked, budget, signal);
      await rm(tarball, { force: true });
      dir = await settlePackRoot(stage, unpacked);
      source = { kind: 'npm', ref: target.spec, integrity: fetched.integrity };
      expectedName = target.npm.name;
    } else {
      const integrity = await hashArchive(target.path, maxBytes, signal);
      await (target.kind === 'tgz' ? extractTgz : extractZip)(target.path, unpacked, budget, signal);
      dir = await settlePackRoot(stage, unpacked);
      source = { kind: target.kind, ref: target.path, integrity };
    }
    const manifest = await readPackManifest(dir, expectedName ?? spec);
    if (expectedName !== undefined && manifest.name !== expectedName) {
      throw new PackError('BAD_MANIFEST', `pack ${expectedName}: the package's manifest names a different pack (${manifest.name})`, expectedName);
    }
    logger.info('pack source ready', { pack: manifest.name, version: manifest.version, kind: source.kind, files: budget.entries, bytes: budget.bytes });
    let disposed: Promise<void> | undefined;
    return { dir, manifest, source, dispose: () => (disposed ??= rm(stage, { recursive: true, force: true })) };
  } catch (error) {
    await rm(stage, { recursive: true, force: true });
    if (signal?.aborted) throw signal.reason;
    const refused = asPackError(error, spec);
    logger.warn('pack source refused', { spec, code: refused.code, message: refused.message });
    throw refused;
  }
}

type Target = { kind: 'folder' | 'tgz' | 'zip'; path: string } | { kind: 'npm'; spec: string; npm: { name: string; range?: string } };

/** Paths look like paths (as npm decides: `./x`, `/x`, `C:\x`, `a/b`, or an archive extension); the rest are package specs. */
function classify(spec: string): Target {
  const trimmed = spec.trim();
  if (trimmed === '') throw new PackError('BAD_SOURCE', 'no pack source given');
  const withoutScheme = trimmed.startsWith('file:') ? trimmed.slice('file:'.length) : trimmed;
  const archive = /\.(tgz|tar\.gz)$/i.test(withoutScheme) ? 'tgz' : /\.zip$/i.test(withoutScheme) ? 'zip' : undefined;
  const pathLike =
    withoutScheme !== trimmed ||
    withoutScheme.startsWith('.') ||
    isAbsolute(withoutScheme) ||
    /^[A-Za-z]:[\\/]/.test(withoutScheme) ||
    withoutScheme.includes('\\') ||
    (withoutScheme.includes('/') && !withoutScheme.startsWith('@'));
  if (archive) return { kind: archive, path: resolve(withoutScheme) };
  if (pathLike) return { kind: 'folder', path: resolve(withoutScheme) };
  const npm = parseNpmSpec(trimmed);
  if (!npm) throw new PackError('BAD_SOURCE', `${JSON.stringify(trimmed)} is neither a path nor an npm package name`);
  return { kind: 'npm', spec: trimmed, npm };
}

/** The archive's sha512 (recorded as the source's integrity), refusing files too big to be a pack. */
async function hashArchive(path: string, maxBytes: number, signal?: AbortSignal): Promise<string> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new PackError('BAD_SOURCE', `${path} is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof PackError) throw error;
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new PackError(missing ? 'NOT_FOUND' : 'BAD_SOURCE', `${path}: ${missing ? 'no such file' : (error as Error).message}`, undefined, { cause: error });
  }
  // An archive is never meaningfully larger than what it unpacks to.
  if (size > maxBytes + 1024 * 1024) throw new PackError('TOO_LARGE', `${path} is ${size} bytes; the limit is ${maxBytes}`);
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(path, { signal })) hash.update(chunk as Buffer);
  return `sha512-${hash.digest('base64')}`;
}

async function isWithin(folder: string, path: string): Promise<boolean> {
  const [outer, inner] = await Promise.all([realpath(folder).catch(() => folder), realpath(path).catch(() => path)]);
  const back = relative(outer, inner);
  return back === '' || (back !== '..' && !back.startsWith(`..${sep}`) && !isAbsolute(back));
}

function asPackError(error: unknown, spec: string): PackError {
  if (error instanceof PackError) return error;
  const message = errorMessage(error);
  return new PackError('BAD_SOURCE', `${spec}: ${message}`, undefined, { cause: error });
}
