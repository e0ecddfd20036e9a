import { createHash } from 'node:crypto';
import { copyFile, link, lstat, mkdir, open, readdir, readFile, realpath, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import type { StagedEntry } from '../../../apis/sdk';
import { AppError } from '../../shared/result';
import { writeFileAtomic } from '../config/atomic-write';
import { parseJsonOrUndefined } from '../config/json-file';

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
});
const journalSchema = z.object({
  runId: z.string(),
  state: z.enum(['prepared', 'applied', 'rolled-back', 'undoing', 'undone']),
  entries: z.array(entrySchema),
  createdAt: z.string(),
});
export type Journal = z.infer<typeof journalSchema>;
type JournalEntry = z.infer<typeof entrySchema>;

/** Called between the steps of Apply; the fault harness uses it to widen the windows it kills in. */
export type StepHook = (step: string) => Promise<void> | void;

export async function hashFile(path: string): Promise<string | undefined> {
  try {
    return createHash('sha256').update(await readFile(path)).digest('hex');
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

  /** Applies staged entries; on any error before the commit it rolls back and rethrows. */
  async apply(runId: string, staged: readonly StagedEntry[], step: StepHook = () => undefined): Promise<Journal> {
    const existing = await this.read(runId);
    if (existing && existing.state !== 'rolled-back') throw new AppError('ALREADY_EXISTS', `run ${runId} was already applied (${existing.state})`);
    const dir = this.dir(runId);
    await rm(join(dir, 'backup'), { recursive: true, force: true });
    await mkdir(join(dir, 'backup'), { recursive: true });
    const entries: JournalEntry[] = new Array<JournalEntry>(staged.length);
    await forEachLimit(staged, LANES, async (entry, index) => {
      const parent = dirname(entry.target);
      // The folder must still be where staging resolved it: a link swapped in since then is refused.
      const realParent = await realpath(parent).catch(() => undefined);
      if (realParent !== undefined && realParent !== parent) throw new AppError('INVALID_INPUT', `${entry.target}: its folder is now a link; refusing to apply`);
      const old = await lstat(entry.target).catch(() => undefined);
      if (old && !old.isFile()) throw new AppError('INVALID_INPUT', `${entry.target} is not a regular file; refusing to replace it`);
      const record: JournalEntry = { target: entry.target, action: entry.action, tmp: join(parent, `.${basename(entry.target)}.sb-${runId}.tmp`), hadOld: Boolean(old) };
      if (old) {
        record.backup = join(dir, 'backup', String(index));
        try {
          await link(entry.target, record.backup);
        } catch {
          await copyDurable(entry.target, record.backup);
        }
        record.oldHash = await hashFile(record.backup);
      }
      if (entry.action === 'write') {
        if (!entry.stagedPath) throw new AppError('INVALID_INPUT', `${entry.target}: nothing was staged`);
        record.staged = entry.stagedPath;
        record.newHash = await hashFile(entry.stagedPath);
        if (record.newHash === undefined) throw new AppError('NOT_FOUND', `${entry.target}: the staged file is missing`);
      }
      entries[index] = record;
    });
    const journal: Journal = { runId, state: 'prepared', entries, createdAt: new Date().toISOString() };
    await this.write(journal);
    await step('prepared');
    try {
      await forEachLimit(entries, LANES, async (entry) => {
        if (entry.action === 'write') {
          await mkdir(dirname(entry.target), { recursive: true });
          await placeAtomically(entry.staged!, entry.tmp, entry.target, true);
        } else {
          await rm(entry.target, { force: true });
        }
        await step(`placed ${entry.target}`);
      });
      await forEachLimit([...new Set(entries.map((e) => dirname(e.target)))], LANES, (dir) => fsyncPath(dir));
    } catch (error) {
      await this.rollBack(journal);
      throw error;
    }
    journal.state = 'applied';
    await this.write(journal);
    await step('applied');
    return journal;
  }

  /** Puts every target of an unfinished Apply back to its old bytes (or removes it if it was new). */
  async rollBack(journal: Journal): Promise<void> {
    await forEachLimit(journal.entries, LANES, async (entry) => {
      await rm(entry.tmp, { force: true });
      if (entry.hadOld && entry.backup) {
        if ((await hashFile(entry.target)) !== entry.oldHash) await placeAtomically(entry.backup, entry.tmp, entry.target, false);
      } else if ((await hashFile(entry.target)) === entry.newHash) {
        await rm(entry.target, { force: true });
      }
    });
    journal.state = 'rolled-back';
    await this.write(journal);
  }

  /** Restores what an Apply replaced or deleted, byte for byte (hash-checked). */
  async undo(runId: string): Promise<Journal> {
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
    journal.state = 'undone';
    await this.write(journal);
    return journal;
  }

  /** Finishes whatever a crash interrupted; returns the runs it touched. */
  async recover(): Promise<{ rolledBack: string[]; undone: string[] }> {
    const report = { rolledBack: [] as string[], undone: [] as string[] };
    const runs = await readdir(this.undoDir).catch(() => [] as string[]);
    for (const runId of runs) {
      const journal = await this.read(runId);
      if (journal?.state === 'prepared') {
        await this.rollBack(journal);
        report.rolledBack.push(runId);
      } else if (journal?.state === 'undoing') {
        await this.undo(runId);
        report.undone.push(runId);
      }
    }
    return report;
  }
}
