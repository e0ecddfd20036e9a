import { sqlString, type ApiIndex, type IndexRow } from './api-index';
import { splitClauses } from './clauses';
import type { SelectorDoc } from './documents';
import { isZero, providerKey, type EmbeddingProvider } from './embedder';
import type { Calibration } from './feedback-calibration';
import { FeedbackLearner, type LearnedRanking } from './feedback-learning';
import type { FeedbackMemory, FeedbackOutcome, FeedbackScores } from './feedback-memory';
import {
  collectGenerations,
  indexRows,
  openLatestGeneration,
  openNewerGeneration,
  openNextGeneration,
  publishGeneration,
  type GenerationOptions,
} from './index-generations';
import { isObjectStoreUri } from './index-location';
import { DEFAULT_RRF_K, rankRetrieval, readWeights, type SelectorWeights, type SelectorWeightsInput } from './ranking';
import type { Retrieval, ScoredApi, SearchOptions, SearchResult, SelectorWarning, TextList } from './search-types';
import { selectToolbox, type Selection, type SelectionStep, type SelectOptions } from './toolbox';
import { SharedGenerations } from './shared-generations';
import { searchableText } from './tokenize';
import type { Logger } from '../log/logger';
import { errorMessage } from '../../shared/errors';

export type { Retrieval, ScoredApi, SearchOptions, SearchResult, SelectorWarning } from './search-types';
export type { SelectorWeights } from './ranking';

export const MAX_QUERY_CHARS = 2000;

export interface SelectorOptions {
  uri: string;
  embedder: EmbeddingProvider;
  /** The documents to index (the registry); read at start, at rebuilds and per changed pack. */
  source: () => readonly SelectorDoc[];
  logger: Logger;
  /** Overrides of DEFAULT_WEIGHTS; an old numeric `clauseLead` (0-3) is read as its mode's name. */
  weights?: SelectorWeightsInput;
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
 * from the source when missing, unreadable or built by another embedder. Its generations, ranking and
 * feedback learning live in index-generations.ts, ranking.ts and feedback-learning.ts.
 */
export class Selector {
  readonly weights: SelectorWeights;
  private readonly learner: FeedbackLearner;
  private index: ApiIndex | undefined;
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
    this.weights = readWeights(options.weights);
    this.key = providerKey(options.embedder);
    if (isObjectStoreUri(options.uri))
      this.generations = new SharedGenerations(options.uri, options.storageOptions, { keepMs: options.shared?.keepMs ?? 600_000, logger: options.logger });
    this.learner = new FeedbackLearner({
      embedder: options.embedder,
      logger: options.logger,
      weights: this.weights,
      maxRequestChars: MAX_QUERY_CHARS,
      doc: (name) => this.docs.get(name),
      retrieve: (request) => this.retrieve(request, { k: 10 }),
      rank: (retrieval, k, weights, scores) => this.rank(retrieval, k, weights, scores),
    });
  }

  get size(): number {
    return this.docs.size;
  }

  /** Past requests and the APIs they used. */
  get memory(): FeedbackMemory {
    return this.learner.memory;
  }

  /** Steps of past multi-step requests, each with the APIs it used. */
  get clauseMemory(): FeedbackMemory {
    return this.learner.clauseMemory;
  }

  /** The neighbour-confidence curve learned from the memory (undefined until there is enough). */
  get calibration(): Calibration | undefined {
    return this.learner.calibration;
  }

  doc(name: string): SelectorDoc | undefined {
    return this.docs.get(name);
  }

  /** Estimated tokens of an indexed API's compact declaration (undefined: not indexed). */
  tokensOf(name: string): number | undefined {
    return this.docs.get(name)?.tokens;
  }

