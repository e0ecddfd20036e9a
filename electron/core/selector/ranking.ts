import { z } from 'zod';
import type { SelectorDoc } from './documents';
import type { FeedbackScores } from './feedback-memory';
import { reciprocalRankFusion, type RankedList } from './fusion';
import type { Retrieval, ScoredApi } from './search-types';

/**
 * How a multi-step request's clauses shape the top of the ranking (see leadWithClauses):
 * `fused` fused order only; `cover` (the default) each clause's best API gets a place in the top 5;
 * `lead` each clause's best API (with the votes of similar past steps) comes first;
 * `cover-learned` as `cover`, with the leads picked as in `lead`.
 */
export const CLAUSE_MODES = ['fused', 'cover', 'lead', 'cover-learned'] as const;
export type ClauseMode = (typeof CLAUSE_MODES)[number];

/**
 * A clause mode as stored: one of CLAUSE_MODES, or the number earlier versions wrote (0 fused, 1 cover,
 * 2 lead, 3 cover-learned), read as its name.
 */
const clauseModeSchema = z.union([
  z.enum(CLAUSE_MODES),
  z
    .number()
    .int()
    .min(0)
    .max(CLAUSE_MODES.length - 1)
    .transform((n) => CLAUSE_MODES[n]!),
]);

export interface SelectorWeights {
  vector: number;
  fullText: number;
  feedback: number;
  /** Share of a clause's lists against the whole request's (multi-step requests). */
  clause: number;
  /** How a multi-step request's clauses lead (see ClauseMode). */
  clauseLead: ClauseMode;
  /** Bonus for a predicted module, as an extra rank-1 vote of this weight. */
  module: number;
  /** Largest penalty (as a rank-1 vote) for APIs discarded on similar requests. */
  discard: number;
  /** Largest usage-prior bonus (as a rank-1 vote) for APIs applied or liked often. */
  prior: number;
  /** At most this many APIs get a feedback vote per query (bounds how many can pass a new API). */
  feedbackApis: number;
}

/** Weights as given to the selector: `clauseLead` may still be an old numeric mode. */
export type SelectorWeightsInput = Partial<Omit<SelectorWeights, 'clauseLead'> & { clauseLead: ClauseMode | number }>;

export const DEFAULT_WEIGHTS: SelectorWeights = {
  vector: 0.2,
  fullText: 1,
  feedback: 3,
  clause: 1,
  clauseLead: 'cover',
  module: 0.5,
  discard: 1,
  prior: 0.3,
  feedbackApis: 5,
};
export const DEFAULT_RRF_K = 5;

/** The defaults overlaid with given weights; an old numeric clause mode is read as its name, anything else refused. */
export function readWeights(input: SelectorWeightsInput = {}): SelectorWeights {
  const { clauseLead, ...rest } = input;
  if (clauseLead === undefined) return { ...DEFAULT_WEIGHTS, ...rest };
  const mode = clauseModeSchema.safeParse(clauseLead);
  if (!mode.success)
    throw new Error(`selector weights: clauseLead must be one of ${CLAUSE_MODES.join(', ')} (or 0-3 as written before); got ${JSON.stringify(clauseLead)}`);
  return { ...DEFAULT_WEIGHTS, ...rest, clauseLead: mode.data };
}

/** What ranking reads besides the retrieval: the indexed documents and the usage prior. */
export interface RankContext {
  /** The current documents; a retrieval that carries its generation's own (`Retrieval.docs`) is ranked by those. */
  docs: ReadonlyMap<string, SelectorDoc>;
  prior: (name: string) => number;
  rrfK: number;
  /** Candidates taken from each signal before fusion. */
  candidates: number;
}

/**
 * Ranks a retrieval: weighted RRF of the content lists, then the feedback learned from similar past
 * requests and the usage prior, then the module boost and discard penalties. Pure given its inputs.
 */
