import { ApiIndex, sqlString, tableNameFor, type IndexRow } from './api-index';
import type { SelectorDoc } from './documents';
import { embedInBatches, isZero, providerKey, type EmbeddingProvider } from './embedder';
import { FeedbackMemory, type FeedbackOutcome, type FeedbackScores } from './feedback-memory';
import { splitClauses } from './clauses';
import { calibrate, type Calibration } from './feedback-calibration';
import { alignApisToClauses } from './feedback-clauses';
import { chooseRanking, sampleRequests, type ReplayCase } from './feedback-tuning';
import { reciprocalRankFusion, type RankedList, type Signal, type SignalHit } from './fusion';
import { isObjectStoreUri } from './index-location';
import { SharedGenerations } from './shared-generations';
import { searchableText } from './tokenize';
import type { Logger } from '../log/logger';
import { errorMessage } from '../../shared/errors';
import type { SelectorWarning } from '../../shared/selector';

export type { SelectorWarning };

export interface SearchOptions {
  k?: number;
  /** Modules predicted by the planner (or chosen by the person). */
  modules?: readonly string[];
  /** `filter` keeps only those modules; `boost` ranks them higher (default). */
  moduleMode?: 'filter' | 'boost';
  signal?: AbortSignal;
}

export interface ScoredApi {
  name: string;
  module: string;
  pack: string;
  effects: string;
  score: number;
  /** Which signals found it, with their rank and raw score ("why this API"). */
  signals: Partial<Record<Signal, SignalHit>>;
  moduleBoost?: boolean;
  /** Penalty from similar past requests that discarded it (0..1). */
  penalty?: number;
}

export interface SearchResult {
  query: string;
  results: ScoredApi[];
  /** `degraded`: a signal was unavailable (see warnings); results come from the others. */
  status: 'ok' | 'degraded';
  warnings: SelectorWarning[];
}

type TextList = RankedList & { text: number };

/** What the index returned for one query, before ranking (`Selector.retrieve`). */
export interface Retrieval {
  /** The query as searched (trimmed, cut to MAX_QUERY_CHARS). */
  text: string;
  /** The whole request, then its clauses. */
  texts: string[];
  /** BM25 and vector lists (weights set at ranking); undefined for an empty query. */
  lists: TextList[] | undefined;
  vector: Float32Array | undefined;
  /** One vector per text (undefined where the embedder knew no word or failed). */
  vectors: (Float32Array | undefined)[];
  where: string | undefined;
  boosted: Set<string>;
  warnings: SelectorWarning[];
  degraded: boolean;
  /** The documents of the index generation the lists came from (a swap mid-query must not mix two). */
  docs?: ReadonlyMap<string, SelectorDoc>;
}

export interface SelectorWeights {
  vector: number;
  fullText: number;
  feedback: number;
  /** Share of a clause's lists against the whole request's (multi-step requests). */
  clause: number;
  /** How a multi-step request's clauses lead: 0 fused order, 1 cover (default), 2 lead, 3 cover with learned steps (see leadWithClauses). */
  clauseLead: number;
  /** Bonus for a predicted module, as an extra rank-1 vote of this weight. */
  module: number;
  /** Largest penalty (as a rank-1 vote) for APIs discarded on similar requests. */
  discard: number;
  /** Largest usage-prior bonus (as a rank-1 vote) for APIs applied or liked often. */
  prior: number;
  /** At most this many APIs get a feedback vote per query (bounds how many can pass a new API). */
  feedbackApis: number;
}

export const DEFAULT_WEIGHTS: SelectorWeights = { vector: 0.2, fullText: 1, feedback: 3, clause: 1, clauseLead: 1, module: 0.5, discard: 1, prior: 0.3, feedbackApis: 5 };
export const DEFAULT_RRF_K = 5;
/** A clause's feedback adds at most this many APIs (multi-step requests). */
const CLAUSE_FEEDBACK_APIS = 3;
/** Documents embedded and written per batch in a rebuild. */
const ROW_BATCH = 5_000;
export const MAX_QUERY_CHARS = 2000;

