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
  /**
   * Multi-step requests: for each clause (in order), APIs that past requests used for a similar step,
   * best first (from the clause memory; see alignApisToClauses).
   */
  clauses?: { name: string; score: number }[][];
}

export interface Neighbour {
  sim: number;
  request: string;
  votes: ReadonlyMap<string, number>;
}

export interface FeedbackMemoryOptions {
  /** Past requests kept (oldest dropped first). */
  capacity?: number;
  /** Neighbours (similar past requests) that vote. */
  neighbours?: number;
  /** Weight of dense similarity against term similarity. */
  denseWeight?: number;
  /** A neighbour votes with similarity^sharpness: higher trusts only close past requests. */
  sharpness?: number;
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
  /** API → requests that applied or liked it minus requests that discarded or disliked it. */
  private readonly usage = new Map<string, number>();
  private nextId = 0;
  private readonly capacity: number;
  private readonly k: number;
  denseWeight: number;
  sharpness: number;
  /** Calibrated neighbour confidence (set by FeedbackCalibration); undefined until there is enough feedback. */
  confidence: ((sim: number) => number) | undefined;

  constructor(options: FeedbackMemoryOptions = {}) {
    this.capacity = options.capacity ?? 50_000;
    this.k = options.neighbours ?? 10;
    this.denseWeight = options.denseWeight ?? 0.5;
    this.sharpness = options.sharpness ?? 4;
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
    for (const api of apis) {
      const before = Math.sign(entry.votes.get(api) ?? 0);
      const after = (entry.votes.get(api) ?? 0) + OUTCOME_WEIGHT[outcome];
      entry.votes.set(api, after);
      this.usage.set(api, (this.usage.get(api) ?? 0) + Math.sign(after) - before);
    }
  }

  /**
   * Usage prior of an API in 0..1 (a request-independent signal): net requests that applied or liked
   * it, saturating (5 such requests give 0.5). Never negative: discards act through similar requests
   * only, so an API is never pushed down for being used elsewhere.
   */
  prior(api: string): number {
    const net = this.usage.get(api) ?? 0;
    return net > 0 ? net / (net + 5) : 0;
  }

  /** Past requests stored without an embedding (the embedder was down or still building then). */
  requestsWithoutVectors(): string[] {
    return [...this.entries.values()].filter((e) => !e.vector).map((e) => e.key);
  }

  /** Gives a past request its embedding; false if it is not in the memory or already has one. */
  setVector(request: string, vector: Float32Array): boolean {
    const id = this.byText.get(request.trim().toLowerCase());
    const entry = id === undefined ? undefined : this.entries.get(id);
    if (!entry || entry.vector) return false;
    entry.vector = vector;
    return true;
  }

  /** Forgets an API everywhere (it was removed from the registry). */
  forgetApis(names: ReadonlySet<string>): void {
    for (const entry of this.entries.values()) for (const name of names) entry.votes.delete(name);
    for (const name of names) this.usage.delete(name);
  }

  /** Past requests with their net votes (oldest first), for leave-one-out tuning. */
  *requests(): Generator<{ request: string; vector: Float32Array | undefined; votes: ReadonlyMap<string, number> }> {
    for (const e of this.entries.values()) yield { request: e.key, vector: e.vector, votes: e.votes };
  }

  /**
   * The nearest past requests to a request, by a mix of TF-IDF term cosine and embedding cosine.
   * `exclude`: leave those past requests out (leave-one-out calibration).
   */
  nearest(request: string, vector: Float32Array | undefined, options: { exclude?: string | readonly string[]; k?: number } = {}): Neighbour[] {
    if (this.entries.size === 0) return [];
    const excluded = new Set([options.exclude ?? []].flat().map((e) => this.byText.get(e.trim().toLowerCase())));
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
      if (excluded.has(id)) continue;
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
    sims.sort((x, y) => y.sim - x.sim);
    return sims.slice(0, options.k ?? this.k).map(({ id, sim }) => ({ sim, request: this.entries.get(id)!.key, votes: this.entries.get(id)!.votes }));
  }

  /**
   * Votes of the nearest past requests. Each neighbour's vote is its confidence: the calibrated
   * probability that a past request this similar shares an API (learned by leave-one-out over the
   * memory, see FeedbackCalibration), or similarity^sharpness before there is enough to calibrate.
   * Votes for one API combine as a noisy-or, so scores stay in 0..1.
   */
  score(
    request: string,
    vector: Float32Array | undefined,
    options: { exclude?: string | readonly string[]; sharpness?: number; confidence?: (sim: number) => number } = {},
  ): FeedbackScores {
    const top = this.nearest(request, vector, options);
    const sharpness = options.sharpness ?? this.sharpness;
    const confidence = options.confidence ?? this.confidence ?? ((sim: number) => Math.min(1, sim ** sharpness));
    const miss = new Map<string, number>();
    const against = new Map<string, number>();
    for (const { sim, votes } of top) {
      const p = Math.max(0, Math.min(1, confidence(sim)));
      for (const [api, v] of votes) {
        if (v === 0) continue;
        const strength = 1 - (1 - p) ** Math.min(3, Math.abs(v));
        const map = v > 0 ? miss : against;
        map.set(api, (map.get(api) ?? 1) * (1 - strength));
      }
    }
    const positive = [...miss]
      .map(([name, m]) => ({ name, score: 1 - m }))
      .filter((h) => h.score > 0)
      .sort((x, y) => y.score - x.score || x.name.localeCompare(y.name));
    const negative = new Map([...against].map(([api, m]) => [api, 1 - m] as const).filter(([, p]) => p > 0));
    return { positive, negative, neighbours: top.length };
  }

  private evictOldest(): void {
    const [oldest] = this.entries.keys();
    if (oldest === undefined) return;
    const entry = this.entries.get(oldest)!;
    this.entries.delete(oldest);
    for (const [api, v] of entry.votes) this.usage.set(api, (this.usage.get(api) ?? 0) - Math.sign(v));
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
