import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddingProvider } from '../embedder';
import { Selector, type SelectorWeights } from '../selector';
import type { Logger } from '../../log/logger';
import { loadBenchApis, loadBenchQueries } from './dataset';
import { scoreQuery, summarize, type QueryScore, type SelectFigures } from './metrics';

export interface SelectBenchOptions {
  apis: string;
  queries: string;
  feedback?: string;
  k: number;
  embedder: EmbeddingProvider;
  logger: Logger;
  weights?: Partial<SelectorWeights>;
  /** Index location; a fresh temporary folder by default (removed afterwards). */
  uri?: string;
  progress?: (text: string) => void;
}

/**
 * Loads a retrieval set into a fresh index, replays the feedback file (each line a past request whose
 * gold APIs were applied and thumbed up, through the same recordFeedback path the app uses), then
 * evaluates the queries.
 */
export async function runSelectBench(options: SelectBenchOptions): Promise<SelectFigures> {
  const docs = await loadBenchApis(options.apis);
  const queries = await loadBenchQueries(options.queries);
  const feedback = options.feedback ? await loadBenchQueries(options.feedback) : [];
  const dir = options.uri ? undefined : await mkdtemp(join(tmpdir(), 'switchboard-bench-select-'));
  const selector = new Selector({ uri: options.uri ?? dir!, embedder: options.embedder, source: () => docs, logger: options.logger, weights: options.weights });
  try {
    const t0 = performance.now();
    await selector.start();
    options.progress?.(`indexed ${docs.length} APIs in ${Math.round(performance.now() - t0)} ms\n`);
    for (const f of feedback) {
      await selector.recordFeedback({ request: f.query, apis: f.gold, outcome: 'applied' });
      await selector.recordFeedback({ request: f.query, apis: f.gold, outcome: 'up' });
    }
    // The app relearns the feedback weight in the background as feedback grows; the bench waits for it.
    if (feedback.length > 0) {
      const learned = await selector.learnFeedbackWeight();
      if (learned) options.progress?.(`learned feedback weight ${learned.weight} (leave-one-out R@5 by weight ${JSON.stringify(learned.recall)})\n`);
    }
    const scores: QueryScore[] = [];
    const times: number[] = [];
    // What the feedback can reach (figures only: never used for ranking).
    const seen = new Set(feedback.flatMap((f) => f.gold));
    const noFeedback = { positive: [], negative: new Map<string, number>(), neighbours: 0 };
    const coldWeights = { ...selector.weights, feedback: 0, prior: 0, discard: 0 };
    let goldSeen = 0;
    let goldAll = 0;
    let ceiling = 0;
    for (const q of queries) {
      const k = Math.max(10, options.k);
      const t = performance.now();
      const retrieval = await selector.retrieve(q.query, { k }); // search() is retrieve + rank
      const ranked = selector.rank(retrieval, k);
      times.push(performance.now() - t);
      scores.push(
        scoreQuery(
          ranked.slice(0, k).map((r) => r.name),
          q.gold,
        ),
      );
      if (feedback.length > 0) {
        const known = q.gold.filter((g) => seen.has(g));
        goldSeen += known.length;
        goldAll += q.gold.length;
        const cold = selector.rank(retrieval, k, coldWeights, noFeedback).map((r) => r.name);
        const oracle = [...known, ...cold.filter((n) => !known.includes(n))];
        ceiling += scoreQuery(oracle, q.gold).recall[5];
      }
    }
    const figures = summarize(docs.length, feedback.length, scores, times);
    if (feedback.length === 0) return figures;
    return {
      ...figures,
      feedback_weight: selector.weights.feedback,
      clause_lead: selector.weights.clauseLead,
      gold_seen: Math.round((10_000 * goldSeen) / (goldAll || 1)) / 10_000,
      'ceiling@5': Math.round((10_000 * ceiling) / (queries.length || 1)) / 10_000,
    };
  } finally {
    await selector.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
