import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiDocument, StagedEntry } from '../../../apis/sdk';
import type { ApprovalDecision, RunStatus } from '../../shared/run';
import { AppError } from '../../shared/result';
import { writeFileAtomic } from '../config/atomic-write';
import { parseJsonOrUndefined } from '../config/json-file';
import type { Disposable } from '../lifecycle';
import type { Logger } from '../log/logger';
import type { CallOutcome } from '../platform/pack-runtime';
import type { ApiRegistry } from '../platform/registry';
import { ApplyJournal, type RecoveryReport, type StepHook } from './apply-journal';
import { RunApprovals, type ApprovalStore } from './approvals';
import type { RunEvent, RunResult } from './run-events';
import { DEFAULT_LIMITS, SandboxHost, type SandboxLimits, type SandboxOutcome, type WallClock } from './sandbox-host';
import { RunStaging, type FrozenStagedEntry, type StagingQuota } from './staging';
import type { VerifyResult } from './verifier';
import { isUnfinished, VerifierHost, type VerifyLimits } from './verifier-host';
import { errorMessage } from '../../shared/errors';
import { artifactOf, attach, RunCalls, type Attached } from './run-calls';

/** What the executor needs from the pack manager: one validated, recorded API call. */
export interface ApiCaller {
  call(name: string, args: unknown, options: { signal: AbortSignal; roots: readonly string[]; staging?: RunStaging; timeoutMs?: number }): Promise<CallOutcome>;
}

export interface ExecutorOptions {
  registry: Pick<ApiRegistry, 'getApi' | 'listApis'>;
  caller: ApiCaller;
  approvals: ApprovalStore;
  /** Where each run's staging folder lives (`<stagingDir>/<runId>`). */
  stagingDir: string;
  /** The undo store and Apply journals. */
  undoDir: string;
  logger: Logger;
  /** Every run event also goes here (the core's EventBus). */
  emit?: (event: RunEvent) => void;
  limits?: Partial<SandboxLimits>;
  /** Per-call wall time for packs. */
  callTimeoutMs?: number;
  /** Folders no program may reach even inside a grant: Switchboard's data folder. */
  protectedDirs?: readonly string[];
  /** How long calls a program did not await may take to stop after its run ends (default 5 s). */
  settleMs?: number;
  /** How much one run may stage (default DEFAULT_STAGING_QUOTA). */
  stagingQuota?: StagingQuota;
  /** Time and memory bounds of one verification, read at each (default DEFAULT_VERIFY_LIMITS). */
  verifyLimits?: () => Partial<VerifyLimits>;
  /** Where the checker keeps V8's code cache of the compiler (verifier-host.ts); omitted: none. */
  verifierCodeCacheDir?: string;
  /** A checker host made (and perhaps started) earlier, so it starts alongside the rest of start-up; the executor owns it from then on. */
  verifier?: VerifierHost;
}

export interface RunOptions {
  /** APIs the program may call; omitted: every installed API. */
  apis?: readonly string[];
  roots?: readonly string[];
  /** Files the person attached: the program sees opaque handles for them. */
  attachments?: readonly string[];
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  limits?: Partial<SandboxLimits>;
}

export interface ApplyReport {
  runId: string;
  state: 'applied' | 'undone' | 'discarded';
  files: { target: string; action: 'write' | 'delete' }[];
}

interface LiveRun {
  id: string;
  controller: AbortController;
  approvals: RunApprovals;
  staging?: RunStaging;
  done: Promise<RunResult>;
}

/** A verified program and what its sandboxed run needs. */
interface VerifiedJob {
  program: string;
  docs: readonly ApiDocument[];
  attached: Attached;
  staging: RunStaging;
  limits?: Partial<SandboxLimits>;
}

/** One run's statistics and its ways out: every event to both listeners, and the one run.finished. */
interface RunReport {
  stats: RunResult['statistics'];
  emit(event: RunEvent): void;
  finish(result: Omit<RunResult, 'runId' | 'statistics' | 'artifacts'>): RunResult;
}

