import { lstat, open, readFile, realpath, rm } from 'node:fs/promises';
import { dirname, parse, sep } from 'node:path';
import { AppError } from '../../shared/result';

/**
 * In-process locks keyed by string (a run id, a target path). Shared by every ApplyJournal of the
 * process, so two cores over one data folder, or two clients of one core, queue behind each other.
 */
const held = new Map<string, Promise<void>>();

/** Runs `fn` holding every key; keys are taken in sorted order so two holders never deadlock. */
export async function withKeys<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
  const sorted = [...new Set(keys)].sort();
  const releases: (() => void)[] = [];
  try {
    for (const key of sorted) {
      for (;;) {
        const busy = held.get(key);
        if (!busy) break;
        await busy;
      }
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      held.set(key, gate);
      releases.push(() => {
        if (held.get(key) === gate) held.delete(key);
        release();
      });
    }
    return await fn();
  } finally {
    for (const release of releases.reverse()) release();
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A lock file between processes: created exclusively with our pid in it. A lock whose process is gone
 * (a crash) is taken over; one held by a live process is refused with a clear error.
 */
export async function acquireFileLock(path: string, what: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(await readFile(path, 'utf8').catch(() => ''));
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new AppError('ALREADY_EXISTS', `${what} is in progress in another process (pid ${pid}); try again when it ends`);
      }
      await rm(path, { force: true });
    }
  }
  throw new AppError('ALREADY_EXISTS', `${what} is in progress elsewhere; try again when it ends`);
}

/**
 * Checks every existing level of `path` (a real path recorded at staging) with lstat: each must be a
 * plain folder, never a link, so a folder swapped for a link after staging cannot lead the write out.
 * Returns the deepest existing folder.
 */
export async function checkNoLinks(path: string): Promise<void> {
  const { root } = parse(path);
  const parts = path.slice(root.length).split(sep).filter(Boolean);
  let current = root;
  for (let i = 0; i < parts.length - 1; i++) {
    current = current === root ? root + parts[i] : current + sep + parts[i];
    const info = await lstat(current).catch(() => undefined);
    if (!info) return;
    if (info.isSymbolicLink()) throw new AppError('INVALID_INPUT', `${path}: ${current} is now a link; refusing to apply`);
    if (!info.isDirectory()) throw new AppError('INVALID_INPUT', `${path}: ${current} is not a folder; cannot place a file under it`);
  }
}

/** After the folders were made: the parent must still be itself, resolved (no link raced in). */
export async function checkParentIsReal(path: string): Promise<void> {
  const parent = dirname(path);
  const real = await realpath(parent).catch(() => undefined);
  if (real !== parent) throw new AppError('INVALID_INPUT', `${path}: its folder is now a link or gone; refusing to apply`);
}
