import type { Logger } from '../log/logger';
import { splitClauses } from './clauses';
import type { SelectorDoc } from './documents';
import { embedInBatches, isZero, type EmbeddingProvider } from './embedder';
import { calibrate, type Calibration } from './feedback-calibration';
import { alignApisToClauses } from './feedback-clauses';
import { FeedbackMemory, type FeedbackOutcome, type FeedbackScores } from './feedback-memory';
import { chooseRanking, sampleRequests, type ReplayCase } from './feedback-tuning';
import type { ClauseMode, SelectorWeights } from './ranking';
import type { Retrieval, ScoredApi } from './search-types';

/** A clause's feedback adds at most this many APIs (multi-step requests). */
const CLAUSE_FEEDBACK_APIS = 3;

export interface FeedbackLearnerOptions {
  embedder: EmbeddingProvider;
  logger: Logger;
  /** The selector's live weights: learning sets `feedback` and `clauseLead` on them. */
  weights: SelectorWeights;
  maxRequestChars: number;
  doc: (name: string) => SelectorDoc | undefined;
  /** Replays a past request: the index's lists for it, then a ranking under given settings. */
  retrieve: (request: string) => Promise<Retrieval>;
  rank: (retrieval: Retrieval, k: number, weights: SelectorWeights, scores: FeedbackScores) => ScoredApi[];
}

export interface LearnedRanking {
  weight: number;
  clauseLead: ClauseMode;
  /** Leave-one-out Recall@5 keyed "weight/clauseLead". */
  recall: Record<string, number>;
  requests: number;
}

/**
 * What the selector learns from feedback: the memories of past requests and of their steps, the
 * neighbour-confidence calibration, and the ranking settings relearned in the background as they grow.
 */
export class FeedbackLearner {
  readonly memory = new FeedbackMemory();
  /** Steps of past multi-step requests, each with the APIs it used (see alignApisToClauses). */
  readonly clauseMemory = new FeedbackMemory();
  /** The neighbour-confidence curve learned from the memory (undefined until there is enough). */
  calibration: Calibration | undefined;
  private learnedAt = 0;
  private learnTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(private readonly options: FeedbackLearnerOptions) {}

  /**
   * What past requests say about a retrieval: votes of similar whole requests, and for a multi-step
   * request, of similar steps (neighbour confidence as last calibrated). `exclude`: a past request
   * (and its steps) to leave out, for leave-one-out replay.
   */
  scores(retrieval: Pick<Retrieval, 'text' | 'vector' | 'texts' | 'vectors'>, exclude?: string): FeedbackScores {
    const whole = this.memory.score(retrieval.text, retrieval.vector, exclude === undefined ? {} : { exclude });
    if (retrieval.texts.length < 2 || this.clauseMemory.size === 0) return whole;
    const excluded = exclude === undefined ? {} : { exclude: splitClauses(exclude) };
    const clauses = retrieval.texts
      .slice(1)
      .map((t, i) => this.clauseMemory.score(t, retrieval.vectors[i + 1], excluded).positive.slice(0, CLAUSE_FEEDBACK_APIS));
    return { ...whole, clauses };
  }

  /**
   * Recalibrates neighbour confidence, then learns this registry's ranking settings (feedback weight
   * and clause mode) by leave-one-out replay of up to `sample` past requests (see chooseRanking). Runs
   * index queries: called in the background as feedback grows, never on the query path.
   */
  async learn(sample = 150): Promise<LearnedRanking | undefined> {
    this.learnedAt = this.memory.size;
    const requests = sampleRequests(this.memory, sample);
    if (requests.length < 30) return undefined;
    this.recalibrate();
    const { weights } = this.options;
    const cases: ReplayCase[] = [];
    for (const r of requests) {
      const retrieval = await this.options.retrieve(r.request);
      const scores = this.scores(retrieval, r.request);
      cases.push({
        gold: r.gold,
        rank: (c) =>
          this.options
            .rank(retrieval, 10, { ...weights, feedback: c.feedback, clauseLead: c.clauseLead, prior: c.feedback === 0 ? 0 : weights.prior }, scores)
            .map((x) => x.name),
      });
    }
    const { choice, recall } = chooseRanking(cases);
    weights.feedback = choice.feedback;
    weights.clauseLead = choice.clauseLead;
    this.options.logger.debug('selector ranking learned from feedback', { ...choice, recall, requests: cases.length });
    return { weight: choice.feedback, clauseLead: choice.clauseLead, recall, requests: cases.length };
  }

  /** Refits the neighbour-confidence curve on the memory (leave-one-out; synchronous, background use). */
  private recalibrate(): void {
    this.calibration = calibrate(this.memory);
    this.memory.confidence = this.calibration?.confidence;
    this.clauseMemory.confidence = calibrate(this.clauseMemory)?.confidence;
    if (this.calibration)
      this.options.logger.debug('selector feedback calibrated', {
        requests: this.calibration.requests,
        pairs: this.calibration.pairs,
        curve: this.calibration.curve,
      });
  }

  /** Learns what happened to a run's APIs for a request (the caller persists it). */
  async record(entry: { request: string; apis: readonly string[]; outcome: FeedbackOutcome }, signal?: AbortSignal): Promise<void> {
    const request = entry.request.trim().slice(0, this.options.maxRequestChars);
    if (request === '' || entry.apis.length === 0) return;
    // A multi-step request also teaches each of its steps (clauses) the API it served.
    const clauses = splitClauses(request);
    const docs = clauses.length < 2 ? [] : entry.apis.map((name) => this.options.doc(name)).filter((d) => d !== undefined);
    const steps = docs.length > 0 ? clauses : [];
    // One embedding call for the request, its steps and their APIs' documents.
    let vectors: (Float32Array | undefined)[] = [];
    try {
      vectors = (await this.options.embedder.embed([request, ...steps, ...docs.map((d) => d.text)], signal)).map((v) => (isZero(v) ? undefined : v));
    } catch {
      vectors = []; // Words still learn (and align the steps); fillVectors adds the vectors later.
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
  async fillVectors(signal?: AbortSignal): Promise<number> {
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

  /** Forgets APIs a pack no longer has. */
  forgetApis(names: ReadonlySet<string>): void {
    this.memory.forgetApis(names);
    this.clauseMemory.forgetApis(names);
  }

  dispose(): void {
    this.disposed = true;
    if (this.learnTimer) clearTimeout(this.learnTimer);
  }

  /** Relearns the ranking in the background once the memory has grown by a quarter (30 requests at least). */
  private scheduleLearning(): void {
    const due = (): boolean => this.memory.size >= Math.max(30, this.learnedAt * 1.25);
    if (this.learnTimer || this.disposed || !due()) return;
    this.learnTimer = setTimeout(() => {
      this.learnTimer = undefined;
      if (this.disposed || !due()) return;
      void this.learn().catch((error) => this.options.logger.warn('selector could not learn the feedback weight', { error }));
    }, 5000);
    this.learnTimer.unref();
  }
}
