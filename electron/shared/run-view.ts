import { z } from 'zod';
import { boundValue } from './bounded-value';
import {
  approvalDecisionSchema,
  artifactSchema,
  type runEventSchemas,
  runStatisticsSchema,
  runStatusSchema,
  type ApprovalDecision,
  type RunEventName,
} from './run';

/**
 * What a person sees of one run, folded from its run.* events: the calls with their results, the logs, the
 * approvals asked, the artifacts (each with the APIs that staged it) and how it ended. The renderer keeps
 * one per live run; core keeps the same record on disk so a turn's run card survives a restart.
 */

/**
 * Bounds so one runaway program cannot grow a record (or the window) without end: lines, calls, the JSON
 * characters kept of each call's arguments or result (and the program's value), and of all of them in a run.
 */
export const RUN_VIEW_LIMITS = { logLines: 500, calls: 1000, valueChars: 64_000, runChars: 4_000_000 } as const;

const callError = z.object({ code: z.string(), message: z.string() });

export const callViewSchema = z.object({
  callId: z.number(),
  api: z.string(),
  args: z.unknown(),
  value: z.unknown().optional(),
  error: callError.optional(),
  durationMs: z.number().optional(),
});
export type CallView = z.infer<typeof callViewSchema>;

export const approvalViewSchema = z.object({
  requestId: z.string(),
  api: z.string(),
  effects: z.enum(['external', 'destructive']),
  args: z.unknown(),
  summary: z.string(),
  /** Set once answered; the run continues (or gets DENIED) on its own. */
  decision: approvalDecisionSchema.optional(),
});
export type ApprovalView = z.infer<typeof approvalViewSchema>;

/** Where the run's staged files stand; applying/undoing/discarding only while a request is under way. */
export const applyStateSchema = z.enum(['applying', 'applied', 'undoing', 'undone', 'discarding', 'discarded']);
export type ApplyState = z.infer<typeof applyStateSchema>;

