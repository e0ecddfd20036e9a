/** The signals that can find an API; each result says which did ("why this API"). */
export type Signal = 'vector' | 'fullText' | 'feedback';

export interface SignalHit {
  rank: number;
  /** Raw signal score: cosine distance (vector), BM25 (fullText), neighbour-weighted votes (feedback). */
  score: number;
}

export interface FusedItem {
  name: string;
  score: number;
  signals: Partial<Record<Signal, SignalHit>>;
}

export interface RankedList {
  signal: Signal;
  weight: number;
  hits: readonly { name: string; score: number }[];
}

/**
 * Weighted reciprocal rank fusion (Cormack et al. 2009): score = Σ w / (k + rank) over every list
 * (a signal may give several lists: the whole request and each of its clauses). Ranks are 1-based.
 * A list adds at most w / (k + 1) to one item, which bounds what any one signal can do.
 */
export function reciprocalRankFusion(lists: readonly RankedList[], k = 60): FusedItem[] {
  const fused = new Map<string, FusedItem>();
  for (const { signal, weight, hits } of lists) {
    if (weight <= 0) continue;
    const seen = new Set<string>();
    hits.forEach((hit, i) => {
      if (seen.has(hit.name)) return; // first (best) occurrence only
      seen.add(hit.name);
      let item = fused.get(hit.name);
      if (!item) {
        item = { name: hit.name, score: 0, signals: {} };
        fused.set(hit.name, item);
      }
      const best = item.signals[signal];
      if (!best || best.rank > i + 1) item.signals[signal] = { rank: i + 1, score: hit.score };
      item.score += weight / (k + i + 1);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
}
