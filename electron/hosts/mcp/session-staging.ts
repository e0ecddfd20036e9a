import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/config/atomic-write';
import type { ApplyReport, Executor } from '../../core/executor';
import { RunStaging } from '../../core/executor/staging';

type StagedEntry = Awaited<ReturnType<Executor['stagedEntries']>>[number];

/** A staged file of this MCP session, with the run that holds it. */
export interface SessionEntry {
  runId: string;
  entry: StagedEntry;
}

/**
 * What one MCP session has staged and not yet applied: one shared staging for the Tools face (so a second
 * tool call sees the first one's file) plus the staging of each `switchboard_run_program` run. Apply moves
 * them all in order; Undo restores the last Apply.
 */
export class SessionStaging {
  private tools: { runId: string; staging: RunStaging } | undefined;
  private readonly pending: string[] = [];
  private readonly applied: string[][] = [];

  constructor(
    private readonly executor: Executor,
    private readonly stagingDir: string,
    readonly roots: readonly string[],
  ) {}

  /** The Tools face's staging, created on the first write. */
  async toolStaging(): Promise<RunStaging> {
    if (!this.tools) {
      const runId = `mcp-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
      const staging = await RunStaging.create({ dir: join(this.stagingDir, runId), roots: this.roots });
      this.tools = { runId, staging };
      this.pending.push(runId);
    }
    return this.tools.staging;
  }

  /** Records a program run whose files are staged (kept until apply or discard). */
  addRun(runId: string): void {
    this.pending.push(runId);
  }

  /** Writes the Tools face's entries where the executor's apply, preview and discard read them. */
  private async flush(): Promise<void> {
    if (!this.tools) return;
    await writeFileAtomic(join(this.stagingDir, this.tools.runId, 'entries.json'), JSON.stringify(this.tools.staging.entries()));
  }

  /** Every staged file; a later run's entry for the same target replaces an earlier one. */
  async entries(): Promise<SessionEntry[]> {
    await this.flush();
    const byTarget = new Map<string, SessionEntry>();
    for (const runId of this.pending) {
      for (const entry of await this.executor.stagedEntries(runId).catch(() => [] as StagedEntry[])) byTarget.set(entry.target, { runId, entry });
    }
    return [...byTarget.values()];
  }

  /** Targets Apply would overwrite or delete (what needs the person's confirmation). */
  async risky(): Promise<string[]> {
    const out: string[] = [];
    for (const { entry } of await this.entries()) {
      const exists = await stat(entry.target).then(
        () => true,
        () => false,
      );
      if (entry.action === 'delete' || exists) out.push(`${entry.action === 'delete' ? 'delete' : 'overwrite'} ${entry.target}`);
    }
    return out;
  }

  async apply(): Promise<ApplyReport[]> {
    await this.flush();
    const runs = this.take();
    const reports: ApplyReport[] = [];
    for (const runId of runs) reports.push(await this.executor.apply(runId));
    if (runs.length > 0) this.applied.push(runs);
    return reports;
  }

  async discard(): Promise<ApplyReport[]> {
    await this.flush();
    const reports: ApplyReport[] = [];
    for (const runId of this.take()) reports.push(await this.executor.discard(runId).catch(() => ({ runId, state: 'discarded' as const, files: [] })));
    return reports;
  }

  /** Restores what the last Apply of this session replaced; undefined when nothing was applied. */
  async undo(): Promise<ApplyReport[] | undefined> {
    const runs = this.applied.pop();
    if (!runs) return undefined;
    const reports: ApplyReport[] = [];
    for (const runId of [...runs].reverse()) reports.push(await this.executor.undo(runId));
    return reports;
  }

  private take(): string[] {
    const runs = this.pending.splice(0);
    this.tools = undefined;
    return runs;
  }
}
