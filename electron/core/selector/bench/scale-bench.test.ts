import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../../test/helpers/temp-home';
import { writeTinyWink } from '../../../../test/helpers/word-vectors';
import { GloveEmbedder } from '../glove-embedder';
import { runScaleBench } from './scale-bench';

describe('scale bench', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempHome('switchboard-scale-bench-')));
  afterEach(() => cleanup());

  it('streams synthetic APIs in batches and reports latency, exact recall and the RSS the selector added', async () => {
    const source = await writeTinyWink(dir);
    const figures = await runScaleBench({
      apis: 12_000,
      queries: 8,
      embedder: () => GloveEmbedder.open(join(dir, 'models'), { source }),
      dir: join(dir, 'index'),
      sweep: [{ nprobes: 5, refineFactor: 2 }],
    });
    expect(figures).toMatchObject({ apis: 12_000, dimension: 8, vector_index: 'flat', queries: 8, 'recall@10_vs_exact': 1 });
    expect(figures.added_rss_mb).toBe(figures.peak_rss_mb - figures.baseline_rss_mb);
    expect(Object.keys(figures.phase_peaks_mb)).toEqual(expect.arrayContaining(['embedder', 'ingest', 'index', 'queries']));
    expect(figures.sweep).toHaveLength(1);
    expect(figures.load_avg).toMatch(/\d/);
  }, 120_000);
});