/** `onEvent` is the caller's listener, `broadcast` the core's event bus; the bus hears an event even if the listener throws. */
function runReport(run: LiveRun, onEvent?: (event: RunEvent) => void, broadcast?: (event: RunEvent) => void): RunReport {
  const started = performance.now();
  const stats = { durationMs: 0, verifyMs: 0, calls: 0, failedCalls: 0, approvalsAsked: 0, logBytes: 0, artifacts: 0 };
  const emit = (event: RunEvent) => {
    try {
      onEvent?.(event);
    } finally {
      broadcast?.(event);
    }
  };
  const finish = (result: Omit<RunResult, 'runId' | 'statistics' | 'artifacts'>): RunResult => {
    const artifacts = (run.staging?.entries() ?? []).map(artifactOf);
    const finished: RunResult = {
      runId: run.id,
      ...result,
      artifacts,
      statistics: { ...stats, durationMs: performance.now() - started, approvalsAsked: run.approvals.asked, artifacts: artifacts.length },
    };
    emit({ type: 'run.finished', ...finished });
    return finished;
  };
  return { stats, emit, finish };
}

/** Fills in missing limits and clamps the stack to the 256 KB QuickJS needs to stay safe. */
function limitsOf(...parts: (Partial<SandboxLimits> | undefined)[]): SandboxLimits {
  const merged = Object.assign(
    {},
    DEFAULT_LIMITS,
    ...parts.map((p) => Object.fromEntries(Object.entries(p ?? {}).filter(([, v]) => v !== undefined))),
  ) as SandboxLimits;
  return { ...merged, stackBytes: Math.min(merged.stackBytes, 256 * 1024) };
}

function statusOf(outcome: SandboxOutcome, cancelled: boolean): RunStatus {
  if (outcome.ok) return 'completed';
  if (cancelled || outcome.error.code === 'CANCELLED') return 'cancelled';
  if (outcome.error.code === 'LIMIT_EXCEEDED') return 'limit';
  if (outcome.error.code === 'DENIED') return 'denied';
  return 'failed';
}

/** Maps `program.js:LINE` in a QuickJS stack (two wrapper lines precede the program) to program lines. */
function programLine(stack: string | undefined): number | undefined {
  const match = /program\.js:(\d+)/.exec(stack ?? '');
  return match ? Math.max(1, Number(match[1]) - 2) : undefined;
}

/**
 * The Action Executor: verifies programs, runs them in the sandbox with approvals and staging, and
 * applies, undoes or discards what they staged.
 */
export class Executor implements Disposable {
  private readonly verifier: VerifierHost;
  private readonly sandbox = new SandboxHost();
  private readonly journal: ApplyJournal;
  private readonly runs = new Map<string, LiveRun>();

  constructor(private readonly options: ExecutorOptions) {
    this.journal = new ApplyJournal(options.undoDir);
    this.verifier =
      options.verifier ??
      new VerifierHost({
        ...(options.verifyLimits ? { limits: options.verifyLimits } : {}),
        ...(options.verifierCodeCacheDir ? { codeCacheDir: options.verifierCodeCacheDir } : {}),
      });
  }

  /** Rolls back or finishes any Apply/Undo a crash interrupted; never throws, and says what it did. */
  async start(): Promise<RecoveryReport> {
    const report = await this.journal.recover();
    if (report.rolledBack.length + report.undone.length > 0)
      this.options.logger.warn('recovered interrupted apply/undo', { rolledBack: report.rolledBack, undone: report.undone });
    for (const item of report.quarantined) this.options.logger.error('an interrupted apply/undo could not be finished and was quarantined', item);
    return report;
  }

  /** Loads the sandbox's WebAssembly in the background so the next run starts at once (the checker starts on the first verify). */
  prewarm(): void {
    this.sandbox.prewarm();
  }

  /** The verifier process's id while it runs (tests kill it). */
  get verifierPid(): number | undefined {
    return this.verifier.pid;
  }

  /** The documents for `apiNames` (every installed API when omitted); unknown names are ignored. */
  documents(apiNames?: readonly string[]): ApiDocument[] {
    if (!apiNames) return this.options.registry.listApis();
    return apiNames.flatMap((name) => {
      const doc = this.options.registry.getApi(name);
      return doc ? [doc] : [];
    });
  }

