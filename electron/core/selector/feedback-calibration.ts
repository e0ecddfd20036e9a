import type { FeedbackMemory } from './feedback-memory';

export interface Calibration {
  /** Probability that a past request this similar shares a given API of its own (0..1). */
  confidence: (sim: number) => number;
  /** Leave-one-out pairs the curve was fitted on. */
  pairs: number;
  /** Past requests sampled. */
  requests: number;
  /** Fitted bin edges (lower bound) and probabilities, for logs and the README. */
  curve: { from: number; p: number; n: number }[];
}

export interface CalibrationOptions {
  /** Past requests sampled for leave-one-out (evenly through the memory). */
  sample?: number;
  bins?: number;
  /** Fewer sampled requests than this: no calibration (the memory keeps its default). */
  minRequests?: number;
}

/**
 * Learns how far a neighbour's votes can be trusted, from the memory alone (no labels but the
 * feedback itself): each sampled past request is matched against all the others (leave-one-out);
 * every API a neighbour voted for is a pair (similarity, did this request also use it?). The pairs
 * are binned by similarity and fitted with a monotone (isotonic, pool-adjacent-violators) curve,
 * smoothed towards the overall rate, so a registry whose similar requests rarely share APIs learns
 * to trust feedback little, and one where they usually do learns to trust it a lot.
 */
export function calibrate(memory: FeedbackMemory, options: CalibrationOptions = {}): Calibration | undefined {
  const sample = options.sample ?? 300;
  const bins = options.bins ?? 20;
  const all = [...memory.requests()].filter((r) => [...r.votes.values()].some((v) => v > 0));
  if (all.length < (options.minRequests ?? 30)) return undefined;
  const stride = Math.max(1, all.length / sample);
  const hits = new Array<number>(bins).fill(0);
  const counts = new Array<number>(bins).fill(0);
  let requests = 0;
  for (let i = 0; i < all.length; i += stride) {
    const target = all[Math.floor(i)]!;
    requests++;
    const gold = new Set([...target.votes].filter(([, v]) => v > 0).map(([api]) => api));
    for (const { sim, votes } of memory.nearest(target.request, target.vector, { exclude: target.request })) {
      const bin = Math.min(bins - 1, Math.max(0, Math.floor(sim * bins)));
      for (const [api, v] of votes) {
        if (v <= 0) continue;
        counts[bin]!++;
        if (gold.has(api)) hits[bin]!++;
      }
    }
  }
  const pairs = counts.reduce((a, b) => a + b, 0);
  if (pairs === 0) return undefined;
  const base = hits.reduce((a, b) => a + b, 0) / pairs;
  // Smoothing: each bin starts with two pseudo-pairs at the overall rate.
  const prior = 2;
  const blocks: { p: number; w: number; from: number; to: number }[] = [];
  for (let b = 0; b < bins; b++) {
    const w = counts[b]! + prior;
    blocks.push({ p: (hits[b]! + prior * base) / w, w, from: b, to: b });
    while (blocks.length > 1 && blocks.at(-2)!.p > blocks.at(-1)!.p) {
      const y = blocks.pop()!;
      const x = blocks.pop()!;
      blocks.push({ p: (x.p * x.w + y.p * y.w) / (x.w + y.w), w: x.w + y.w, from: x.from, to: y.to });
    }
  }
  const perBin = new Array<number>(bins).fill(0);
  for (const block of blocks) for (let b = block.from; b <= block.to; b++) perBin[b] = block.p;
  const confidence = (sim: number): number => {
    const x = Math.max(0, Math.min(1, sim)) * bins - 0.5;
    const lo = Math.max(0, Math.min(bins - 1, Math.floor(x)));
    const hi = Math.min(bins - 1, lo + 1);
    const t = Math.max(0, Math.min(1, x - lo));
    return perBin[lo]! * (1 - t) + perBin[hi]! * t;
  };
  const curve = perBin.map((p, b) => ({ from: b / bins, p: Math.round(p * 1000) / 1000, n: counts[b]! })).filter((c) => c.n > 0);
  return { confidence, pairs, requests, curve };
}
