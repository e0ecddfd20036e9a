import { z } from 'zod';

/** Contract shapes of the API selector: search, multi-step selection, feedback, warnings. */

const signalHit = z.object({ rank: z.number(), score: z.number() });

export const scoredApiSchema = z.object({
  name: z.string(),
  module: z.string(),
  pack: z.string(),
  effects: z.string(),
  score: z.number(),
  /** Which signals found it ("why this API"). */
  signals: z.object({ vector: signalHit.optional(), fullText: signalHit.optional(), feedback: signalHit.optional() }),
  moduleBoost: z.boolean().optional(),
  penalty: z.number().optional(),
});

export const selectorWarningSchema = z.object({
  code: z.enum(['EMBEDDER_UNAVAILABLE', 'UNKNOWN_MODULE', 'INDEX_REBUILT', 'QUERY_TRUNCATED', 'NO_KNOWN_WORDS']),
  message: z.string(),
});
/** Why a selection is degraded or was adjusted (not a failure: the search still answers). */
export type SelectorWarning = z.output<typeof selectorWarningSchema>;

const searchResultSchema = z.object({
  query: z.string(),
  results: z.array(scoredApiSchema),
  status: z.enum(['ok', 'degraded']),
  warnings: z.array(selectorWarningSchema),
});

/** One API of a toolbox (the `apis.select` route's and a planner turn's). */
export const toolboxApiSchema = z.object({
  name: z.string(),
  module: z.string(),
  effects: z.string(),
  /** Best score over the steps that found it (0: it joined later, not by selection). */
  score: z.number(),
  /** Which steps found it and by which signals ("step 1 fullText#1 vector#2"), or why it joined. */
  why: z.string(),
  /** Estimated tokens of its compact declaration. */
  tokens: z.number(),
  /** Indexes of the steps that selected it (empty when it joined later). */
  steps: z.array(z.number()),
});

const stepSchema = z.object({
  query: z.string().max(20_000),
  modules: z.array(z.string().max(80)).max(20).optional(),
});

export const selectorRoutes = {
  'apis.search': {
    input: z
      .object({
        query: z.string().max(20_000),
        k: z.number().int().min(1).max(100).optional(),
        modules: z.array(z.string().max(80)).max(20).optional(),
        moduleMode: z.enum(['filter', 'boost']).optional(),
      })
      .strict(),
    output: searchResultSchema,
  },
  'apis.select': {
    input: z
      .object({
        steps: z.array(stepSchema).min(1).max(20),
        /** Candidates per step (default 5). */
        k: z.number().int().min(1).max(50).optional(),
        /** Declaration tokens the toolbox may hold (default 6000); each step's best API is kept past it. */
        budgetTokens: z.number().int().min(100).max(200_000).optional(),
        /** Most APIs in the toolbox (default: no bound but the budget); each step's best API is kept past it. */
        maxApis: z.number().int().min(1).max(200).optional(),
      })
      .strict(),
    output: z.object({
      steps: z.array(searchResultSchema),
      toolbox: z.array(toolboxApiSchema),
      tokens: z.number(),
      dropped: z.array(z.string()),
    }),
  },
  'apis.feedback': {
    input: z
      .object({
        request: z.string().min(1).max(20_000),
        apis: z.array(z.string().max(200)).min(1).max(200),
        outcome: z.enum(['applied', 'discarded', 'up', 'down']),
      })
      .strict(),
    output: z.object({ recorded: z.number() }),
  },
} as const;
