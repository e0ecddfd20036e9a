import { dot } from '../embedder';

/**
 * Exact nearest neighbours by cosine distance, computed while the bench streams its batches (no second pass
 * over the table and no LanceDB flat scan, whose read buffers would count in the RSS the selector is charged).
 */
export class ExactTopK {
  private readonly norms: number[];
  /** Per query: the k smallest distances seen so far, ascending. */
  private readonly best: number[][];

  constructor(
    private readonly queries: readonly Float32Array[],
    private readonly k: number,
  ) {
    this.norms = queries.map((q) => Math.sqrt(dot(q, q)));
    this.best = queries.map(() => []);
  }

  add(vectors: readonly Float32Array[]): void {
    for (let q = 0; q < this.queries.length; q++) {
      const query = this.queries[q]!;
      const best = this.best[q]!;
      for (const v of vectors) {
        const d = cosineDistance(query, this.norms[q]!, v);
        if (best.length === this.k && d >= best[this.k - 1]!) continue;
        let at = best.length;
        while (at > 0 && best[at - 1]! > d) at--;
        best.splice(at, 0, d);
        if (best.length > this.k) best.pop();
      }
    }
  }

  /** The k-th smallest distance for query q (Infinity when fewer than k rows were seen). */
  kthDistance(q: number): number {
    const best = this.best[q]!;
    return best.length === this.k ? best[this.k - 1]! : Infinity;
  }

  /**
   * Tie-aware recall@k of approximate distances against the exact ones: a hit counts when it is no farther than
   * the exact k-th neighbour (synthetic documents share vectors, so the exact top k is a set only up to ties).
   */
  recall(q: number, approxDistances: readonly number[], epsilon = 1e-4): number {
    const kth = this.kthDistance(q);
    const top = approxDistances.slice(0, this.k);
    return top.filter((d) => d <= kth + epsilon).length / this.k;
  }
}

function cosineDistance(a: Float32Array, aNorm: number, b: Float32Array): number {
  let dot = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    bb += b[i]! * b[i]!;
  }
  const denominator = aNorm * Math.sqrt(bb);
  return denominator === 0 ? 1 : 1 - dot / denominator;
}
