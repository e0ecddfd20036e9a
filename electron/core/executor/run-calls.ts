import { randomBytes } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ApiDocument, StagedEntry } from '../../../apis/sdk';
import type { Artifact } from '../../shared/run';
import type { z } from 'zod';
import type { runStatisticsSchema } from '../../shared/run';
import { AppError } from '../../shared/result';
import type { CallOutcome } from '../platform/pack-runtime';
import { needsApproval, type RunApprovals } from './approvals';
import type { ApiCaller } from './executor';
import type { RunEvent } from './run-events';
import type { WallClock } from './sandbox-host';
import type { RunStaging } from './staging';
import { withAttachmentNames, type NamedFile } from './attachment-names';

const HANDLE_PREFIX = 'sb-file:';

export function artifactOf(entry: StagedEntry): Artifact {
  return { target: entry.target, kind: entry.kind, action: entry.action };
}

/** The person's attachments as opaque handles: the real paths never enter the sandbox. */
export interface Attached {
  handles: Map<string, string>;
  info: { handle: string; name: string; size: number }[];
  /** Each attachment's paths (as given and real) with its name, so errors name it as the person sees it. */
  named: NamedFile[];
}

export async function attach(files: readonly string[]): Promise<Attached> {
  const handles = new Map<string, string>();
  const info: Attached['info'] = [];
  const named: NamedFile[] = [];
  for (const file of files) {
    const name = basename(file);
    const real = await realpath(file).catch(() => {
      throw new AppError('NOT_FOUND', `the attachment "${name}" no longer exists; attach it again`);
    });
    const facts = await stat(real);
    if (!facts.isFile()) throw new AppError('INVALID_INPUT', `the attachment "${name}" is not a file`);
    const handle = `${HANDLE_PREFIX}${randomBytes(12).toString('hex')}`;
    handles.set(handle, real);
    info.push({ handle, name: basename(real), size: facts.size });
    named.push({ path: file, name }, { path: real, name });
  }
  return { handles, info, named };
}

export interface RunCallsOptions {
  runId: string;
  byName: ReadonlyMap<string, ApiDocument>;
  handles: Map<string, string>;
  /** The attachments' paths and names: a failure's message names them, never shows their real paths. */
  attachments?: readonly NamedFile[];
  staging: RunStaging;
  approvals: RunApprovals;
  caller: ApiCaller;
  callTimeoutMs?: number;
  emit: (event: RunEvent) => void;
  /** The run's counters; calls and failed calls are counted here. */
  stats: Pick<z.infer<typeof runStatisticsSchema>, 'calls' | 'failedCalls'>;
  /** The sandbox's wall clock, paused while a person decides on an approval. */
  clock: () => WallClock | undefined;
}

type Failure = Extract<CallOutcome, { ok: false }>['error']['code'];
const fail = (code: Failure, message: string): CallOutcome => ({ ok: false, error: { code, message } });

/** The host side of a run's API calls: approvals, handle replacement, events, staged-file reports; every call ends with the run. */
export class RunCalls {
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly ended = new AbortController();
  private readonly reported = new Map<string, string>();
  private nextId = 0;

  constructor(private readonly o: RunCallsOptions) {}

  onCall({ name, args }: { name: string; args: unknown }): Promise<CallOutcome> {
    if (this.ended.signal.aborted) return Promise.resolve(fail('CANCELLED', 'the run has ended'));
    const pending = this.callOne(name, args);
    this.inflight.add(pending);
    void pending.finally(() => this.inflight.delete(pending));
    return pending;
  }

  /** Cancels every call still under way (the run ended or was cancelled). */
  stop(): void {
    this.ended.abort();
  }