export interface SelectorOptions {
  uri: string;
  embedder: EmbeddingProvider;
  /** The documents to index (the registry); read at start, at rebuilds and per changed pack. */
  source: () => readonly SelectorDoc[];
  logger: Logger;
  weights?: Partial<SelectorWeights>;
  rrfK?: number;
  /** Candidates taken from each signal before fusion. */
  candidates?: number;
  flatThreshold?: number;
  storageOptions?: Record<string, string>;
  /** An index on object storage (s3://, gs://, az://) is shared: see SharedGenerations. Times in ms. */
  shared?: { refreshMs?: number; keepMs?: number };
  onWarning?: (warning: SelectorWarning) => void;
}

/**
 * The API selector: hybrid LanceDB retrieval (vector + BM25, fused by reciprocal rank), the module
 * strategy, and a feedback prior learned from past requests. The index is derived state: rebuilt
 * from the source when missing, unreadable or built by another embedder.
 */
export class Selector {
  readonly weights: SelectorWeights;
  readonly memory = new FeedbackMemory();
  /** Steps of past multi-step requests, each with the APIs it used (see alignApisToClauses). */
  readonly clauseMemory = new FeedbackMemory();
  private index: ApiIndex | undefined;
  /** The neighbour-confidence curve learned from the memory (undefined until there is enough). */
  calibration: Calibration | undefined;
  private learnedAt = 0;
  private learnTimer: NodeJS.Timeout | undefined;
  private docs = new Map<string, SelectorDoc>();
  private writes: Promise<void> = Promise.resolve();
  private optimizeTimer: NodeJS.Timeout | undefined;
  private rebuilding: Promise<void> | undefined;
  private readonly key: string;
  private disposed = false;
  /** Rows were indexed with zero vectors because the embedder failed; a rebuild fills them in. */
  missingVectors = false;
  /** Set when the index is shared: generations are published, followed, and never written in place. */
  private readonly generations: SharedGenerations | undefined;
  private checkedAt = 0;
  private following: Promise<boolean> | undefined;

  constructor(private readonly options: SelectorOptions) {
    this.weights = { ...DEFAULT_WEIGHTS, ...options.weights };
    this.key = providerKey(options.embedder);
    if (isObjectStoreUri(options.uri)) this.generations = new SharedGenerations(options.uri, options.storageOptions, { keepMs: options.shared?.keepMs ?? 600_000, logger: options.logger });
  }

  get size(): number {
    return this.docs.size;
  }

  doc(name: string): SelectorDoc | undefined {
    return this.docs.get(name);
  }

  /** Opens the index, rebuilding it when it is missing, unreadable or out of step with the source. */
  async start(): Promise<void> {
    const source = this.options.source();
    this.docs = new Map(source.map((d) => [d.name, d]));
    try {
      const index = await this.openGeneration();
      const rows = await index.verify();
      this.index = index;
      // A shared index may hold other instances' packs too; it is rebuilt only when it lacks one of ours.
      if (this.generations) {
        const indexed = rows === source.length ? undefined : await index.names();
        if (indexed && source.some((d) => !indexed.has(d.name))) await this.rebuild('the shared index lacks APIs of this registry');
      } else if (rows !== source.length) await this.rebuild('the index does not match the registry');
    } catch (error) {
      this.options.logger.warn('selector index unreadable; rebuilding', { error });
      await this.rebuild(`the index could not be read (${errorMessage(error)})`);
    }
  }

  /**
   * Rebuilds into a new table generation while queries keep using the current one, then swaps.
   * Concurrent calls share one rebuild.
   */
  rebuild(reason: string): Promise<void> {
    this.rebuilding ??= (async () => {
      try {
        const docs = this.options.source();
        this.missingVectors = false;
        const base = tableNameFor(this.key);
        const shared = this.generations;
        const names = shared ? [] : await this.listTables();
        const gen = Math.max(0, ...names.map((n) => generationOf(base, n)).filter((g) => g >= 0)) + 1;
        const next = await ApiIndex.open(this.options.uri, { ...this.indexOptions(), table: shared ? SharedGenerations.tableName(base) : `${base}_g${gen}`, fresh: true });
        await next.replaceAll(this.rowBatches(docs));
        // Shared: the complete generation is published (the pointer swap) before anyone, this instance included, reads it.
        if (shared) await shared.publish({ base, table: next.tableName, rows: await next.count(), createdAt: Date.now() });
        const previous = this.index;
        this.index = next;
        this.docs = new Map(docs.map((d) => [d.name, d]));
        previous?.close();
        for (const name of names) if (name !== next.tableName && generationOf(base, name) >= 0) await next.dropTable(name).catch(() => undefined);
        if (shared) void shared.collect(base, next.tableName).catch((error) => this.options.logger.warn('could not collect old selector index generations', { error }));
        this.warn({ code: 'INDEX_REBUILT', message: `selector index rebuilt: ${reason}` });
      } finally {
        this.rebuilding = undefined;
      }
    })();
    return this.rebuilding;
  }

