import type { FeedbackMemory } from './feedback-memory';
import type { FeedbackScores } from './feedback-memory';

/** One past request replayed leave-one-out: what the content signals and the other requests say. */
export interface ReplayCase {
  gold: ReadonlySet<string>;
  /** Ranked names for a candidate feedback weight. */
  rank: (feedbackWeight: number) => readonly string[];
}

export const FEEDBACK_WEIGHT_GRID = [0, 0.5, 1, 2, 3, 4] as const;

/**
 * Picks the feedback weight for this registry by leave-one-out replay of past requests: each sampled
 * request is ranked as if it were new (its own feedback left out) under every weight of the grid,
 * and the weight with the best Recall@5 of the APIs it used wins; ties are broken by mean reciprocal
 * rank (within the top 10), then go to the smaller weight, so feedback must earn its influence. Only
 * the feedback itself is used: no held-out labels.
 */
export function chooseFeedbackWeight(cases: readonly ReplayCase[], grid: readonly number[] = FEEDBACK_WEIGHT_GRID): { weight: number; recall: Record<string, number> } {
  const recall: Record<string, number> = {};
  let best = { weight: grid[0]!, r: -1, mrr: -1 };
  for (const w of grid) {
    let sum = 0;
    let rr = 0;
    for (const c of cases) {
      const ranked = c.rank(w);
      sum += ranked.slice(0, 5).filter((n) => c.gold.has(n)).length / c.gold.size;
      const first = ranked.slice(0, 10).findIndex((n) => c.gold.has(n));
      rr += first >= 0 ? 1 / (first + 1) : 0;
    }
    const r = cases.length > 0 ? sum / cases.length : 0;
    const mrr = cases.length > 0 ? rr / cases.length : 0;
    recall[String(w)] = Math.round(r * 1000) / 1000;
    if (r > best.r + 1e-9 || (r > best.r - 1e-9 && mrr > best.mrr + 1e-9)) best = { weight: w, r: Math.max(r, best.r), mrr };
  }
  return { weight: best.weight, recall };
}

/** Past requests sampled evenly through the memory, with the APIs they used (positive votes). */
export function sampleRequests(memory: FeedbackMemory, sample: number): { request: string; vector: Float32Array | undefined; gold: Set<string> }[] {
  const all = [...memory.requests()].map((r) => ({ request: r.request, vector: r.vector, gold: new Set([...r.votes].filter(([, v]) => v > 0).map(([a]) => a)) })).filter((r) => r.gold.size > 0);
  const stride = Math.max(1, all.length / sample);
  const out: typeof all = [];
  for (let i = 0; i < all.length; i += stride) out.push(all[Math.floor(i)]!);
  return out;
}

export type { FeedbackScores };
