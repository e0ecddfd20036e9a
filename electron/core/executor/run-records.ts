import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApprovalDecision } from '../../shared/run';
import { decideApproval, emptyRunRecord, reduceRunEvent, runRecordSchema, type ApplyState, type RunRecord, type RunSummary } from '../../shared/run-view';
import { writeFileAtomic } from '../config/atomic-write';
import { parseJsonOrUndefined } from '../config/json-file';
import { AppError } from '../../shared/result';
import type { Logger } from '../log/logger';
import { redactStrings } from '../log/redact';
import { eventPayload, type RunEvent } from './run-events';

/** Finished runs kept on disk; the oldest are pruned at start. */
export const MAX_RUN_RECORDS = 500;

/**
 * Every run's record (calls, results, approvals, artifacts, Apply state), folded from its events with the
 * same reducer the window uses. Live runs stay in memory; a finished run is written atomically to
 * `<dir>/<runId>.json` and updated on Apply, Undo and Discard, so a turn's run card reads the same after a
 * restart. A record that cannot be read answers NOT_FOUND and is left in place for inspection.
 */
export class RunRecordStore {
  private readonly live = new Map<string, RunRecord>();
  private writes = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
  ) {}

  /** Prunes old records and closes the records of runs a crash cut short (they end `failed`, never `running`). */
  async start(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await this.recoverInterrupted();
    await this.prune();
  }

  /** Folds a run event; on run.finished the record goes to disk. */
  observe(event: RunEvent): void {
    const { name, payload } = eventPayload(event);
    const record = reduceRunEvent(this.live.get(event.runId) ?? emptyRunRecord(event.runId), name, payload as never);
    this.live.set(event.runId, record);
    // A marker while the run is live: if the process dies, the next start finds it and closes the record.
    if (name === 'run.started') this.enqueue(() => writeFile(this.marker(event.runId), ''));
    if (name === 'run.finished') void this.persist(record, true).then(() => this.enqueue(() => rm(this.marker(event.runId), { force: true })));
  }

  decide(runId: string, requestId: string, decision: ApprovalDecision): void {
    const record = this.live.get(runId);
    if (record) this.live.set(runId, decideApproval(record, requestId, decision));
  }

  /** Records where the run's files stand after Apply, Undo or Discard. */
  async settle(runId: string, applyState: ApplyState, files: RunRecord['files']): Promise<void> {
    const record = await this.get(runId).catch(() => undefined);
    if (!record) return;
    await this.persist({ ...record, applyState, files }, false);
  }

  async get(runId: string): Promise<RunRecord> {
    const live = this.live.get(runId);
    if (live) return redactStrings(live);
    await this.writes;
    const text = await readFile(this.file(runId), 'utf8').catch(() => undefined);
    if (text === undefined) throw new AppError('NOT_FOUND', `no record of run ${runId}`);
    const parsed = runRecordSchema.safeParse(parseJsonOrUndefined(text));
    if (!parsed.success) throw new AppError('NOT_FOUND', `the record of run ${runId} cannot be read`);
    return parsed.data;
  }

  /** Live runs first, then the records on disk, newest first; records that cannot be read are skipped. */
  async list(limit: number): Promise<RunSummary[]> {
    await this.writes;
    const now = new Date().toISOString();
    const live = [...this.live.values()].filter((r) => r.status === 'running').map((r) => summary(r, now));
    const names = (await readdir(this.dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
    const dated = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(this.dir, n)).catch(() => undefined))?.mtimeMs })));
    const newest = dated.filter((d): d is { n: string; t: number } => d.t !== undefined).sort((a, b) => b.t - a.t);
    const out = live.slice(0, limit);
    for (const { n, t } of newest) {
      if (out.length >= limit) break;
      const parsed = runRecordSchema.safeParse(parseJsonOrUndefined(await readFile(join(this.dir, n), 'utf8').catch(() => '')));
      if (parsed.success && !out.some((r) => r.runId === parsed.data.runId)) out.push(summary(parsed.data, new Date(t).toISOString()));
    }
    return out;
  }

  /** Waits for records being written (tests, dispose). */
  async flush(): Promise<void> {
    await this.writes;
  }

  private persist(record: RunRecord, finished: boolean): Promise<void> {
    const write = this.writes.then(async () => {
      try {
        await writeFileAtomic(this.file(record.runId), JSON.stringify(redactStrings(record)));
        if (finished) this.live.delete(record.runId);
        else if (this.live.has(record.runId)) this.live.set(record.runId, record);
      } catch (error) {
        this.logger.warn('run record not written', { runId: record.runId, error: String(error) });
      }
    });
    this.writes = write;
    return write;
  }

  private file(runId: string): string {
    return join(this.dir, `${runId}.json`);
  }

  private marker(runId: string): string {
    return join(this.dir, `${runId}.live`);
  }

  private enqueue(task: () => Promise<unknown>): void {
    this.writes = this.writes.then(task).then(
      () => undefined,
      (error: unknown) => this.logger.warn('run marker not written', { error: String(error) }),
    );
  }

  private async recoverInterrupted(): Promise<void> {
    const markers = (await readdir(this.dir)).filter((n) => n.endsWith('.live'));
    for (const name of markers) {
      const runId = name.slice(0, -'.live'.length);
      const old = runRecordSchema.safeParse(parseJsonOrUndefined(await readFile(this.file(runId), 'utf8').catch(() => '')));
      const record = old.success ? old.data : emptyRunRecord(runId);
      if (record.status === 'running') {
        const error = { code: 'INTERRUPTED', message: 'Switchboard stopped while this run was under way (it was not finished); nothing was applied' };
        await this.persist({ ...record, status: 'failed', error }, false);
        this.logger.warn('a run cut short by a crash was marked failed', { runId });
      }
      await rm(join(this.dir, name), { force: true });
    }
  }

  private async prune(): Promise<void> {
    const names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    if (names.length <= MAX_RUN_RECORDS) return;
    const dated = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(this.dir, n)).catch(() => undefined))?.mtimeMs ?? 0 })));
    dated.sort((a, b) => a.t - b.t);
    for (const { n } of dated.slice(0, dated.length - MAX_RUN_RECORDS)) await rm(join(this.dir, n), { force: true });
  }
}

function summary(record: RunRecord, updatedAt: string): RunSummary {
  return {
    runId: record.runId,
    status: record.status,
    updatedAt,
    calls: record.calls.length,
    artifacts: record.artifacts.length,
    ...(record.applyState ? { applyState: record.applyState } : {}),
  };
}
