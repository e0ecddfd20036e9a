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
    const scores: QueryScore[] = [];
    const times: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      const result = await selector.search(q.query, { k: Math.max(10, options.k) });
      times.push(performance.now() - t);
      scores.push(scoreQuery(result.results.map((r) => r.name), q.gold));
    }
    return summarize(docs.length, feedback.length, scores, times);
  } finally {
    await selector.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