  /** Waits for calls still under way to stop, at most `ms`; what is still running then is abandoned (already aborted). */
  async settle(ms: number): Promise<void> {
    if (this.inflight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inflight]), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  /** Emits run.artifact.staged for each staged file that is new or changed since the last report. */
  reportArtifacts(): void {
    for (const entry of this.o.staging.entries()) {
      const key = `${entry.action}:${entry.stagedPath ?? ''}`;
      if (this.reported.get(entry.target) === key) continue;
      this.reported.set(entry.target, key);
      this.o.emit({ type: 'run.artifact.staged', runId: this.o.runId, artifact: artifactOf(entry) });
    }
  }

  private async callOne(name: string, args: unknown): Promise<CallOutcome> {
    const { runId, emit, stats } = this.o;
    const id = ++this.nextId;
    stats.calls += 1;
    const started = performance.now();
    emit({ type: 'run.api.called', runId, callId: id, api: name, args });
    const outcome = await this.outcomeOf(name, args).then((o) =>
      o.ok ? o : { ok: false as const, error: { ...o.error, message: withAttachmentNames(o.error.message, this.o.attachments ?? []) } },
    );
    const durationMs = performance.now() - started;
    // Files this call staged are reported while it is still under way, so they are tied to it.
    this.reportArtifacts();
    if (outcome.ok) emit({ type: 'run.api.result', runId, callId: id, api: name, value: outcome.value, durationMs });
    else {
      stats.failedCalls += 1;
      emit({ type: 'run.api.error', runId, callId: id, api: name, error: outcome.error, durationMs });
    }
    return outcome;
  }

  private async outcomeOf(name: string, args: unknown): Promise<CallOutcome> {
    const doc = this.o.byName.get(name);
    if (!doc) return fail('INVALID_ARGUMENTS', `${name} is not an API this program may call`);
    const unwrapped = replaceHandles(args, this.o.handles);
    if ('forged' in unwrapped) {
      return unwrapped.forged.startsWith('the key')
        ? fail('INVALID_ARGUMENTS', `${name}: arguments may not contain ${unwrapped.forged} (it reaches object prototypes)`)
        : fail('PERMISSION_DENIED', `${name}: ${unwrapped.forged} is not a file handle of this run`);
    }
    if (!(await this.approved(name, doc, args))) return fail('DENIED', `the person denied ${name}`);
    if (this.ended.signal.aborted) return fail('CANCELLED', 'the run was cancelled');
    const { staging } = this.o;
    return this.o.caller.call(name, unwrapped.value, { signal: this.ended.signal, roots: staging.grantedRoots, staging, timeoutMs: this.o.callTimeoutMs });
  }

  /** Asks the person for external and destructive calls not approved before; the sandbox's clock stops meanwhile. */
  private async approved(name: string, doc: ApiDocument, args: unknown): Promise<boolean> {
    const { approvals, runId } = this.o;
    if (!needsApproval(doc.effects) || approvals.preApproved(name)) return true;
    const request = approvals.request(name);
    this.o.clock()?.pause();
    this.o.emit({
      type: 'run.approval.requested',
      runId,
      requestId: request.requestId,
      api: name,
      effects: doc.effects,
      args,
      summary: `${name} (${doc.effects}) wants to run with ${JSON.stringify(args).slice(0, 500)}`,
    });
    const decision = await request.decision;
    this.o.clock()?.resume();
    return decision !== 'deny';
  }
}

/** Keys that would reach prototypes if a pack merged the arguments into its own objects. */
const POISON_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Replaces this run's file handles with their real paths; any other `sb-file:` string is a forgery, and
 * so is an object key that reaches prototypes (refused before any pack sees it).
 */
function replaceHandles(value: unknown, handles: Map<string, string>): { value: unknown } | { forged: string } {
  let forged: string | undefined;
  const walk = (v: unknown): unknown => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const poisoned = Object.keys(v).find((k) => POISON_KEYS.has(k));
      if (poisoned) forged ??= `the key "${poisoned}"`;
    }
    if (typeof v === 'string' && v.startsWith(HANDLE_PREFIX)) {
      const real = handles.get(v);
      if (real === undefined) forged ??= v.slice(0, 80);
      return real ?? v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const result = walk(value);
  return forged === undefined ? { value: result } : { forged };
}
