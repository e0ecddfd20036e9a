import { constants } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { type ExtractBudget, insideRoot, makeFolder, writeEntryFile } from './extract-guard';
import { PackError } from './pack-error';

/** Folders a pack folder may contain that are never part of the pack. */
const SKIPPED = new Set(['node_modules', '.git']);

/**
 * Copies a pack folder into `dest` (packs never run in place). Links inside the folder are copied as the
 * files they point to; a link leading outside the folder refuses the whole pack.
 */
export async function copyFolder(source: string, dest: string, budget: ExtractBudget, signal?: AbortSignal): Promise<void> {
  let root: string;
  try {
    root = await realpath(source);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new PackError(missing ? 'NOT_FOUND' : 'BAD_SOURCE', `${source}: ${missing ? 'no such folder' : (error as Error).message}`, undefined, {
      cause: error,
    });
  }
  if (!(await stat(root)).isDirectory()) throw new PackError('BAD_SOURCE', `${source} is not a folder`);
  await mkdir(dest, { recursive: true });
  await copyInto(root, root, '', dest, budget, signal);
}

async function copyInto(root: string, dir: string, rel: string, dest: string, budget: ExtractBudget, signal?: AbortSignal): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    signal?.throwIfAborted();
    if (SKIPPED.has(entry.name)) continue;
    const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
    let path = join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      let target: string;
      try {
        target = await realpath(path);
      } catch (error) {
        throw new PackError('BAD_SOURCE', `link ${JSON.stringify(childRel)} in the pack folder is broken`, undefined, { cause: error });
      }
      if (!isInside(root, target)) {
        throw new PackError('BAD_SOURCE', `link ${JSON.stringify(childRel)} leads outside the pack folder (to ${target})`);
      }
      const stats = await stat(target);
      if (stats.isDirectory() && isInside(target, dir)) throw new PackError('BAD_SOURCE', `link ${JSON.stringify(childRel)} makes a loop`);
      [path, isDirectory, isFile] = [target, stats.isDirectory(), stats.isFile()];
    }
    budget.addEntry(childRel);
    if (isDirectory) {
      await makeFolder(insideRoot(dest, childRel), childRel);
      await copyInto(root, path, childRel, dest, budget, signal);
    } else if (isFile) {
      // O_NOFOLLOW: a file swapped for a link after the check above is refused rather than followed.
      const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
      try {
        await writeEntryFile(dest, childRel, chunksOf(handle), budget, signal);
      } finally {
        await handle.close();
      }
    } else {
      throw new PackError('BAD_SOURCE', `${JSON.stringify(childRel)} in the pack folder is not a regular file or folder`);
    }
  }
}

function isInside(root: string, path: string): boolean {
  const back = relative(root, path);
  return back === '' || (!back.startsWith(`..${sep}`) && back !== '..' && !back.startsWith(sep) && !/^[A-Za-z]:/.test(back));
}

async function* chunksOf(handle: FileHandle): AsyncGenerator<Uint8Array> {
  for (;;) {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, null);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}
