import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, mkdir, realpath, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, relative, resolve as resolvePath, sep } from 'node:path';
import { ApiError, type ArtifactKind, type StagedEntry, type StagingWorkspace } from '../../../apis/sdk';

export interface RunStagingOptions {
  /** The run's own staging folder (created here; nothing else writes into it). */
  dir: string;
  /** Folders the person granted; relative paths resolve against the first. */
  roots: readonly string[];
  /** Single files the run may read although they lie outside the roots (attachments), as real paths. */
  readable?: readonly string[];
  /**
   * Folders no program may reach even inside a grant (Switchboard's data folder: secrets, approvals).
   * A root inside one is refused; a root above one is granted without it.
   */
  excluded?: readonly string[];
  /** How much one run may stage: bytes across its staged files and how many files. */
  quota?: StagingQuota;
}

export interface StagingQuota {
  bytes: number;
  files: number;
}

/** Default staging quota per run. */
export const DEFAULT_STAGING_QUOTA: StagingQuota = { bytes: 2 * 1024 * 1024 * 1024, files: 5000 };

/** A staged entry with the size and hash its staged file had when the run finished. */
export type FrozenStagedEntry = StagedEntry & { stagedHash?: string; stagedSize?: number; targetHash?: string };

/** `targetHash` of a target that did not exist when it was first staged. */
export const ABSENT = 'absent';

/**
 * A run's staging workspace. Paths are resolved against the granted roots with symlinks followed, so a
 * link inside a root that leads out of it is refused like `..`. Nothing here touches a real target:
 * writes go to `<dir>/files`, deletions are only recorded; Apply (elsewhere) makes them real.
 */
export class RunStaging implements StagingWorkspace {
  private readonly staged = new Map<string, StagedEntry>();
  /** Each target's hash (or ABSENT) when the run first staged it. */
  private readonly targets = new Map<string, string>();
  private counter = 0;
  private frozen = false;

  private constructor(
    readonly dir: string,
    private readonly roots: readonly string[],
    private readonly readable: ReadonlySet<string>,
    private readonly excluded: readonly string[],
    readonly quota: StagingQuota,
  ) {}

  static async create(options: RunStagingOptions): Promise<RunStaging> {
    await mkdir(join(options.dir, 'files'), { recursive: true });
    const roots: string[] = [];
    for (const root of options.roots) {
      const real = await realpath(root).catch(() => {
        throw new ApiError('NOT_FOUND', `granted folder ${root} does not exist`);
      });
      if (!(await stat(real)).isDirectory()) throw new ApiError('INVALID_ARGUMENTS', `granted folder ${root} is not a folder`);
      roots.push(real);
    }
    const excluded = await Promise.all((options.excluded ?? []).map((dir) => realpathOfNearest(resolvePath(dir))));
    for (const [i, root] of roots.entries()) {
      const inside = excluded.find((dir) => isInside(dir, root));
      if (inside)
        throw new ApiError('PERMISSION_DENIED', `${options.roots[i]} is inside Switchboard's data folder (${inside}), which is never granted to programs`);
    }
    return new RunStaging(options.dir, roots, new Set(options.readable ?? []), excluded, options.quota ?? DEFAULT_STAGING_QUOTA);
  }

  /** The granted roots, as real paths. */
  get grantedRoots(): readonly string[] {
    return this.roots;
  }

  async resolve(path: string): Promise<string> {
    if (typeof path !== 'string' || path.trim() === '' || path.includes('\0')) {
      throw new ApiError('INVALID_ARGUMENTS', 'a path must be a non-empty string');
    }
    if (this.roots.length === 0) throw new ApiError('PERMISSION_DENIED', `no folder is granted to this run, so ${path} is out of reach`);
    const absolute = isAbsolute(path) ? normalize(path) : resolvePath(this.roots[0]!, path);
    const real = await realpathOfNearest(absolute);
    if (!this.roots.some((root) => isInside(root, real))) {
      throw new ApiError('PERMISSION_DENIED', `${path} is outside the granted folders (${this.roots.join(', ')})`);
    }
    if (this.excluded.some((dir) => isInside(dir, real))) {
      throw new ApiError('PERMISSION_DENIED', `${path} is inside Switchboard's data folder, which programs can never read or change`);
    }
    return real;
  }

  async readPath(path: string): Promise<string> {
    if (typeof path === 'string' && isAbsolute(path) && this.readable.has(path)) return path;
    const target = await this.resolve(path);
    const entry = this.staged.get(target);
    if (entry?.action === 'write' && entry.stagedPath) return entry.stagedPath;
    if (entry?.action === 'delete') throw new ApiError('NOT_FOUND', `${path} is deleted in this run`);
    const info = await stat(target).catch(() => undefined);
    if (!info) throw new ApiError('NOT_FOUND', `${path} does not exist`);
    if (!info.isFile()) throw new ApiError('INVALID_ARGUMENTS', `${path} is not a file`);
    return target;
  }

  /** True when `path` (a real path) lies in a folder no program may reach; walkers skip it. */
  isExcluded(path: string): boolean {
    return this.excluded.some((dir) => isInside(dir, path));
  }

