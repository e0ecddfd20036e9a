import { z } from 'zod';
import { toolboxApiSchema } from './selector';

/** Contract shapes of a planner turn: one event per stage (outline, toolbox, program, diagnostics, repairs, answer) and cancel. */

const turnId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const outlineStepSchema = z.object({ action: z.string(), search: z.string(), modules: z.array(z.string()) });

export const turnStatisticsSchema = z.object({
  mode: z.enum(['one-call', 'two-call']),
  llmCalls: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  repairs: z.number(),
  /** Tokens of API declarations (and their notes) in the program prompt. */
  toolTokens: z.number(),
  timings: z.object({
    totalMs: z.number(),
    modelMs: z.number(),
    selectMs: z.number(),
    verifyMs: z.number(),
    runMs: z.number(),
    /** From the program received to the first API result (or the run's end), model time excluded. */
    programToFirstResultMs: z.number().optional(),
  }),
});
export type TurnStatistics = z.infer<typeof turnStatisticsSchema>;

export const turnStatusSchema = z.enum(['completed', 'question', 'failed', 'cancelled', 'unavailable']);
export type TurnStatus = z.infer<typeof turnStatusSchema>;

/** Longest partial program a progress event carries (well past the longest program a reply may hold). */
export const MAX_PROGRESS_PROGRAM_CHARS = 12_000;

export const turnEventSchemas = {
  'turn.started': z.object({ turnId, conversationId: z.string().optional(), request: z.string() }),
  'turn.outline': z.object({ turnId, steps: z.array(outlineStepSchema), question: z.string(), mode: z.enum(['one-call', 'two-call']) }),
  'turn.toolbox': z.object({
    turnId,
    apis: z.array(toolboxApiSchema),
    tokens: z.number(),
    budget: z.number(),
    confident: z.boolean(),
    degraded: z.boolean().optional(),
    warnings: z.array(z.string()),
  }),
  /**
   * The program as the model writes it (a streamed reply), at most about ten a second: the reply's
   * characters and estimated tokens so far and the program text read from the partial JSON. `turn.program` follows with the whole program.
   */
  'turn.progress': z.object({
    turnId,
    attempt: z.number().int().min(0),
    chars: z.number().int().min(0),
    tokens: z.number().int().min(0),
    program: z.string().max(MAX_PROGRESS_PROGRAM_CHARS),
  }),
  'turn.program': z.object({ turnId, program: z.string(), summary: z.string(), attempt: z.number() }),
  'turn.diagnostics': z.object({ turnId, ok: z.boolean(), text: z.string(), attempt: z.number() }),
  'turn.repair': z.object({ turnId, kind: z.enum(['verify', 'runtime']), attempt: z.number(), feedback: z.string() }),
  'turn.run': z.object({ turnId, runId: z.string() }),
  'turn.answer': z.object({ turnId, delta: z.string() }),
  'turn.finished': z.object({
    turnId,
    status: turnStatusSchema,
    answer: z.string(),
    runId: z.string().optional(),
    artifacts: z.array(z.object({ target: z.string(), kind: z.string(), action: z.string() })),
    statistics: turnStatisticsSchema,
  }),
} as const;
export type TurnEventName = keyof typeof turnEventSchemas;
export const turnEventNames = [
  'turn.started',
  'turn.outline',
  'turn.toolbox',
  'turn.progress',
  'turn.program',
  'turn.diagnostics',
  'turn.repair',
  'turn.run',
  'turn.answer',
  'turn.finished',
] as const satisfies readonly TurnEventName[];

export const turnRoutes = {
  'turn.cancel': { input: z.object({ turnId }).strict(), output: z.object({ turnId, cancelled: z.boolean() }) },
} as const;