export const runRecordSchema = z.object({
  runId: z.string(),
  status: z.union([z.literal('running'), runStatusSchema]),
  calls: z.array(callViewSchema),
  logs: z.array(z.string()),
  approvals: z.array(approvalViewSchema),
  artifacts: z.array(artifactSchema),
  /** For each staged target, the APIs whose calls staged it (thumbs on an artifact are recorded for these). */
  artifactApis: z.record(z.string(), z.array(z.string())),
  value: z.unknown().optional(),
  error: callError.optional(),
  statistics: runStatisticsSchema.optional(),
  applyState: applyStateSchema.optional(),
  /** Files Apply wrote or deleted (and Undo restored). */
  files: z.array(z.object({ target: z.string(), action: z.enum(['write', 'delete']) })).optional(),
  /** JSON characters of arguments and results kept so far (bounded by RUN_VIEW_LIMITS.runChars). */
  keptChars: z.number().optional(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

type Payload<E extends RunEventName> = z.output<(typeof runEventSchemas)[E]>;

/** A value as the record keeps it: whole within the per-value cap and what is left of the run's total, else cut with a note. */
function keep(record: RunRecord, value: unknown, what: string): { kept: unknown; keptChars: number } {
  const used = record.keptChars ?? 0;
  const left = RUN_VIEW_LIMITS.runChars - used;
  if (value !== undefined && left <= 0) {
    return {
      kept: { cut: true, note: `${what} not kept: the run record already holds ${RUN_VIEW_LIMITS.runChars.toLocaleString('en-US')} characters`, preview: '' },
      keptChars: used,
    };
  }
  const { kept, chars } = boundValue(value, Math.min(RUN_VIEW_LIMITS.valueChars, left), what);
  return { kept, keptChars: used + chars };
}

export function emptyRunRecord(runId: string): RunRecord {
  return { runId, status: 'running', calls: [], logs: [], approvals: [], artifacts: [], artifactApis: {} };
}

/** Folds one run event into the record (pure: returns a new record, or the same one when nothing changes). */
export function reduceRunEvent<E extends RunEventName>(record: RunRecord, name: E, payload: Payload<E>): RunRecord {
  switch (name) {
    case 'run.started':
      return { ...record, status: 'running' };
    case 'run.api.called': {
      const e = payload as Payload<'run.api.called'>;
      if (record.calls.length >= RUN_VIEW_LIMITS.calls) return record;
      const { kept, keptChars } = keep(record, e.args, 'arguments');
      return { ...record, keptChars, calls: [...record.calls, { callId: e.callId, api: e.api, args: kept }] };
    }
    case 'run.api.result': {
      const e = payload as Payload<'run.api.result'>;
      if (!record.calls.some((c) => c.callId === e.callId)) return record;
      const { kept, keptChars } = keep(record, e.value, 'result');
      return { ...record, keptChars, calls: record.calls.map((c) => (c.callId === e.callId ? { ...c, value: kept, durationMs: e.durationMs } : c)) };
    }
    case 'run.api.error': {
      const e = payload as Payload<'run.api.error'>;
      return { ...record, calls: record.calls.map((c) => (c.callId === e.callId ? { ...c, error: e.error, durationMs: e.durationMs } : c)) };
    }
    case 'run.log': {
      const e = payload as Payload<'run.log'>;
      return { ...record, logs: [...record.logs, e.text].slice(-RUN_VIEW_LIMITS.logLines) };
    }
    case 'run.approval.requested': {
      const e = payload as Payload<'run.approval.requested'>;
      return { ...record, approvals: [...record.approvals, { requestId: e.requestId, api: e.api, effects: e.effects, args: e.args, summary: e.summary }] };
    }
    case 'run.artifact.staged': {
      const e = payload as Payload<'run.artifact.staged'>;
      const target = e.artifact.target;
      // The call under way (called, no result yet) is the one staging this file.
      const staging = [...record.calls].reverse().find((c) => c.value === undefined && c.error === undefined)?.api;
      const apis = record.artifactApis[target] ?? [];
      return {
        ...record,
        artifacts: [...record.artifacts.filter((a) => a.target !== target), e.artifact],
        artifactApis: staging && !apis.includes(staging) ? { ...record.artifactApis, [target]: [...apis, staging] } : record.artifactApis,
      };
    }
    case 'run.finished': {
      const e = payload as Payload<'run.finished'>;
      const { kept, keptChars } = keep(record, e.value, 'the program’s value');
      return { ...record, keptChars, status: e.status, value: kept, error: e.error, artifacts: e.artifacts, statistics: e.statistics };
    }
  }
  return record;
}

/** Marks an approval as answered (or unanswered again, when the answer did not reach the run). */
export function decideApproval(record: RunRecord, requestId: string, decision: ApprovalDecision | undefined): RunRecord {
  return { ...record, approvals: record.approvals.map((a) => (a.requestId === requestId ? { ...a, decision } : a)) };
}

/** One line of the run list: enough to find a run id and see where its files stand. */
export const runSummarySchema = z.object({
  runId: z.string(),
  status: z.union([z.literal('running'), runStatusSchema]),
  /** When the record was last written (finish, Apply, Undo, Discard), ISO 8601. */
  updatedAt: z.string(),
  calls: z.number().int(),
  artifacts: z.number().int(),
  applyState: applyStateSchema.optional(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const runViewRoutes = {
  /** A run's record: live from memory while it runs, from disk after it finished (also after a restart). */
  'run.get': { input: z.object({ runId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict(), output: runRecordSchema },
  /** Finished runs on disk and live ones, newest first. */
  'runs.list': {
    input: z
      .object({ limit: z.number().int().min(1).max(500).default(50) })
      .strict()
      .default({ limit: 50 }),
    output: z.array(runSummarySchema),
  },
} as const;
