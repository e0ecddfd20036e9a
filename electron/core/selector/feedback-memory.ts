import { dot } from './embedder';
import { STOP_WORDS, tokenize } from './tokenize';

export type FeedbackOutcome = 'applied' | 'discarded' | 'up' | 'down';

/** What one outcome says about the APIs a request used. */
export const OUTCOME_WEIGHT: Record<FeedbackOutcome, number> = { applied: 1, up: 1, discarded: -1, down: -1 };

interface Entry {
  key: string;
  terms: Map<string, number>;
  vector: Float32Array | undefined;
  /** API → net vote of every outcome recorded for this request. */
  votes: Map<string, number>;
}

export interface FeedbackScores {
  /** APIs that similar past requests applied or liked, best first. */
  positive: { name: string; score: number }[];
  /** APIs similar past requests discarded or disliked, with a penalty in 0..1. */
  negative: Map<string, number>;
  neighbours: number;
}

export interface FeedbackMemoryOptions {
  /** Past requests kept (oldest dropped first). */
  capacity?: number;
  /** Neighbours (similar past requests) that vote. */
  neighbours?: number;
  /** Weight of dense similarity against term similarity. */
  denseWeight?: number;
}

/**
 * Learns from use: stores past requests (terms and embedding) with the APIs whose runs were applied,
 * liked, discarded or disliked. A new request is scored against its nearest past requests by a mix
 * of TF-IDF term similarity and embedding similarity, so new wordings of the same need still match.
 */
export class FeedbackMemory {
  private readonly entries = new Map<number, Entry>();
  private readonly byText = new Map<string, number>();
  private readonly postings = new Map<string, Set<number>>();
  private readonly df = new Map<string, number>();
  private nextId = 0;
  private readonly capacity: number;
  private readonly k: number;
  private readonly denseWeight: number;

  constructor(options: FeedbackMemoryOptions = {}) {
    this.capacity = options.capacity ?? 50_000;
    this.k = options.neighbours ?? 10;
    this.denseWeight = options.denseWeight ?? 0.5;
  }

  get size(): number {
    return this.entries.size;
  }

  add(request: string, vector: Float32Array | undefined, apis: readonly string[], outcome: FeedbackOutcome): void {
    const key = request.trim().toLowerCase();
    let id = this.byText.get(key);
    let entry = id === undefined ? undefined : this.entries.get(id);
    if (!entry) {
      id = this.nextId++;
      entry = { key, terms: termCounts(request), vector, votes: new Map() };
      this.entries.set(id, entry);
      this.byText.set(key, id);
      for (const term of entry.terms.keys()) {
        let set = this.postings.get(term);
        if (!set) this.postings.set(term, (set = new Set()));
        set.add(id);
        this.df.set(term, (this.df.get(term) ?? 0) + 1);
      }
      if (this.entries.size > this.capacity) this.evictOldest();
    }
    if (vector && !entry.vector) entry.vector = vector;
    for (const api of apis) entry.votes.set(api, (entry.votes.get(api) ?? 0) + OUTCOME_WEIGHT[outcome]);
  }

  /** Forgets an API everywhere (it was removed from the registry). */
  forgetApis(names: ReadonlySet<string>): void {
    for (const entry of this.entries.values()) for (const name of names) entry.votes.delete(name);
  }

  score(request: string, vector: Float32Array | undefined): FeedbackScores {
    const empty: FeedbackScores = { positive: [], negative: new Map(), neighbours: 0 };
    if (this.entries.size === 0) return empty;
    const n = this.entries.size;
    const idf = (t: string): number => Math.log(1 + n / (this.df.get(t) ?? n));
    const qTerms = termCounts(request);
    let qNorm = 0;
    for (const [t, c] of qTerms) qNorm += (c * idf(t)) ** 2;
    qNorm = Math.sqrt(qNorm);
    const lexical = new Map<number, number>();
    for (const [t, c] of qTerms) {
      const w = c * idf(t);
      for (const id of this.postings.get(t) ?? []) {
        const e = this.entries.get(id)!;
        lexical.set(id, (lexical.get(id) ?? 0) + w * (e.terms.get(t) ?? 0) * idf(t));
      }
    }
    const sims: { id: number; sim: number }[] = [];
    const useDense = vector !== undefined && vector.some((x) => x !== 0);
    for (const [id, e] of this.entries) {
      let lex = 0;
      const raw = lexical.get(id);
      if (raw !== undefined && qNorm > 0) {
        let eNorm = 0;
        for (const [t, c] of e.terms) eNorm += (c * idf(t)) ** 2;
        lex = raw / (qNorm * Math.sqrt(eNorm) || 1);
      }
      const dense = useDense && e.vector ? Math.max(0, dot(vector, e.vector)) : 0;
      const sim = useDense ? (1 - this.denseWeight) * lex + this.denseWeight * dense : lex;
      if (sim > 0) sims.push({ id, sim });
    }
    sims.sort((a, b) => b.sim - a.sim);
    const top = sims.slice(0, this.k);
    const votes = new Map<string, number>();
    for (const { id, sim } of top) {
      const weight = sim ** 4;
      for (const [api, v] of this.entries.get(id)!.votes) votes.set(api, (votes.get(api) ?? 0) + weight * Math.sign(v) * Math.min(3, Math.abs(v)));
    }
    const positive = [...votes].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const negative = new Map([...votes].filter(([, v]) => v < 0).map(([api, v]) => [api, Math.min(1, -v)]));
    return { positive: positive.map(([name, score]) => ({ name, score })), negative, neighbours: top.length };
  }

  private evictOldest(): void {
    const [oldest] = this.entries.keys();
    if (oldest === undefined) return;
    const entry = this.entries.get(oldest)!;
    this.entries.delete(oldest);
    this.byText.delete(entry.key);
    for (const term of entry.terms.keys()) {
      this.postings.get(term)?.delete(oldest);
      const df = (this.df.get(term) ?? 1) - 1;
      if (df <= 0) this.df.delete(term);
      else this.df.set(term, df);
    }
  }
}

function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokenize(text, 512)) if (!STOP_WORDS.has(t) && t.length > 1) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