  private assertOpen(): void {
    if (this.frozen) throw new ApiError('PERMISSION_DENIED', 'the run has finished; its staged files are frozen and nothing more can be staged');
  }

  async stageFile(target: string, kind: ArtifactKind): Promise<string> {
    this.assertOpen();
    const real = await this.resolve(target);
    const entry = this.staged.get(real);
    if (entry?.action === 'write' && entry.stagedPath) return entry.stagedPath;
    const existing = await lstat(real).catch(() => undefined);
    if (existing?.isDirectory()) throw new ApiError('INVALID_ARGUMENTS', `${target} is a folder, not a file`);
    await this.recordTarget(real, existing?.isFile() === true);
    await this.checkQuota();
    const stagedPath = join(this.dir, 'files', `${++this.counter}-${basename(real)}`);
    this.staged.delete(real);
    this.staged.set(real, { target: real, kind, action: 'write', stagedPath });
    return stagedPath;
  }

  async stageDelete(target: string): Promise<void> {
    this.assertOpen();
    const real = await this.resolve(target);
    const entry = this.staged.get(real);
    const onDisk = await lstat(real).catch(() => undefined);
    if (entry?.action === 'write' && entry.stagedPath) {
      await rm(entry.stagedPath, { force: true });
      this.staged.delete(real);
      if (onDisk) this.staged.set(real, { target: real, kind: entry.kind, action: 'delete' });
      return;
    }
    if (entry?.action === 'delete') return;
    if (!onDisk) throw new ApiError('NOT_FOUND', `${target} does not exist`);
    if (onDisk.isDirectory()) throw new ApiError('INVALID_ARGUMENTS', `${target} is a folder; delete files one by one`);
    await this.recordTarget(real, onDisk.isFile());
    this.staged.set(real, { target: real, kind: kindOf(real), action: 'delete' });
  }

  /** The target's bytes when the run first staged it: Apply refuses to overwrite edits made since. */
  private async recordTarget(real: string, exists: boolean): Promise<void> {
    if (this.targets.has(real)) return;
    this.targets.set(real, exists ? await hashStream(real).catch(() => ABSENT) : ABSENT);
  }

  /** Bytes staged so far (the staged files' current sizes). */
  async stagedBytes(): Promise<number> {
    const sizes = await Promise.all(
      this.entries().map((e) =>
        e.stagedPath
          ? stat(e.stagedPath).then(
              (i) => i.size,
              () => 0,
            )
          : 0,
      ),
    );
    return sizes.reduce((a, b) => a + b, 0);
  }

  /** Refuses a new staged file past the quota (files always; bytes checked every eighth file, and at run end). */
  private async checkQuota(): Promise<void> {
    const files = this.staged.size;
    if (files >= this.quota.files) throw new ApiError('TOO_LARGE', `this run has staged ${files} files; the staging quota is ${this.quota.files}`);
    if (files % 8 !== 0) return;
    const bytes = await this.stagedBytes();
    if (bytes > this.quota.bytes) throw new ApiError('TOO_LARGE', `this run has staged ${bytes} bytes; the staging quota is ${this.quota.bytes}`);
  }

  entries(): readonly StagedEntry[] {
    return [...this.staged.values()];
  }

  /** Refuses any further staging (the run has ended); what is staged stays. */
  close(): void {
    this.frozen = true;
  }

  /**
   * Ends staging (run.finished): nothing more can be staged, and each staged file's size and hash are
   * recorded so Apply writes only the bytes that were previewed.
   */
  async freeze(): Promise<FrozenStagedEntry[]> {
    this.close();
    return Promise.all(
      this.entries().map(async (entry) => {
        const targetHash = this.targets.get(entry.target);
        const base = targetHash === undefined ? { ...entry } : { ...entry, targetHash };
        if (entry.action !== 'write' || !entry.stagedPath) return base;
        const info = await stat(entry.stagedPath).catch(() => undefined);
        if (!info?.isFile()) return base;
        return { ...base, stagedSize: info.size, stagedHash: await hashStream(entry.stagedPath) };
      }),
    );
  }

  /** Removes the staging folder (Discard, or after Apply). */
  async dispose(): Promise<void> {
    this.staged.clear();
    await rm(this.dir, { recursive: true, force: true });
  }
}

function hashStream(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** The artifact kind for a file name. */
export function kindOf(path: string): ArtifactKind {
  const match = /\.(pptx|xlsx|docx)$/i.exec(path);
  return match ? (match[1]!.toLowerCase() as ArtifactKind) : 'other';
}

function isInside(root: string, path: string): boolean {
  if (path === root) return true;
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/** realpath of `path`, or of its nearest existing ancestor with the missing tail appended. */
async function realpathOfNearest(path: string): Promise<string> {
  const tail: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(await realpath(current), ...tail.reverse());
    } catch {
      if (
        await lstat(current).then(
          () => true,
          () => false,
        )
      ) {
        throw new ApiError('PERMISSION_DENIED', `${path} goes through a link that leads nowhere`);
      }
      const parent = dirname(current);
      if (parent === current) return path;
      tail.push(basename(current));
      current = parent;
    }
  }
}