  /** A pack was installed, updated or removed: its rows change before the next query runs. */
  syncPack(pack: string): Promise<void> {
    // A published generation is never written in place: a change publishes a new one (queries keep the old meanwhile).
    if (this.generations) return (this.rebuilding?.catch(() => undefined) ?? Promise.resolve()).then(() => this.rebuild(`pack ${pack} changed`));
    const run = async (): Promise<void> => {
      const docs = this.options.source().filter((d) => d.pack === pack);
      const removed = new Set([...this.docs.values()].filter((d) => d.pack === pack && !docs.some((n) => n.name === d.name)).map((d) => d.name));
      const rows: IndexRow[] = [];
      for await (const batch of this.rowBatches(docs)) rows.push(...batch);
      const index = await this.ready();
      await index.replacePack(pack, rows);
      for (const name of removed) this.docs.delete(name);
      for (const doc of docs) this.docs.set(doc.name, doc);
      this.memory.forgetApis(removed);
      this.clauseMemory.forgetApis(removed);
      this.scheduleOptimize();
    };
    this.writes = this.writes.then(run, run).catch((error) => {
      this.options.logger.error('selector could not index a pack change; rebuilding', { pack, error });
      return this.rebuild(`a change to pack ${pack} could not be applied`);
    });
    return this.writes;
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    const k = Math.max(1, Math.min(100, options.k ?? 10));
    const retrieval = await this.retrieve(query, options);
    if (!retrieval.lists) return { query, results: [], status: 'ok', warnings: retrieval.warnings };
    const ranked = this.rank(retrieval, k);
    return { query, results: ranked.slice(0, k), status: retrieval.degraded ? 'degraded' : 'ok', warnings: retrieval.warnings };
  }

  /**
   * The content side of a query: BM25 and vector lists for the whole request and each of its clauses,
   * read from the index. Ranking (fusion, feedback, modules) is a separate, pure step (`rank`).
   */
  async retrieve(query: string, options: SearchOptions = {}): Promise<Retrieval> {
    const k = Math.max(1, Math.min(100, options.k ?? 10));
    const warnings: SelectorWarning[] = [];
    let text = query.trim();
    if (text.length > MAX_QUERY_CHARS) {
      text = text.slice(0, MAX_QUERY_CHARS);
      warnings.push({ code: 'QUERY_TRUNCATED', message: `the query was cut to ${MAX_QUERY_CHARS} characters` });
    }
    const { where, boosted } = text === '' ? { boosted: new Set<string>() } : this.moduleFilter(options, warnings);
    const empty: Retrieval = { text, texts: [], lists: undefined, vector: undefined, vectors: [], where, boosted, warnings, degraded: false };
    if (text === '') return empty;
    await this.writes;
    await this.follow().catch((error) => this.options.logger.warn('could not check the shared selector index for a newer generation', { error }));
    const index = await this.ready();
    let docs = this.docs;
    options.signal?.throwIfAborted();

    const limit = Math.max(this.options.candidates ?? 50, k * 3);
    const clauses = splitClauses(text);
    const texts = clauses.length > 1 ? [text, ...clauses] : [text];
    let vectors: (Float32Array | undefined)[] = [];
    let degraded = false;
    try {
      vectors = (await this.options.embedder.embed(texts, options.signal)).map((v) => (isZero(v) ? undefined : v));
      if (!vectors[0]) warnings.push({ code: 'NO_KNOWN_WORDS', message: 'no word of the query is known to the embedding model; full-text search only' });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      degraded = true;
      const warning: SelectorWarning = { code: 'EMBEDDER_UNAVAILABLE', message: `embedding provider ${this.options.embedder.id} failed (${errorMessage(error)}); using full-text search only` };
      warnings.push(warning);
      this.warn(warning);
    }
    const run = (ix: ApiIndex): Promise<TextList[]> =>
      Promise.all(
        texts.flatMap((t, i) => {
          const v = vectors[i];
          return [
            ix.fullText(searchableText(t, MAX_QUERY_CHARS), limit, where).then((hits): TextList => ({ signal: 'fullText', weight: 1, hits, text: i })),
            v ? ix.nearest(v, limit, { where }).then((hits): TextList => ({ signal: 'vector', weight: 1, hits, text: i })) : undefined,
          ].filter((p) => p !== undefined);
        }),
      );
    let lists: TextList[];
    try {
      lists = await run(index);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      // Shared: the generation may have been collected after another instance published a newer one.
      if (!(await this.follow(true).catch(() => false))) {
        this.options.logger.warn('selector query failed; rebuilding the index', { error });
        await this.rebuild(`a query failed (${errorMessage(error)})`);
      }
      const served = await this.ready();
      docs = this.docs;
      lists = await run(served);
    }
    const known = lists.map((list) => ({ ...list, hits: list.hits.filter((h) => docs.has(h.name)) }));
    return { text, texts, lists: known, vector: vectors[0], vectors, where, boosted, warnings, degraded, docs };
  }

