import type { ClauseMode } from '../ranking';

/** Retrieval figures for one query: the share of gold in the top k, nDCG@5 (binary gains), completeness. */
export interface QueryScore {
  recall: Record<1 | 5 | 10, number>;
  ndcg5: number;
  complete5: boolean;
}

export function scoreQuery(ranked: readonly string[], gold: readonly string[]): QueryScore {
  const goldSet = new Set(gold);
  const hits = (k: number): number => ranked.slice(0, k).filter((n) => goldSet.has(n)).length;
  let dcg = 0;
  ranked.slice(0, 5).forEach((n, i) => {
    if (goldSet.has(n)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(5, goldSet.size); i++) ideal += 1 / Math.log2(i + 2);
  return {
    recall: { 1: hits(1) / goldSet.size, 5: hits(5) / goldSet.size, 10: hits(10) / goldSet.size },
    ndcg5: ideal > 0 ? dcg / ideal : 0,
    complete5: hits(5) === goldSet.size,
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface SelectFigures {
  apis: number;
  queries: number;
  feedback: number;
  'recall@1': number;
  'recall@5': number;
  'recall@10': number;
  'ndcg@5': number;
  'comp@5': number;
  p50_ms: number;
  p95_ms: number;
  /** With feedback: the feedback weight the selector learned by leave-one-out replay (0 = feedback off). */
  feedback_weight?: number;
  /** With feedback: the clause mode learned with it (fused, cover, lead or cover-learned; see ClauseMode). */
  clause_lead?: ClauseMode;
  /** With feedback: share of evaluated gold APIs that some feedback line used (what feedback can reach). */
  gold_seen?: number;
  /**
   * With feedback: Recall@5 of an oracle that puts every gold API the feedback has seen first and fills
   * the rest from the cold ranking; no method that learns only from this feedback can be sure to beat it.
   */
  'ceiling@5'?: number;
}

export function summarize(apis: number, feedback: number, scores: readonly QueryScore[], times: number[]): SelectFigures {
  const mean = (f: (s: QueryScore) => number): number => round(scores.reduce((a, s) => a + f(s), 0) / (scores.length || 1), 4);
  times.sort((a, b) => a - b);
  return {
    apis,
    queries: scores.length,
    feedback,
    'recall@1': mean((s) => s.recall[1]),
    'recall@5': mean((s) => s.recall[5]),
    'recall@10': mean((s) => s.recall[10]),
    'ndcg@5': mean((s) => s.ndcg5),
    'comp@5': mean((s) => (s.complete5 ? 1 : 0)),
    p50_ms: round(percentile(times, 50), 3),
    p95_ms: round(percentile(times, 95), 3),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