  /**
   * Type-checks and policy-checks a program against the APIs it may call, in the checker's own process;
   * a check past its time or memory bound is a `limit` diagnostic, never a hang.
   */
  verify(program: string, apiNames?: readonly string[], signal?: AbortSignal): Promise<VerifyResult> {
    // A verified program usually runs next: start loading the sandbox meanwhile.
    this.sandbox.prewarm();
    return this.verifier.verify(program, this.documents(apiNames), signal);
  }

  /** Starts a run; returns its id at once and its result when it ends. */
  startRun(program: string, options: RunOptions = {}): { runId: string; done: Promise<RunResult> } {
    const id = `run-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const run: LiveRun = { id, controller, approvals: new RunApprovals(this.options.approvals), done: Promise.resolve(undefined as unknown as RunResult) };
    this.runs.set(id, run);
    run.done = this.execute(run, program, options).finally(() => {
      options.signal?.removeEventListener('abort', onAbort);
      run.approvals.denyAll();
      this.runs.delete(id);
    });
    return { runId: id, done: run.done };
  }

  /** Runs a program to its end (verification, sandbox, approvals) and returns run.finished. */
  async run(program: string, options: RunOptions = {}): Promise<RunResult> {
    return this.startRun(program, options).done;
  }

  cancel(runId: string): boolean {
    const run = this.runs.get(runId);
    if (!run || run.controller.signal.aborted) return false;
    run.controller.abort();
    return true;
  }

  /** Answers an approval request of a running program. */
  approve(runId: string, requestId: string, decision: ApprovalDecision): void {
    const run = this.runs.get(runId);
    if (!run || !run.approvals.decide(requestId, decision)) throw new AppError('NOT_FOUND', `no approval ${requestId} is waiting in run ${runId}`);
  }

  private async execute(run: LiveRun, program: string, options: RunOptions): Promise<RunResult> {
    const report = runReport(run, options.onEvent, this.options.emit);
    const docs = this.documents(options.apis);
    const roots = options.roots ?? [];
    const { stats, emit, finish } = report;
    emit({ type: 'run.started', runId: run.id, apis: docs.map((d) => d.name), roots: [...roots] });

    this.sandbox.prewarm();
    const verifyStarted = performance.now();
    const verdict = await this.verifier.verify(program, docs, run.controller.signal);
    stats.verifyMs = performance.now() - verifyStarted;
    if (run.controller.signal.aborted) return finish({ status: 'cancelled', error: { code: 'CANCELLED', message: 'the run was cancelled before it started' } });
    if (isUnfinished(verdict)) {
      return finish({ status: 'failed', error: { code: 'VERIFY_LIMIT', message: verdict.diagnostics[0]!.message }, diagnostics: verdict.diagnostics });
    }
    if (!verdict.ok) {
      return finish({ status: 'refused', error: { code: 'VERIFY_FAILED', message: verdict.text }, diagnostics: verdict.diagnostics });
    }

    let attached: Attached;
    let staging: RunStaging;
    try {
      attached = await attach(options.attachments ?? []);
      staging = run.staging = await RunStaging.create({
        dir: join(this.options.stagingDir, run.id),
        roots,
        readable: [...attached.handles.values()],
        excluded: this.options.protectedDirs,
        quota: this.options.stagingQuota,
      });
    } catch (error) {
      return finish({ status: 'failed', error: { code: 'INVALID_INPUT', message: errorMessage(error) } });
    }
    return this.runVerified(run, { program, docs, attached, staging, limits: options.limits }, report);
  }

  /** Runs a verified program in the sandbox, stops and settles its calls, then keeps what it staged (within the quota). */
  private async runVerified(run: LiveRun, job: VerifiedJob, report: RunReport): Promise<RunResult> {
    const { program, docs, attached, staging } = job;
    const { stats, emit, finish } = report;
    const signal = run.controller.signal;
    let clock: WallClock | undefined;
    const calls = new RunCalls({
      runId: run.id,
      byName: new Map(docs.map((d) => [d.name, d])),
      handles: attached.handles,
      attachments: attached.named,
      staging,
      approvals: run.approvals,
      caller: this.options.caller,
      callTimeoutMs: this.options.callTimeoutMs,
      emit,
      stats,
      clock: () => clock,
    });
    // Host calls end with the run: ones the program did not await are cancelled when it returns.
    const stopCalls = () => calls.stop();
    signal.addEventListener('abort', stopCalls, { once: true });
    const modules: Record<string, string[]> = {};
    for (const doc of docs) (modules[doc.module] ??= []).push(doc.name.slice(doc.module.length + 1));

    const outcome = await this.sandbox.run(
      {
        code: program,
        modules,
        attachments: attached.info,
        limits: limitsOf(this.options.limits, job.limits),
        signal,
        onCall: (call) => calls.onCall(call),
        onLog: (text) => {
          stats.logBytes += text.length;
          emit({ type: 'run.log', runId: run.id, text });
        },
      },
      (c) => (clock = c),
    );
    stopCalls();
    staging.close();
    signal.removeEventListener('abort', stopCalls);
    await calls.settle(this.options.settleMs ?? 5000);
    calls.reportArtifacts();
    const frozen = await staging.freeze();
    const stagedBytes = frozen.reduce((sum, e) => sum + (e.stagedSize ?? 0), 0);
    if (stagedBytes > staging.quota.bytes) {
      await staging.dispose();
      return finish({
        status: 'limit',
        error: { code: 'LIMIT_EXCEEDED', message: `the run staged ${stagedBytes} bytes; the staging quota is ${staging.quota.bytes}, so nothing was kept` },
      });
    }
    await this.saveEntries(run.id, frozen);
    const status = statusOf(outcome, signal.aborted);
    if (outcome.ok) return finish({ status, value: outcome.value });
    const line = programLine(outcome.error.stack);
    return finish({ status, error: { code: outcome.error.code, message: line ? `${outcome.error.message} (at line ${line})` : outcome.error.message } });
  }

  private entriesFile(runId: string): string {
    return join(this.options.stagingDir, runId, 'entries.json');
  }

  private async saveEntries(runId: string, entries: readonly FrozenStagedEntry[]): Promise<void> {
    await writeFileAtomic(this.entriesFile(runId), JSON.stringify(entries));
  }

  private async loadEntries(runId: string): Promise<FrozenStagedEntry[]> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(runId)) throw new AppError('INVALID_INPUT', 'not a run id');
    const text = await readFile(this.entriesFile(runId), 'utf8').catch(() => undefined);
    const entries = text === undefined ? undefined : parseJsonOrUndefined(text);
    if (!Array.isArray(entries)) throw new AppError('NOT_FOUND', `run ${runId} has no staging to apply (finished, discarded or unknown)`);
    return entries as FrozenStagedEntry[];
  }

  /** What a finished run staged (for previews), until it is applied or discarded. */
  stagedEntries(runId: string): Promise<StagedEntry[]> {
    return this.loadEntries(runId);
  }

  /** Moves the run's staged files to their targets atomically and keeps what they replace for Undo. */
  async apply(runId: string, step?: StepHook): Promise<ApplyReport> {
    const entries = await this.loadEntries(runId);
    const journal = await this.journal.apply(runId, entries, step);
    await rm(join(this.options.stagingDir, runId), { recursive: true, force: true });
    return { runId, state: 'applied', files: journal.entries.map((e) => ({ target: e.target, action: e.action })) };
  }

  /** Restores every file an Apply replaced or deleted, byte for byte. */
  async undo(runId: string): Promise<ApplyReport> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(runId)) throw new AppError('INVALID_INPUT', 'not a run id');
    const journal = await this.journal.undo(runId);
    return { runId, state: 'undone', files: journal.entries.map((e) => ({ target: e.target, action: e.action })) };
  }

  /** Drops the run's staging; nothing outside it was ever touched. */
  async discard(runId: string): Promise<ApplyReport> {
    const entries = await this.loadEntries(runId);
    await rm(join(this.options.stagingDir, runId), { recursive: true, force: true });
    return { runId, state: 'discarded', files: entries.map((e) => ({ target: e.target, action: e.action })) };
  }

  async dispose(): Promise<void> {
    for (const run of this.runs.values()) run.controller.abort();
    await Promise.allSettled([...this.runs.values()].map((r) => r.done));
    await this.sandbox.dispose();
    await this.verifier.dispose();
  }
}