export function rankRetrieval(retrieval: Retrieval, k: number, weights: SelectorWeights, scores: FeedbackScores, ctx: RankContext): ScoredApi[] {
  const lists = (retrieval.lists ?? []).map((l) => ({
    ...l,
    weight: (l.text === 0 ? 1 : weights.clause) * (l.signal === 'vector' ? weights.vector : weights.fullText),
  }));
  const { rrfK } = ctx;
  const { where, boosted } = retrieval;
  const docs = retrieval.docs ?? ctx.docs;
  const allowed = (name: string): boolean => {
    const doc = docs.get(name);
    return doc !== undefined && (where === undefined || boosted.has(doc.module));
  };
  const fused = reciprocalRankFusion(lists, rrfK);
  const rrfTop = 1 / (rrfK + 1);
  const limit = Math.max(ctx.candidates, k * 3);
  // Feedback adds by confidence, not rank: votes of close past requests count, distant ones barely;
  // at most weight × a rank-1 vote, so an API the content signals rank first is never buried.
  const byName = new Map(fused.map((f) => [f.name, f]));
  mergeClauseVotes(scores)
    .filter((h) => allowed(h.name))
    .slice(0, Math.min(limit, weights.feedbackApis))
    .forEach((hit, i) => {
      let item = byName.get(hit.name);
      if (!item) {
        item = { name: hit.name, score: 0, signals: {} };
        byName.set(hit.name, item);
        fused.push(item);
      }
      item.signals.feedback = { rank: i + 1, score: hit.score };
      item.score += weights.feedback * rrfTop * Math.min(1, hit.score);
    });
  const results: ScoredApi[] = fused.map((item) => {
    const doc = docs.get(item.name)!;
    let score = item.score;
    const boost = where === undefined && boosted.has(doc.module);
    if (boost) score += weights.module * rrfTop;
    const prior = ctx.prior(item.name);
    if (prior > 0) score += weights.prior * rrfTop * prior;
    const penalty = scores.negative.get(item.name);
    if (penalty) score -= weights.discard * rrfTop * penalty;
    return {
      name: doc.name,
      module: doc.module,
      pack: doc.pack,
      effects: doc.effects,
      score,
      signals: item.signals,
      ...(boost ? { moduleBoost: true } : {}),
      ...(penalty ? { penalty } : {}),
    };
  });
  results.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  const texts = retrieval.texts.length;
  if (texts <= 1 || weights.clauseLead === 'fused') return results;
  const clauseVotes = (scores.clauses ?? []).map((hits) =>
    hits.filter((h) => allowed(h.name)).map((h) => ({ name: h.name, score: weights.feedback * rrfTop * Math.min(1, h.score) })),
  );
  return leadWithClauses(results, lists, clauseVotes, texts, k, weights.clauseLead, rrfK);
}

/** Adds the clause memory's votes to the whole request's (an API keeps its best vote). */
function mergeClauseVotes(scores: FeedbackScores): FeedbackScores['positive'] {
  if (!scores.clauses?.length) return scores.positive;
  const best = new Map(scores.positive.map((h) => [h.name, h.score]));
  for (const hits of scores.clauses) for (const h of hits) best.set(h.name, Math.max(best.get(h.name) ?? 0, h.score));
  return [...best].map(([name, score]) => ({ name, score })).sort((x, y) => y.score - x.score || x.name.localeCompare(y.name));
}

/**
 * How a multi-step request's clauses shape the top of the ranking (SelectorWeights.clauseLead):
 * - `cover` (the default): each clause's best API by its own lists (or the next best, when another
 *   clause already took it) gets a place in the top 5, in fused order;
 * - `lead`: each clause's best API, by its own lists and the votes of similar steps of past
 *   requests, comes first; a clause whose best API already leads (a sentence that only adds detail to
 *   another step) adds nothing;
 * - `cover-learned`: `cover` with the leads picked as in `lead`;
 * - `fused`: fused order only (the caller returns before this).
 * The selector learns which one a registry's requests need from feedback (chooseRanking).
 */
function leadWithClauses(
  results: ScoredApi[],
  lists: readonly (RankedList & { text: number })[],
  clauseVotes: readonly { name: string; score: number }[][],
  texts: number,
  k: number,
  mode: Exclude<ClauseMode, 'fused'>,
  rrfK: number,
): ScoredApi[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  const leads = new Set<string>();
  for (let t = 1; t < texts && leads.size < k - 1; t++) {
    const own = lists.filter((l) => l.text === t);
    if (mode === 'cover') {
      const best = reciprocalRankFusion(own).find((f) => byName.has(f.name) && !leads.has(f.name));
      if (best) leads.add(best.name);
      continue;
    }
    const score = new Map(reciprocalRankFusion(own, rrfK).map((f) => [f.name, f.score]));
    for (const v of clauseVotes[t - 1] ?? []) score.set(v.name, (score.get(v.name) ?? 0) + v.score);
    let best: string | undefined;
    for (const [name, s] of score) if (byName.has(name) && (best === undefined || s > score.get(best)! || (s === score.get(best)! && name < best))) best = name;
    if (best !== undefined) leads.add(best);
  }
  if (mode === 'lead') {
    const lead = results.filter((r) => leads.has(r.name));
    return [...lead, ...results.filter((r) => !leads.has(r.name))];
  }
  // Coverage: keep the fused order, but make room in the first `window` places for missing leads.
  const window = Math.min(k, Math.max(5, leads.size + 1));
  const head = results.slice(0, window);
  const missing = results.filter((r, i) => i >= window && leads.has(r.name));
  for (const m of missing) {
    let drop = -1;
    for (let i = head.length - 1; i >= 0; i--)
      if (!leads.has(head[i]!.name)) {
        drop = i;
        break;
      }
    if (drop < 0) break;
    head.splice(drop, 1);
    head.push(m);
  }
  const inHead = new Set(head.map((r) => r.name));
  return [...head, ...results.filter((r) => !inHead.has(r.name))];
}
