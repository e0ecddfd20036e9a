import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PackError } from './pack-error';

/** At most this many entries (files and folders) in one pack. */
export const MAX_ENTRIES = 10_000;
/** Default cap on the unpacked size of a pack. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/**
 * Turns an archive entry name into a safe relative POSIX path, or refuses it naming the entry.
 * Returns '' for the archive root itself (`./`), which callers skip.
 */
export function safeEntryPath(name: string): string {
  const shown = JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}...` : name);
  const refuse = (why: string): never => {
    throw new PackError('BAD_ARCHIVE', `archive entry ${shown} refused: ${why}`);
  };
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f]/.test(name)) refuse('control characters in the name');
  if (name.includes('\\')) refuse('backslash in the name');
  if (name.startsWith('/')) refuse('absolute path');
  if (/^[A-Za-z]:/.test(name)) refuse('drive letter');
  const segments = name.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) refuse('".." leads outside the pack');
  if (segments.some((s) => s.includes(':'))) refuse('":" in a path segment');
  return segments.join('/');
}

/** Joins a safe relative path to root and checks, once more, that the result stays inside root. */
export function insideRoot(root: string, rel: string): string {
  const target = resolve(root, rel);
  const back = relative(root, target);
  if (back === '' || back === '..' || back.startsWith(`..${sep}`) || isAbsolute(back) || resolve(root, back) !== target) {
    throw new PackError('BAD_ARCHIVE', `archive entry ${JSON.stringify(rel)} refused: it leads outside the pack`);
  }
  return target;
}

/** Counts entries and actual bytes written; headers are never trusted for the limit. */
export class ExtractBudget {
  entries = 0;
  bytes = 0;

  constructor(
    readonly maxBytes: number,
    readonly maxEntries = MAX_ENTRIES,
  ) {}

  addEntry(name: string): void {
    this.entries += 1;
    if (this.entries > this.maxEntries) {
      throw new PackError('TOO_LARGE', `the pack has more than ${this.maxEntries} entries (stopped at ${JSON.stringify(name)})`);
    }
  }

  addBytes(count: number, name: string): void {
    this.bytes += count;
    if (this.bytes > this.maxBytes) {
      throw new PackError('TOO_LARGE', `the pack unpacks to more than ${this.maxBytes} bytes (stopped in ${JSON.stringify(name)})`);
    }
  }

  /** Bytes still allowed. */
  get remaining(): number {
    return this.maxBytes - this.bytes;
  }
}

/**
 * Writes one file from a byte stream, counting bytes as they arrive. The extraction folder is fresh and
 * never receives a link, so parent folders cannot lead elsewhere; `wx` refuses duplicate entries.
 */
export async function writeEntryFile(root: string, rel: string, data: AsyncIterable<Uint8Array>, budget: ExtractBudget, signal?: AbortSignal): Promise<void> {
  const target = insideRoot(root, rel);
  await makeFolder(dirname(target), rel);
  let handle;
  try {
    handle = await open(target, 'wx', 0o644);
  } catch (error) {
    throw entryFsError(error, rel);
  }
  try {
    for await (const chunk of data) {
      signal?.throwIfAborted();
      budget.addBytes(chunk.byteLength, rel);
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
}

/** Creates a folder (and its parents); `target` has already passed insideRoot. */
export async function makeFolder(target: string, rel: string): Promise<void> {
  try {
    await mkdir(target, { recursive: true, mode: 0o755 });
  } catch (error) {
    throw entryFsError(error, rel);
  }
}

function entryFsError(error: unknown, rel: string): PackError {
  const code = (error as NodeJS.ErrnoException).code;
  const shown = JSON.stringify(rel);
  if (code === 'EEXIST') return new PackError('BAD_ARCHIVE', `entry ${shown} appears twice`, undefined, { cause: error });
  if (code === 'ENOTDIR' || code === 'EISDIR') {
    return new PackError('BAD_ARCHIVE', `entry ${shown} clashes with a file or folder of the same name`, undefined, { cause: error });
  }
  return new PackError('BAD_ARCHIVE', `entry ${shown} could not be written: ${(error as Error).message}`, undefined, { cause: error });
}

/**
 * Moves the unpacked tree to `<stage>/pack`. Archives may hold the pack at their top level or inside one
 * folder (`package/` for npm pack); in the second case that folder becomes the pack root.
 */
export async function settlePackRoot(stage: string, unpacked: string): Promise<string> {
  const dir = join(stage, 'pack');
  const children = await readdir(unpacked);
  if (children.length === 1 && (await stat(join(unpacked, children[0]!))).isDirectory()) {
    await rename(join(unpacked, children[0]!), dir);
    await rm(unpacked, { recursive: true, force: true });
  } else {
    await rename(unpacked, dir);
  }
  return dir;
}
