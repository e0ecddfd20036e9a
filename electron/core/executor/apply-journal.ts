import { createHash } from 'node:crypto';
import { copyFile, link, lstat, mkdir, open, readdir, readFile, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { z } from 'zod';
import type { StagedEntry } from '../../../apis/sdk';
import { AppError } from '../../shared/result';
import { writeFileAtomic } from '../config/atomic-write';
import { parseJsonOrUndefined } from '../config/json-file';
import { acquireFileLock, checkNoLinks, checkParentIsReal, withKeys } from './apply-lock';
import { errorMessage } from '../../shared/errors';

const entrySchema = z.object({
  target: z.string(),
  action: z.enum(['write', 'delete']),
  staged: z.string().optional(),
  /** Where the new bytes wait beside the target before the rename. */
  tmp: z.string(),
  hadOld: z.boolean(),
  backup: z.string().optional(),
  oldHash: z.string().optional(),
  newHash: z.string().optional(),
  /** The first folder Apply created for this target: removed again (when empty) by roll-back and Undo. */
  createdDir: z.string().optional(),
});
const journalSchema = z.object({
  runId: z.string(),
  state: z.enum(['prepared', 'applied', 'rolled-back', 'undoing', 'undone', 'quarantined']),
  entries: z.array(entrySchema),
  createdAt: z.string(),
  /** Why recovery could not finish (state `quarantined`): the kept copies stay in `backup`. */
  problems: z.array(z.string()).optional(),
});
export type Journal = z.infer<typeof journalSchema>;
type JournalEntry = z.infer<typeof entrySchema>;

/** A staged entry as frozen at run.finished: Apply refuses a staged file whose bytes changed since. */
export type FrozenEntry = StagedEntry & { stagedHash?: string; stagedSize?: number; targetHash?: string };

/** What start-up recovery did; it never throws, so a damaged journal cannot stop the core from starting. */
export interface RecoveryReport {
  rolledBack: string[];
  undone: string[];
  /** Runs whose Apply or Undo could not be finished: set aside with their kept copies, and why. */
  quarantined: { runId: string; reason: string }[];
}

const QUARANTINE = '.quarantine';

/** Called between the steps of Apply; the fault harness uses it to widen the windows it kills in. */
export type StepHook = (step: string) => Promise<void> | void;

export async function hashFile(path: string): Promise<string | undefined> {
  try {
    return createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  } catch {
    return undefined;
  }
}

async function fsyncPath(path: string, flags = 'r'): Promise<void> {
  try {
    const handle = await open(path, flags);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Directories cannot be opened for fsync on every platform; the rename stays atomic.
  }
}

/** Runs `fn` over `items` with at most `limit` at a time (fsync latency overlaps; targets are distinct). */
async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let stopped = false;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !stopped) {
      const index = next++;
      try {
        await fn(items[index]!, index);
      } catch (error) {
        stopped = true;
        throw error;
      }
    }
  });
  const results = await Promise.allSettled(lanes);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

const LANES = 16;

/** Copies `from` to `to` with the bytes flushed to disk. */
async function copyDurable(from: string, to: string): Promise<void> {
  await copyFile(from, to);
  await fsyncPath(to, 'r+');
}

/**
 * Puts `source`'s bytes at `target` atomically: into `tmp` beside it, then rename. `share` links when
 * on the same filesystem (staged files, used once); restores from the undo store always copy, so later
 * edits of the restored file can never reach the kept copy.
 */
async function placeAtomically(source: string, tmp: string, target: string, share: boolean): Promise<void> {
  await rm(tmp, { force: true });
  if (share) {
    try {
      await link(source, tmp);
      await rename(tmp, target);
      return;
    } catch {
      await rm(tmp, { force: true });
    }
  }
  await copyDurable(source, tmp);
  await rename(tmp, target);
}

/**
 * Apply, Undo and crash recovery for one run, driven by a journal in `<undoDir>/<runId>/journal.json`
 * (written atomically). Every overwritten or deleted file is kept in `<undoDir>/<runId>/backup` first.
 * A journal left in `prepared` (a crash during Apply) is rolled back at the next start; one left in
 * `undoing` is finished. Both steps are idempotent, so a crash during recovery is recovered again.
 */
