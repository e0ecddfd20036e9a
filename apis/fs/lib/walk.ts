import { lstat, readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { ApiError, type ApiContext, type ArtifactKind } from '../../sdk';

/** Most entries one listing, search or folder operation visits (a runaway walk stops with TOO_LARGE). */
export const MAX_VISITED = 50_000;

export interface WalkEntry {
  /** Absolute real path. */
  abs: string;
  type: 'file' | 'folder';
  size: number;
  modified: string;
}

/** How a path is shown to the program: relative to the first granted root when inside it. */
export function display(ctx: ApiContext, abs: string): string {
  const root = ctx.roots[0];
  if (!root) return abs;
  const rel = relative(root, abs);
  return rel === '' ? '.' : rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel) ? abs : rel.split(sep).join('/');
}

/** Regular files and folders under `dir` (links, FIFOs, sockets and devices are skipped). */
export async function walk(dir: string, recursive: boolean, includeHidden: boolean, limit = MAX_VISITED): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  const queue = [dir];
  while (queue.length > 0) {
    const current = queue.shift()!;
    const names = await readdir(current).catch(() => [] as string[]);
    names.sort((a, b) => a.localeCompare(b));
    for (const name of names) {
      if (!includeHidden && name.startsWith('.')) continue;
      const abs = join(current, name);
      const info = await lstat(abs).catch(() => undefined);
      // Links could lead out; FIFOs, sockets and devices would hang or never end a read: only files and folders.
      if (!info || !(info.isFile() || info.isDirectory())) continue;
      if (out.length >= limit) throw new ApiError('TOO_LARGE', `more than ${limit} entries under ${dir}; narrow the folder`);
      const type = info.isDirectory() ? 'folder' : 'file';
      out.push({ abs, type, size: type === 'file' ? info.size : 0, modified: info.mtime.toISOString() });
      if (type === 'folder' && recursive) queue.push(abs);
    }
  }
  return out;
}

/** The artifact kind for a file name. */
export function kindOf(path: string): ArtifactKind {
  const m = /\.(pptx|xlsx|docx)$/i.exec(path);
  return m ? (m[1]!.toLowerCase() as ArtifactKind) : 'other';
}

/** Whether `path` exists for this run (a staged write counts, a staged delete does not). */
export async function existsInRun(ctx: ApiContext, path: string): Promise<boolean> {
  const abs = await ctx.staging.resolve(path);
  const entry = [...ctx.staging.entries()].reverse().find((e) => e.target === abs);
  if (entry) return entry.action === 'write';
  return lstat(abs).then(
    () => true,
    () => false,
  );
}

/** A simple glob (*, **, ?, {a,b}) as a regular expression over /-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map((s) => s.replace(/[.+^$()|[\]\\]/g, '\\$&'))
          .join('|')})`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

/** Files to operate on for `path`: the file itself, or every file under a folder. */
export async function filesOf(ctx: ApiContext, path: string): Promise<{ abs: string; rel: string }[]> {
  const abs = await ctx.staging.resolve(path);
  const info = await lstat(abs).catch(() => undefined);
  // A folder as this run sees it: its files on disk plus files this run staged under it, minus staged deletions.
  const under = ctx.staging.entries().filter((e) => e.target.startsWith(`${abs}${sep}`));
  if (info?.isDirectory() || (!info && under.some((e) => e.action === 'write'))) {
    const files = new Set(info ? (await walk(abs, true, true)).filter((e) => e.type === 'file').map((e) => e.abs) : []);
    for (const e of under) {
      if (e.action === 'write') files.add(e.target);
      else files.delete(e.target);
    }
    return [...files].sort().map((f) => ({ abs: f, rel: relative(abs, f).split(sep).join('/') }));
  }
  await ctx.staging.readPath(path);
  return [{ abs, rel: '' }];
}
