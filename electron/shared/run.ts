import { z } from 'zod';

/** Contract shapes of the action executor: runs, their events, approvals, Apply / Undo / Discard. */

const runId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const apiName = z.string().min(3).max(128);

export const runLimitsSchema = z
  .object({
    wallMs: z.number().int().min(10).max(3_600_000),
    memoryBytes: z
      .number()
      .int()
      .min(1024 * 1024)
      .max(1024 * 1024 * 1024),
    stackBytes: z
      .number()
      .int()
      .min(16 * 1024)
      .max(256 * 1024),
    maxCalls: z.number().int().min(0).max(100_000),
    maxLogBytes: z
      .number()
      .int()
      .min(0)
      .max(64 * 1024 * 1024),
    maxResultBytes: z
      .number()
      .int()
      .min(2)
      .max(64 * 1024 * 1024),
  })
  .partial()
  .strict();

export const runStartInputSchema = z
  .object({
    program: z
      .string()
      .min(1)
      .max(256 * 1024),
    /** APIs the program may call (`module.verb`); omitted: every installed API. */
    apis: z.array(apiName).max(500).optional(),
    /** Folders the person granted for this run. */
    roots: z.array(z.string().min(1).max(4096)).max(32).default([]),
    /** Files the person attached; the program sees opaque handles for them. */
    attachments: z.array(z.string().min(1).max(4096)).max(64).default([]),
    limits: runLimitsSchema.optional(),
  })
  .strict();

export const artifactSchema = z.object({
  target: z.string(),
  kind: z.enum(['pptx', 'xlsx', 'docx', 'other']),
  action: z.enum(['write', 'delete']),
});
export type Artifact = z.infer<typeof artifactSchema>;

export const diagnosticSchema = z.object({
  line: z.number(),
  column: z.number(),
  kind: z.enum(['syntax', 'type', 'policy', 'size', 'limit']),
  message: z.string(),
  api: z.string().optional(),
  signature: z.string().optional(),
});

export const runStatusSchema = z.enum(['completed', 'failed', 'refused', 'limit', 'denied', 'cancelled']);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const runStatisticsSchema = z.object({
  durationMs: z.number(),
  verifyMs: z.number(),
  calls: z.number(),
  failedCalls: z.number(),
  approvalsAsked: z.number(),
  logBytes: z.number(),
  artifacts: z.number(),
});

const error = z.object({ code: z.string(), message: z.string() });

export const runEventSchemas = {
  'run.started': z.object({ runId, apis: z.array(z.string()), roots: z.array(z.string()) }),
  'run.api.called': z.object({ runId, callId: z.number(), api: z.string(), args: z.unknown() }),
  'run.api.result': z.object({ runId, callId: z.number(), api: z.string(), value: z.unknown(), durationMs: z.number() }),
  'run.api.error': z.object({ runId, callId: z.number(), api: z.string(), error, durationMs: z.number() }),
  'run.log': z.object({ runId, text: z.string() }),
  'run.approval.requested': z.object({
    runId,
    requestId: z.string(),
    api: z.string(),
    effects: z.enum(['external', 'destructive']),
    args: z.unknown(),
    summary: z.string(),
  }),
  'run.artifact.staged': z.object({ runId, artifact: artifactSchema }),
  'run.finished': z.object({
    runId,
    status: runStatusSchema,
    value: z.unknown().optional(),
    error: error.optional(),
    diagnostics: z.array(diagnosticSchema).optional(),
    artifacts: z.array(artifactSchema),
    statistics: runStatisticsSchema,
  }),
} as const;
export type RunEventName = keyof typeof runEventSchemas;
export const RUN_EVENT_NAMES = Object.keys(runEventSchemas) as RunEventName[];

export const approvalDecisionSchema = z.enum(['deny', 'once', 'run', 'always']);
export type ApprovalDecision = z.infer<typeof approvalDecisionSchema>;

export const applyReportSchema = z.object({
  runId,
  state: z.enum(['applied', 'undone', 'discarded']),
  files: z.array(z.object({ target: z.string(), action: z.enum(['write', 'delete']) })),
});

export const runRoutes = {
  'run.start': { input: runStartInputSchema, output: z.object({ runId }) },
  'run.cancel': { input: z.object({ runId }).strict(), output: z.object({ runId, cancelled: z.boolean() }) },
  'run.approve': {
    input: z.object({ runId, requestId: z.string().min(1).max(64), decision: approvalDecisionSchema }).strict(),
    output: z.object({ runId, requestId: z.string() }),
  },
  'run.apply': { input: z.object({ runId }).strict(), output: applyReportSchema },
  'run.undo': { input: z.object({ runId }).strict(), output: applyReportSchema },
  'run.discard': { input: z.object({ runId }).strict(), output: applyReportSchema },
  'approvals.list': { input: z.object({}).strict().default({}), output: z.object({ always: z.array(z.string()) }) },
  'approvals.revoke': { input: z.object({ api: apiName }).strict(), output: z.object({ always: z.array(z.string()) }) },
} as const;
