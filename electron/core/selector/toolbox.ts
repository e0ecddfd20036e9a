import type { z } from 'zod';
import type { toolboxApiSchema } from '../../shared/selector';
import type { ScoredApi, SearchOptions, SearchResult } from './search-types';

/**
 * Selection: each step of a request searched, and the toolbox (the APIs a program may call) filled from
 * their results within a declaration token budget. One algorithm for the `apis.select` route and the
 * planner (session/), with one set of defaults.
 */

/** One step of a request: a few words to find its API, and the modules expected (ranked higher, not filtered). */
export interface SelectionStep {
  query: string;
  modules?: readonly string[];
}

export interface SelectOptions {
  /** Candidates asked of the selector per step. */
  k?: number;
  /** Largest total of declaration tokens (compact rendering) in the toolbox. */
  budgetTokens?: number;
  /** Most APIs in the toolbox (no bound but the budget when absent). */
  maxApis?: number;
  /** A step is confident when its best hit was found by full text at rank 1 and leads the second by this ratio. */
  leadRatio?: number;
  signal?: AbortSignal;
}

const SELECT_DEFAULTS = { k: 5, budgetTokens: 6000, maxApis: Number.POSITIVE_INFINITY, leadRatio: 1.15 } as const;

export type ToolboxApi = z.infer<typeof toolboxApiSchema>;

/** The toolbox: the APIs chosen for a request, and what selection left out. */
export interface Toolbox {
  /** In the order they joined: every step's best first, then by rank. */
  apis: ToolboxApi[];
  /** Sum of the chosen APIs' declaration tokens. */
  tokens: number;
  /** Selected by some step but left out for the budget or the size bound. */
  dropped: string[];
}

/** A selection: every step's search and the toolbox filled from them. */
export interface Selection {
  /** Every step's search result (before budgeting), in step order. */
  steps: SearchResult[];
  toolbox: Toolbox;
  /** Each step's best hit is clearly ahead (a one-call turn can trust this toolbox). */
  confident: boolean;
  /** A signal was unavailable (word vectors still being prepared): the ranking is full text only and not to be trusted alone. */
  degraded: boolean;
  /** The steps' warnings, as sentences. */
  warnings: string[];
}

/** What selection needs of a selector: search, and the declaration size of an API it found. */
export interface SelectionSource {
  search(query: string, options: SearchOptions): Promise<SearchResult>;
  /** Estimated tokens of an API's compact declaration; undefined for an API not installed. */
  tokensOf(name: string): number | undefined;
}

/** Signals that found an API, e.g. "fullText#1 vector#3 module". */
function whyFound(hit: ScoredApi): string {
  const parts = Object.entries(hit.signals).map(([signal, h]) => `${signal}#${h!.rank}`);
  if (hit.moduleBoost) parts.push('module');
  if (hit.penalty) parts.push(`penalty ${hit.penalty.toFixed(2)}`);
  return parts.join(' ');
}

/**
 * Fills the toolbox from per-step results: round-robin over the steps by rank (every step's best
 * first), adding an API while its declaration fits the token budget and the toolbox is below maxApis.
 * Every step keeps its best API whatever the bounds: a plan step with no API cannot be written.
 */
export function buildToolbox(
  steps: readonly (readonly ScoredApi[])[],
  tokensOf: (name: string) => number | undefined,
  options: Pick<SelectOptions, 'budgetTokens' | 'maxApis'> = {},
): Toolbox {
  const budget = options.budgetTokens ?? SELECT_DEFAULTS.budgetTokens;
  const maxApis = options.maxApis ?? SELECT_DEFAULTS.maxApis;
  const chosen = new Map<string, ToolboxApi>();
  const dropped = new Set<string>();
  let tokens = 0;
  const depth = Math.max(0, ...steps.map((s) => s.length));
  for (let rank = 0; rank < depth; rank++) {
    steps.forEach((hits, step) => {
      const hit = hits[rank];
      if (!hit) return;
      const seen = chosen.get(hit.name);
      if (seen) {
        seen.score = Math.max(seen.score, hit.score);
        if (!seen.steps.includes(step)) seen.steps.push(step);
        seen.why += `; step ${step + 1} ${whyFound(hit)}`;
        return;
      }
      const cost = tokensOf(hit.name);
      if (cost === undefined) return;
      if (rank > 0 && (chosen.size >= maxApis || tokens + cost > budget)) {
        dropped.add(hit.name);
        return;
      }
      tokens += cost;
      dropped.delete(hit.name);
      chosen.set(hit.name, {
        name: hit.name,
        module: hit.module,
        effects: hit.effects,
        score: hit.score,
        why: `step ${step + 1} ${whyFound(hit)}`,
        tokens: cost,
        steps: [step],
      });
    });
  }
  return { apis: [...chosen.values()], tokens, dropped: [...dropped].filter((n) => !chosen.has(n)) };
}

/**
 * Searches the steps one by one and fills the toolbox from their results (buildToolbox). The selection
 * is confident when every step's best hit was found by full text at rank 1 and leads the second by
 * leadRatio; a degraded (full-text only) ranking never is: BM25 alone ranks on incidental words.
 */
export async function selectToolbox(source: SelectionSource, steps: readonly SelectionStep[], options: SelectOptions = {}): Promise<Selection> {
  const k = options.k ?? SELECT_DEFAULTS.k;
  const lead = options.leadRatio ?? SELECT_DEFAULTS.leadRatio;
  const results: SearchResult[] = [];
  for (const step of steps) {
    options.signal?.throwIfAborted();
    results.push(
      await source.search(step.query, {
        k,
        ...(step.modules?.length ? { modules: step.modules, moduleMode: 'boost' } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    );
  }
  const degraded = results.some((r) => r.status === 'degraded');
  const confident =
    !degraded &&
    results.length > 0 &&
    results.every(
      ({ results: [first, second] }) =>
        first !== undefined && first.signals.fullText?.rank === 1 && (second === undefined || first.score >= second.score * lead),
    );
  return {
    steps: results,
    toolbox: buildToolbox(
      results.map((r) => r.results),
      (name) => source.tokensOf(name),
      options,
    ),
    confident,
    degraded,
    warnings: results.flatMap((r) => r.warnings.map((w) => w.message)),
  };
}
