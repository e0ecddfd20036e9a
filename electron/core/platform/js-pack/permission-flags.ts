import { realpath } from 'node:fs/promises';
import { isAbsolute, join, normalize, parse, relative, resolve, sep } from 'node:path';

/** `--permission` from Node 22.13 / 23.5 on; Node 20 (and Electron builds on it) only knows the experimental name. */
export function permissionFlag(version: string = process.versions.node): string {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const stable = major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13);
  return stable ? '--permission' : '--experimental-permission';
}

/** Expands a manifest folder (`~`, `~/x` or absolute) against homeDir; anything else is refused. */
export function expandFolder(folder: string, homeDir: string): string {
  if (folder.includes('*')) throw new Error(`permission folder ${JSON.stringify(folder)}: wildcards are not allowed`);
  if (folder === '~') return homeDir;
  if (folder.startsWith('~/') || folder.startsWith('~\\')) return join(homeDir, folder.slice(2));
  if (!isAbsolute(folder)) throw new Error(`permission folder ${JSON.stringify(folder)} must be absolute or start with ~/`);
  return normalize(folder);
}

const within = (parent: string, child: string) => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

/**
 * Why an expanded folder is too broad to grant a pack, or undefined: the whole disk, the home folder or
 * any folder above it, and Switchboard's data folder, anything inside it or any folder above it
 * (secrets, approvals and the undo store live there).
 */
export function broadFolderReason(folder: string, options: { homeDir: string; dataDir?: string }): string | undefined {
  const path = resolve(folder);
  if (path === parse(path).root) return 'it is the whole disk';
  if (within(path, resolve(options.homeDir))) return 'it is the home folder or holds it';
  if (options.dataDir !== undefined) {
    const data = resolve(options.dataDir);
    if (within(data, path)) return `it is inside Switchboard's data folder (${data})`;
    if (within(path, data)) return `it holds Switchboard's data folder (${data})`;
  }
  return undefined;
}

/** Why one of a manifest's folders cannot be granted (malformed or too broad), or undefined when all can. */
export function refusedFolder(folders: readonly string[], options: { homeDir: string; dataDir?: string }): string | undefined {
  for (const folder of folders) {
    let expanded: string;
    try {
      expanded = expandFolder(folder, options.homeDir);
    } catch (error) {
      return (error as Error).message;
    }
    const broad = broadFolderReason(expanded, options);
    if (broad) return `permission folder ${JSON.stringify(folder)} is refused: ${broad}; ask for a narrower folder`;
  }
  return undefined;
}

/**
 * Each path as given and as its realpath: Node checks the path string a pack passes to fs, so a folder
 * reached through a link (macOS /var -> /private/var) must be granted under both names.
 */
export async function withRealPaths(paths: readonly string[]): Promise<string[]> {
  const all = new Set<string>();
  for (const path of paths) {
    all.add(path);
    all.add(await realpath(path).catch(() => path));
  }
  return [...all];
}

/**
 * Node flags for a pack's child: the permission model on, reads allowed only under `readable` (one flag
 * per path; Node 20.20 no longer splits on commas), no writes, no addons, a heap cap.
 * Child processes, worker threads, WASI and the inspector stay denied because no --allow-* flag grants them.
 */
export function packExecArgv(readable: readonly string[], options: { maxMemoryMb: number; version?: string }): string[] {
  return [
    permissionFlag(options.version),
    ...readable.map((path) => `--allow-fs-read=${path}`),
    '--no-addons',
    '--disable-warning=ExperimentalWarning',
    `--max-old-space-size=${options.maxMemoryMb}`,
  ];
}