export class ApplyJournal {
  constructor(private readonly undoDir: string) {}

  private dir(runId: string): string {
    return join(this.undoDir, runId);
  }

  private file(runId: string): string {
    return join(this.dir(runId), 'journal.json');
  }

  async read(runId: string): Promise<Journal | undefined> {
    const text = await readFile(this.file(runId), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    const parsed = journalSchema.safeParse(parseJsonOrUndefined(text));
    return parsed.success ? parsed.data : undefined;
  }

  private async write(journal: Journal): Promise<void> {
    await writeFileAtomic(this.file(journal.runId), JSON.stringify(journal));
  }

  /**
   * Applies staged entries; on any error before the commit it rolls back and rethrows. Serialised per
   * run (in process and, through a lock file, across processes) and per target: a second Apply of the
   * same run waits, then is refused as already applied; it never touches the first one's kept copies.
   */
  async apply(runId: string, staged: readonly FrozenEntry[], step: StepHook = () => undefined): Promise<Journal> {
    return this.exclusive(
      runId,
      staged.map((e) => e.target),
      'Apply',
      () => this.applyLocked(runId, staged, step),
    );
  }

  private async exclusive<T>(runId: string, targets: readonly string[], what: string, fn: () => Promise<T>): Promise<T> {
    const keys = [`run:${this.dir(runId)}`, ...targets.map((t) => `target:${t}`)];
    return withKeys(keys, async () => {
      await mkdir(this.dir(runId), { recursive: true });
      const release = await acquireFileLock(join(this.dir(runId), 'apply.lock'), `${what} of run ${runId}`);
      try {
        return await fn();
      } finally {
        await release();
      }
    });
  }

  private async applyLocked(runId: string, staged: readonly FrozenEntry[], step: StepHook): Promise<Journal> {
    const existing = await this.read(runId);
    if (existing && existing.state !== 'rolled-back') throw new AppError('ALREADY_EXISTS', `run ${runId} was already applied (${existing.state})`);
    const dir = this.dir(runId);
    await rm(join(dir, 'backup'), { recursive: true, force: true });
    await mkdir(join(dir, 'backup'), { recursive: true });
    const entries: JournalEntry[] = new Array<JournalEntry>(staged.length);
    await forEachLimit(staged, LANES, async (entry, index) => {
      const parent = dirname(entry.target);
      // Every level of the path must still be a plain folder: a link swapped in since staging is refused.
      await checkNoLinks(entry.target);
      const old = await lstat(entry.target).catch(() => undefined);
      if (old && !old.isFile()) throw new AppError('INVALID_INPUT', `${entry.target} is not a regular file; refusing to replace it`);
      const record: JournalEntry = {
        target: entry.target,
        action: entry.action,
        tmp: join(parent, `.${basename(entry.target)}.sb-${runId}.tmp`),
        hadOld: Boolean(old),
      };
      if (old) {
        record.backup = join(dir, 'backup', String(index));
        try {
          await link(entry.target, record.backup);
        } catch {
          await copyDurable(entry.target, record.backup);
        }
        record.oldHash = await hashFile(record.backup);
      }
      // The person previewed the run against the target as it was when first staged: edits made since are not overwritten.
      if (entry.targetHash !== undefined && entry.targetHash !== (old ? record.oldHash : 'absent')) {
        const change = entry.targetHash === 'absent' ? 'was created' : old ? 'was changed' : 'was deleted';
        throw new AppError(
          'ALREADY_EXISTS',
          `${entry.target} ${change} after the run staged its new version; Apply would overwrite that. Run the request again, or Discard`,
        );
      }
      if (entry.action === 'write') {
        // Decided before any lane creates folders, so parallel lanes cannot hide who created what.
        const missing = await highestMissing(parent);
        if (missing) record.createdDir = missing;
        if (!entry.stagedPath) throw new AppError('INVALID_INPUT', `${entry.target}: nothing was staged`);
        record.staged = entry.stagedPath;
        record.newHash = await hashFile(entry.stagedPath);
        if (record.newHash === undefined) throw new AppError('NOT_FOUND', `${entry.target}: the staged file could not be read; run the request again`);
        if (entry.stagedHash !== undefined && entry.stagedHash !== record.newHash) {
          throw new AppError('INVALID_INPUT', `${entry.target}: the staged file changed after the run finished; Apply writes only what was previewed`);
        }
      }
      entries[index] = record;
    });
    const journal: Journal = { runId, state: 'prepared', entries, createdAt: new Date().toISOString() };
    await this.write(journal);
    await step('prepared');
    try {
      await forEachLimit(entries, LANES, async (entry) => {
        try {
          if (entry.action === 'write') {
            await checkNoLinks(entry.target);
            await mkdir(dirname(entry.target), { recursive: true });
            await checkParentIsReal(entry.target);
            await placeAtomically(entry.staged!, entry.tmp, entry.target, true);
          } else {
            await checkParentIsReal(entry.target);
            await rm(entry.target, { force: true });
          }
        } catch (error) {
          throw placeError(entry, error);
        }
        await step(`placed ${entry.target}`);
      });
      await forEachLimit([...new Set(entries.map((e) => dirname(e.target)))], LANES, (dir) => fsyncPath(dir));
    } catch (error) {
      const problems = await this.rollBack(journal);
      if (problems.length > 0)
        throw new AppError(
          'INTERNAL',
          `${errorText(error)}; rolling back left ${problems.length} file(s) as they are, kept copies are in ${dir}: ${problems.join('; ')}`,
        );
      throw error;
    }
    journal.state = 'applied';
    await this.write(journal);
    await step('applied');
    return journal;
  }

  /**
   * Puts every target of an unfinished Apply back to its old bytes (or removes it if it was new). Each
   * entry is tried on its own; what cannot be put back is returned and the journal is quarantined.
   */
  async rollBack(journal: Journal): Promise<string[]> {
    const problems: string[] = [];
    await forEachLimit(journal.entries, LANES, async (entry) => {
      try {
        await rm(entry.tmp, { force: true }).catch(() => undefined);
        if (entry.hadOld && entry.backup) {
          if ((await hashFile(entry.target)) !== entry.oldHash) await placeAtomically(entry.backup, entry.tmp, entry.target, false);
        } else if ((await hashFile(entry.target)) === entry.newHash) {
          await rm(entry.target, { force: true });
        }
      } catch (error) {
        problems.push(`${entry.target}: ${errorText(error)}`);
      }
    });
    await removeCreatedFolders(journal.entries);
    journal.state = problems.length === 0 ? 'rolled-back' : 'quarantined';
    if (problems.length > 0) journal.problems = problems;
    await this.write(journal);
    return problems;
  }

  /** Restores what an Apply replaced or deleted, byte for byte (hash-checked). */
  async undo(runId: string): Promise<Journal> {
    const journal = await this.read(runId);
    return this.exclusive(runId, journal?.entries.map((e) => e.target) ?? [], 'Undo', () => this.undoLocked(runId));
  }

  private async undoLocked(runId: string): Promise<Journal> {
    const journal = await this.read(runId);
    if (!journal || (journal.state !== 'applied' && journal.state !== 'undoing')) {
      throw new AppError('NOT_FOUND', `run ${runId} has nothing applied to undo${journal ? ` (${journal.state})` : ''}`);
    }
    if (journal.state === 'applied') {
      await forEachLimit(journal.entries, LANES, async (entry) => {
        const now = await hashFile(entry.target);
        const expected = entry.action === 'write' ? entry.newHash : undefined;
        if (now !== expected) throw new AppError('ALREADY_EXISTS', `${entry.target} changed after Apply; undo would lose those changes`);
      });
      journal.state = 'undoing';
      await this.write(journal);
    }
    await forEachLimit(journal.entries, LANES, async (entry) => {
      await rm(entry.tmp, { force: true });
      if (entry.hadOld && entry.backup) {
        if ((await hashFile(entry.target)) !== entry.oldHash) {
          await mkdir(dirname(entry.target), { recursive: true });
          await placeAtomically(entry.backup, entry.tmp, entry.target, false);
        }
        if ((await hashFile(entry.target)) !== entry.oldHash) throw new AppError('INTERNAL', `${entry.target}: the restored bytes do not match the kept copy`);
      } else {
        await rm(entry.target, { force: true });
      }
    });
    await removeCreatedFolders(journal.entries);
    journal.state = 'undone';
    await this.write(journal);
    return journal;
  }

  /**
   * Finishes whatever a crash interrupted; returns the runs it touched. Never throws: a journal that
   * cannot be read, rolled back or undone is quarantined (marked, or set aside under `.quarantine`)
   * with its kept copies, and reported.
   */
  async recover(): Promise<RecoveryReport> {
    const report: RecoveryReport = { rolledBack: [], undone: [], quarantined: [] };
    const runs = await readdir(this.undoDir).catch(() => [] as string[]);
    for (const runId of runs) {
      if (runId === QUARANTINE) continue;
      try {
        const text = await readFile(this.file(runId), 'utf8').catch((error: NodeJS.ErrnoException) =>
          error.code === 'ENOENT' ? undefined : Promise.reject(error),
        );
        if (text === undefined) continue;
        const journal = await this.read(runId);
        if (!journal) {
          const moved = await this.setAside(runId);
          report.quarantined.push({ runId, reason: `its journal is damaged; moved to ${moved} with its kept copies` });
        } else if (journal.state === 'prepared') {
          const problems = await this.exclusive(runId, [], 'Recovery', () => this.rollBack(journal));
          if (problems.length === 0) report.rolledBack.push(runId);
          else report.quarantined.push({ runId, reason: `roll-back left files as they are: ${problems.join('; ')}` });
        } else if (journal.state === 'undoing') {
          await this.undo(runId);
          report.undone.push(runId);
        }
      } catch (error) {
        const reason = errorText(error);
        const journal = await this.read(runId).catch(() => undefined);
        if (journal) await this.write({ ...journal, state: 'quarantined', problems: [...(journal.problems ?? []), reason] }).catch(() => undefined);
        else await this.setAside(runId).catch(() => undefined);
        report.quarantined.push({ runId, reason });
      }
    }
    return report;
  }

  private async setAside(runId: string): Promise<string> {
    const to = join(this.undoDir, QUARANTINE, `${runId}-${Date.now()}`);
    await mkdir(join(this.undoDir, QUARANTINE), { recursive: true });
    await rename(this.dir(runId), to);
    return to;
  }
}

/** The highest folder on the way to `dir` (inclusive) that does not exist yet, if any. */
async function highestMissing(dir: string): Promise<string | undefined> {
  let missing: string | undefined;
  for (let current = dir; ; current = dirname(current)) {
    if (
      await lstat(current).then(
        () => true,
        () => false,
      )
    )
      return missing;
    missing = current;
    if (dirname(current) === current) return missing;
  }
}

/** Folders Apply created, removed deepest first while empty (a folder someone put a file in stays). */
async function removeCreatedFolders(entries: readonly JournalEntry[]): Promise<void> {
  const created = entries.flatMap((e) => (e.createdDir ? [e.createdDir] : []));
  const folders = new Set<string>();
  for (const entry of entries) {
    const parent = dirname(entry.target);
    const top = created.find((c) => parent === c || parent.startsWith(`${c}${sep}`));
    if (!top) continue;
    for (let dir = parent; dir.length >= top.length; dir = dirname(dir)) folders.add(dir);
  }
  for (const dir of [...folders].sort((a, b) => b.length - a.length)) await rmdir(dir).catch(() => undefined);
}

const REASONS: Record<string, string> = {
  ENOTDIR: 'a file stands where one of its folders should be',
  EISDIR: 'a folder stands where the file should be',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the disk is read-only',
  ENAMETOOLONG: 'its name is too long',
  EEXIST: 'something else is in the way',
};

/** An error that names the file the person knows, never the staging or temporary path it came through. */
function placeError(entry: JournalEntry, error: unknown): Error {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const reason =
    REASONS[code] ??
    (code
      ? `the system said ${code}`
      : errorText(error)
          .replaceAll(entry.tmp, entry.target)
          .replaceAll(entry.staged ?? entry.tmp, 'the staged copy'));
  return new AppError('INVALID_INPUT', `could not ${entry.action === 'write' ? 'write' : 'delete'} ${entry.target}: ${reason}`);
}

function errorText(error: unknown): string {
  return errorMessage(error);
}
