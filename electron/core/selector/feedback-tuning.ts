import type { FeedbackMemory } from './feedback-memory';
import type { ClauseMode } from './ranking';

/** The ranking settings learned from feedback: how much it counts, and how a multi-step request's clauses lead. */
export interface RankingChoice {
  feedback: number;
  /** How a multi-step request's clauses lead (see ClauseMode). */
  clauseLead: ClauseMode;
}

/** One past request replayed leave-one-out: what the content signals and the other requests say. */
export interface ReplayCase {
  gold: ReadonlySet<string>;
  /** Ranked names under candidate settings. */
  rank: (choice: RankingChoice) => readonly string[];
}

export const FEEDBACK_WEIGHT_GRID = [0, 0.5, 1, 2, 3, 4] as const;
/** The default (`cover`) first, so a tie keeps it. */
export const CLAUSE_LEAD_GRID: readonly ClauseMode[] = ['cover', 'cover-learned', 'lead', 'fused'];

const label = (c: RankingChoice): string => `${c.feedback}/${c.clauseLead}`;

/**
 * Picks the ranking settings for this registry by leave-one-out replay of past requests: each sampled
 * request is ranked as if it were new (its own feedback left out) under every feedback weight and
 * clause mode of the grid, and the settings with the best Recall@5 of the APIs it used win; ties are
 * broken by mean reciprocal rank (within the top 10), then go to the earlier grid entry (smaller
 * weight, default clause mode), so feedback must earn its influence. Only the feedback itself is
 * used: no held-out labels. `recall` is keyed "weight/clauseLead".
 */
export function chooseRanking(
  cases: readonly ReplayCase[],
  weights: readonly number[] = FEEDBACK_WEIGHT_GRID,
  clauseLeads: readonly ClauseMode[] = CLAUSE_LEAD_GRID,
): { choice: RankingChoice; recall: Record<string, number> } {
  const recall: Record<string, number> = {};
  let best = { choice: { feedback: weights[0]!, clauseLead: clauseLeads[0]! }, r: -1, mrr: -1 };
  for (const feedback of weights)
    for (const clauseLead of clauseLeads) {
      const choice: RankingChoice = { feedback, clauseLead };
      let sum = 0;
      let rr = 0;
      for (const c of cases) {
        const ranked = c.rank(choice);
        sum += ranked.slice(0, 5).filter((n) => c.gold.has(n)).length / c.gold.size;
        const first = ranked.slice(0, 10).findIndex((n) => c.gold.has(n));
        rr += first >= 0 ? 1 / (first + 1) : 0;
      }
      const r = cases.length > 0 ? sum / cases.length : 0;
      const mrr = cases.length > 0 ? rr / cases.length : 0;
      recall[label(choice)] = Math.round(r * 1000) / 1000;
      if (r > best.r + 1e-9 || (r > best.r - 1e-9 && mrr > best.mrr + 1e-9)) best = { choice, r: Math.max(r, best.r), mrr };
    }
  return { choice: best.choice, recall };
}

/** Past requests sampled evenly through the memory, with the APIs they used (positive votes). */
export function sampleRequests(memory: FeedbackMemory, sample: number): { request: string; vector: Float32Array | undefined; gold: Set<string> }[] {
  const all = [...memory.requests()]
    .map((r) => ({ request: r.request, vector: r.vector, gold: new Set([...r.votes].filter(([, v]) => v > 0).map(([a]) => a)) }))
    .filter((r) => r.gold.size > 0);
  const stride = Math.max(1, all.length / sample);
  const out: typeof all = [];
  for (let i = 0; i < all.length; i += stride) out.push(all[Math.floor(i)]!);
  return out;
}