  /** Opens the index, rebuilding it when it is missing, unreadable or out of step with the source. */
  async start(): Promise<void> {
    const source = this.options.source();
    this.docs = new Map(source.map((d) => [d.name, d]));
    try {
      if (this.generations) this.checkedAt = Date.now();
      const index = await openLatestGeneration(this.options.uri, this.generationOptions(), this.generations);
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
        const { index: next, older } = await openNextGeneration(this.options.uri, this.generationOptions(), this.generations);
        await next.replaceAll(this.rowBatches(docs));
        if (this.generations) await publishGeneration(this.generations, next, this.generationOptions());
        const previous = this.index;
        this.index = next;
        this.docs = new Map(docs.map((d) => [d.name, d]));
        previous?.close();
        for (const name of older) await next.dropTable(name).catch(() => undefined);
        if (this.generations) collectGenerations(this.generations, next, this.generationOptions(), this.options.logger);
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
      this.learner.forgetApis(removed);
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

  /** Each step searched, and the toolbox filled from their results (see selectToolbox). */
  select(steps: readonly SelectionStep[], options: SelectOptions = {}): Promise<Selection> {
    return selectToolbox(this, steps, options);
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
      const warning: SelectorWarning = {
        code: 'EMBEDDER_UNAVAILABLE',
        message: `embedding provider ${this.options.embedder.id} failed (${errorMessage(error)}); using full-text search only`,
      };
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

  /** Ranks a retrieval (see rankRetrieval); `feedback` defaults to what past requests say about it. */
  rank(retrieval: Retrieval, k: number, weights: SelectorWeights = this.weights, feedback?: FeedbackScores): ScoredApi[] {
    const ctx = {
      docs: this.docs,
      prior: (name: string) => this.memory.prior(name),
      rrfK: this.options.rrfK ?? DEFAULT_RRF_K,
      candidates: this.options.candidates ?? 50,
    };
    return rankRetrieval(retrieval, k, weights, feedback ?? this.feedbackScores(retrieval), ctx);
  }

  /** Learns this registry's feedback weight and clause mode by replay (see FeedbackLearner.learn). */
  learnFeedbackWeight(sample = 150): Promise<LearnedRanking | undefined> {
    return this.learner.learn(sample);
  }

  /** What past requests say about a retrieval (see FeedbackLearner.scores). */
  feedbackScores(retrieval: Pick<Retrieval, 'text' | 'vector' | 'texts' | 'vectors'>, exclude?: string): FeedbackScores {
    return this.learner.scores(retrieval, exclude);
  }

  /**
   * Records what happened to a run's APIs for a request: the memory learns at once; the caller
   * persists it (FeedbackLog) and updates usage figures.
   */
  recordFeedback(entry: { request: string; apis: readonly string[]; outcome: FeedbackOutcome }, signal?: AbortSignal): Promise<void> {
    return this.learner.record(entry, signal);
  }

  /** Embeds past requests learned without vectors, once the embedder works (see FeedbackLearner.fillVectors). */
  fillFeedbackVectors(signal?: AbortSignal): Promise<number> {
    return this.learner.fillVectors(signal);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.optimizeTimer) clearTimeout(this.optimizeTimer);
    this.learner.dispose();
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
    if (unknown.length > 0)
      warnings.push({ code: 'UNKNOWN_MODULE', message: `unknown module${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (ignored)` });
    const valid = requested.filter((m) => known.has(m));
    if (valid.length === 0) return { boosted: new Set() };
    if (options.moduleMode === 'filter') return { where: `module IN (${valid.map(sqlString).join(', ')})`, boosted: new Set(valid) };
    return { boosted: new Set(valid) };
  }

  /** The rows of some documents, embedded in batches; an embedder failure leaves the rest with zero vectors. */
  private rowBatches(docs: readonly SelectorDoc[]): AsyncGenerator<IndexRow[]> {
    return indexRows(docs, {
      embedder: this.options.embedder,
      prior: (name) => this.memory.prior(name),
      onEmbedFailure: (error) => {
        this.warn({
          code: 'EMBEDDER_UNAVAILABLE',
          message: `embedding provider ${this.options.embedder.id} failed while indexing (${errorMessage(error)}); full-text only until the next rebuild`,
        });
        this.missingVectors = true;
      },
    });
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
      if (this.disposed) return false;
      const next = await openNewerGeneration(this.options.uri, this.generationOptions(), shared, this.index?.tableName);
      if (!next) return false;
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

  private generationOptions(): GenerationOptions {
    return {
      dimension: this.options.embedder.dimension,
      providerKey: this.key,
      ...(this.options.flatThreshold !== undefined ? { flatThreshold: this.options.flatThreshold } : {}),
      ...(this.options.storageOptions ? { storageOptions: this.options.storageOptions } : {}),
    };
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