  /**
   * Ranks a retrieval: weighted RRF of the content lists, then the feedback learned from similar past
   * requests and the usage prior, then the module boost and discard penalties. Pure given the memory.
   */
  rank(retrieval: Retrieval, k: number, weights: SelectorWeights = this.weights, feedback?: FeedbackScores): ScoredApi[] {
    const lists = (retrieval.lists ?? []).map((l) => ({ ...l, weight: (l.text === 0 ? 1 : weights.clause) * (l.signal === 'vector' ? weights.vector : weights.fullText) }));
    const rrfK = this.options.rrfK ?? DEFAULT_RRF_K;
    const scores = feedback ?? this.feedbackScores(retrieval);
    const { where, boosted } = retrieval;
    const docs = retrieval.docs ?? this.docs;
    const allowed = (name: string): boolean => {
      const doc = docs.get(name);
      return doc !== undefined && (where === undefined || boosted.has(doc.module));
    };
    const fused = reciprocalRankFusion(lists, rrfK);
    const rrfTop = 1 / (rrfK + 1);
    const limit = Math.max(this.options.candidates ?? 50, k * 3);
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
      const prior = this.memory.prior(item.name);
      if (prior > 0) score += weights.prior * rrfTop * prior;
      const penalty = scores.negative.get(item.name);
      if (penalty) score -= weights.discard * rrfTop * penalty;
      return { name: doc.name, module: doc.module, pack: doc.pack, effects: doc.effects, score, signals: item.signals, ...(boost ? { moduleBoost: true } : {}), ...(penalty ? { penalty } : {}) };
    });
    results.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
    const texts = retrieval.texts.length;
    if (texts <= 1 || !weights.clauseLead) return results;
    const clauseVotes = (scores.clauses ?? []).map((hits) => hits.filter((h) => allowed(h.name)).map((h) => ({ name: h.name, score: weights.feedback * rrfTop * Math.min(1, h.score) })));
    return leadWithClauses(results, lists, clauseVotes, texts, k, Math.round(weights.clauseLead), rrfK);
  }

  /**
   * Recalibrates neighbour confidence, then learns this registry's ranking settings (feedback weight
   * and clause mode) by leave-one-out replay of up to `sample` past requests (see chooseRanking). Runs
   * index queries: the selector calls it in the background as feedback grows, never on the query path.
   */
  async learnFeedbackWeight(sample = 150): Promise<{ weight: number; clauseLead: number; recall: Record<string, number>; requests: number } | undefined> {
    this.learnedAt = this.memory.size;
    const requests = sampleRequests(this.memory, sample);
    if (requests.length < 30) return undefined;
    this.recalibrate();
    const cases: ReplayCase[] = [];
    for (const r of requests) {
      const retrieval = await this.retrieve(r.request, { k: 10 });
      const scores = this.feedbackScores(retrieval, r.request);
      cases.push({ gold: r.gold, rank: (c) => this.rank(retrieval, 10, { ...this.weights, feedback: c.feedback, clauseLead: c.clauseLead, prior: c.feedback === 0 ? 0 : this.weights.prior }, scores).map((x) => x.name) });
    }
    const { choice, recall } = chooseRanking(cases);
    this.weights.feedback = choice.feedback;
    this.weights.clauseLead = choice.clauseLead;
    this.options.logger.debug('selector ranking learned from feedback', { ...choice, recall, requests: cases.length });
    return { weight: choice.feedback, clauseLead: choice.clauseLead, recall, requests: cases.length };
  }

  /**
   * What past requests say about a retrieval: votes of similar whole requests, and for a multi-step
   * request, of similar steps (neighbour confidence as last calibrated). `exclude`: a past request
   * (and its steps) to leave out, for leave-one-out replay.
   */
  feedbackScores(retrieval: Pick<Retrieval, 'text' | 'vector' | 'texts' | 'vectors'>, exclude?: string): FeedbackScores {
    const whole = this.memory.score(retrieval.text, retrieval.vector, exclude === undefined ? {} : { exclude });
    if (retrieval.texts.length < 2 || this.clauseMemory.size === 0) return whole;
    const excluded = exclude === undefined ? {} : { exclude: splitClauses(exclude) };
    const clauses = retrieval.texts.slice(1).map((t, i) => this.clauseMemory.score(t, retrieval.vectors[i + 1], excluded).positive.slice(0, CLAUSE_FEEDBACK_APIS));
    return { ...whole, clauses };
  }

  /** Refits the neighbour-confidence curve on the memory (leave-one-out; synchronous, background use). */
  private recalibrate(): void {
    this.calibration = calibrate(this.memory);
    this.memory.confidence = this.calibration?.confidence;
    this.clauseMemory.confidence = calibrate(this.clauseMemory)?.confidence;
    if (this.calibration) this.options.logger.debug('selector feedback calibrated', { requests: this.calibration.requests, pairs: this.calibration.pairs, curve: this.calibration.curve });
  }

  /**
   * Records what happened to a run's APIs for a request: the memory learns at once; the caller
   * persists it (FeedbackLog) and updates usage figures.
   */
  async recordFeedback(entry: { request: string; apis: readonly string[]; outcome: FeedbackOutcome }, signal?: AbortSignal): Promise<void> {
    const request = entry.request.trim().slice(0, MAX_QUERY_CHARS);
    if (request === '' || entry.apis.length === 0) return;
    // A multi-step request also teaches each of its steps (clauses) the API it served.
    const clauses = splitClauses(request);
    const docs = clauses.length < 2 ? [] : entry.apis.map((name) => this.docs.get(name)).filter((d) => d !== undefined);
    const steps = docs.length > 0 ? clauses : [];
    // One embedding call for the request, its steps and their APIs' documents.
    let vectors: (Float32Array | undefined)[] = [];
    try {
      vectors = (await this.options.embedder.embed([request, ...steps, ...docs.map((d) => d.text)], signal)).map((v) => (isZero(v) ? undefined : v));
    } catch {
      vectors = []; // Words still learn (and align the steps); fillFeedbackVectors adds the vectors later.
    }
    this.memory.add(request, vectors[0], entry.apis, entry.outcome);
    if (steps.length > 0) {
      const aligned = alignApisToClauses(
        steps.map((text, i) => ({ text, vector: vectors[1 + i] })),
        docs.map((d, i) => ({ name: d.name, text: d.text, vector: vectors[1 + steps.length + i] })),
      );
      aligned.forEach((names, i) => {
        if (names.length > 0) this.clauseMemory.add(steps[i]!, vectors[1 + i], names, entry.outcome);
      });
    }
    this.scheduleLearning();
  }

  /**
   * Past requests recorded while the embedder was down or still building were learned by their words
   * only: once it works, they get their embeddings (both memories), and the ranking is relearned.
   * Returns how many were filled in.
   */
  async fillFeedbackVectors(signal?: AbortSignal): Promise<number> {
    let filled = 0;
    for (const memory of [this.memory, this.clauseMemory]) {
      const missing = memory.requestsWithoutVectors();
      (await embedInBatches(this.options.embedder, missing, signal)).forEach((v, i) => {
        if (!isZero(v) && memory.setVector(missing[i]!, v)) filled++;
      });
    }
    if (filled > 0) {
      this.learnedAt = 0;
      this.scheduleLearning();
    }
    return filled;
  }

  /** Relearns the feedback weight in the background once the memory has grown by a quarter (30 requests at least). */
  private scheduleLearning(): void {
    const due = (): boolean => this.memory.size >= Math.max(30, this.learnedAt * 1.25);
    if (this.learnTimer || this.disposed || !due()) return;
    this.learnTimer = setTimeout(() => {
      this.learnTimer = undefined;
      if (this.disposed || !due()) return;
      void this.learnFeedbackWeight().catch((error) => this.options.logger.warn('selector could not learn the feedback weight', { error }));
    }, 5000);
    this.learnTimer.unref();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.optimizeTimer) clearTimeout(this.optimizeTimer);
    if (this.learnTimer) clearTimeout(this.learnTimer);
    await this.writes.catch(() => undefined);
    await this.rebuilding?.catch(() => undefined);
    this.index?.close();
    this.index = undefined;
  }

  private async ready(): Promise<ApiIndex> {
    if (!this.index) await (this.rebuilding ?? this.rebuild('there was no index'));
    if (!this.index) throw new Error('the selector index is not available');
    return this.index;
  }

  private moduleFilter(options: SearchOptions, warnings: SelectorWarning[]): { where?: string; boosted: Set<string> } {
    const requested = [...new Set(options.modules ?? [])];
    if (requested.length === 0) return { boosted: new Set() };
    const known = new Set([...this.docs.values()].map((d) => d.module));
    const unknown = requested.filter((m) => !known.has(m));
    if (unknown.length > 0) warnings.push({ code: 'UNKNOWN_MODULE', message: `unknown module${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (ignored)` });
    const valid = requested.filter((m) => known.has(m));
    if (valid.length === 0) return { boosted: new Set() };
    if (options.moduleMode === 'filter') return { where: `module IN (${valid.map(sqlString).join(', ')})`, boosted: new Set(valid) };
    return { boosted: new Set(valid) };
  }

  /**
   * The index rows of some documents, embedded and yielded in batches (a rebuild streams them into the
   * table). If the embedder fails, the rest go in with zero vectors: the index still serves full-text
   * search, and the next rebuild fills the vectors in.
   */
  private async *rowBatches(docs: readonly SelectorDoc[]): AsyncGenerator<IndexRow[]> {
    const zero = new Float32Array(this.options.embedder.dimension);
    let failed = false;
    for (let start = 0; start < docs.length; start += ROW_BATCH) {
      const batch = docs.slice(start, start + ROW_BATCH);
      let vectors: Float32Array[] = [];
      if (!failed) {
        try {
          vectors = await embedInBatches(this.options.embedder, batch.map((d) => d.text));
        } catch (error) {
          const warning: SelectorWarning = { code: 'EMBEDDER_UNAVAILABLE', message: `embedding provider ${this.options.embedder.id} failed while indexing (${errorMessage(error)}); full-text only until the next rebuild` };
          this.warn(warning);
          this.missingVectors = true;
          failed = true;
        }
      }
      yield batch.map((d, i) => ({ name: d.name, module: d.module, pack: d.pack, text: searchableText(d.text, 20_000), effects: d.effects, prior: this.memory.prior(d.name), vector: vectors[i] ?? zero }));
    }
  }

  private indexOptions() {
    return {
      dimension: this.options.embedder.dimension,
      providerKey: this.key,
      ...(this.options.flatThreshold !== undefined ? { flatThreshold: this.options.flatThreshold } : {}),
      ...(this.options.storageOptions ? { storageOptions: this.options.storageOptions } : {}),
    };
  }

  /**
   * Shared index: adopts the newest published generation when another instance published one, at most every
   * refreshMs (`force`: now). The documents are re-read with it, so hits and documents stay of one generation.
   */
  private follow(force = false): Promise<boolean> {
    const shared = this.generations;
    if (!shared || this.rebuilding || (!force && Date.now() - this.checkedAt < (this.options.shared?.refreshMs ?? 30_000))) return Promise.resolve(false);
    this.following ??= (async () => {
      this.checkedAt = Date.now();
      const current = await shared.current(tableNameFor(this.key));
      if (!current || current.table === this.index?.tableName || this.disposed) return false;
      const next = await ApiIndex.open(this.options.uri, { ...this.indexOptions(), table: current.table, mustExist: true });
      if (this.disposed) {
        next.close();
        return false;
      }
      const previous = this.index;
      this.index = next;
      this.docs = new Map(this.options.source().map((d) => [d.name, d]));
      previous?.close();
      return true;
    })().finally(() => {
      this.following = undefined;
    });
    return this.following;
  }

  private async openGeneration(): Promise<ApiIndex> {
    const base = tableNameFor(this.key);
    if (this.generations) {
      this.checkedAt = Date.now();
      const current = await this.generations.current(base);
      if (!current) throw new Error('no index yet');
      return ApiIndex.open(this.options.uri, { ...this.indexOptions(), table: current.table, mustExist: true });
    }
    const names = await this.listTables();
    const gens = names.map((n) => generationOf(base, n)).filter((g) => g >= 0);
    if (gens.length === 0) throw new Error('no index yet');
    return ApiIndex.open(this.options.uri, { ...this.indexOptions(), table: `${base}_g${Math.max(...gens)}` });
  }

  private async listTables(): Promise<string[]> {
    const probe = await import('@lancedb/lancedb').then((l) => l.connect(this.options.uri, this.options.storageOptions ? { storageOptions: this.options.storageOptions } : {}));
    try {
      return await probe.tableNames();
    } finally {
      probe.close();
    }
  }

  private scheduleOptimize(): void {
    if (this.optimizeTimer || this.disposed) return;
    this.optimizeTimer = setTimeout(() => {
      this.optimizeTimer = undefined;
      const index = this.index;
      if (!index) return;
      // Folding new rows into the indices runs beside queries, never in front of them.
      void index.optimize().catch((error) => this.options.logger.warn('selector optimize failed', { error }));
    }, 2000);
    this.optimizeTimer.unref();
  }

  private warn(warning: SelectorWarning): void {
    this.options.logger.warn(warning.message, { code: warning.code });
    try {
      this.options.onWarning?.(warning);
    } catch {
      // A listener must not break selection.
    }
  }
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
 * - 1 `cover` (the default): each clause's best API by its own lists (or the next best, when another
 *   clause already took it) gets a place in the top 5, in fused order;
 * - 2 `lead`: each clause's best API, by its own lists and the votes of similar steps of past
 *   requests, comes first; a clause whose best API already leads (a sentence that only adds detail to
 *   another step) adds nothing;
 * - 3 `cover` with the leads picked as in 2;
 * - 0: fused order only.
 * The selector learns which one a registry's requests need from feedback (chooseRanking).
 */
function leadWithClauses(
  results: ScoredApi[],
  lists: readonly (RankedList & { text: number })[],
  clauseVotes: readonly { name: string; score: number }[][],
  texts: number,
  k: number,
  mode: number,
  rrfK: number,
): ScoredApi[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  const leads = new Set<string>();
  for (let t = 1; t < texts && leads.size < k - 1; t++) {
    const own = lists.filter((l) => l.text === t);
    if (mode === 1) {
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
  if (mode === 2) {
    const lead = results.filter((r) => leads.has(r.name));
    return [...lead, ...results.filter((r) => !leads.has(r.name))];
  }
  // Coverage: keep the fused order, but make room in the first `window` places for missing leads.
  const window = Math.min(k, Math.max(5, leads.size + 1));
  const head = results.slice(0, window);
  const missing = results.filter((r, i) => i >= window && leads.has(r.name));
  for (const m of missing) {
    let drop = -1;
    for (let i = head.length - 1; i >= 0; i--) if (!leads.has(head[i]!.name)) { drop = i; break; }
    if (drop < 0) break;
    head.splice(drop, 1);
    head.push(m);
  }
  const inHead = new Set(head.map((r) => r.name));
  return [...head, ...results.filter((r) => !inHead.has(r.name))];
}

function generationOf(base: string, name: string): number {
  const match = new RegExp(`^${base}_g(\\d+)$`).exec(name);
  return match ? Number(match[1]) : -1;
}
