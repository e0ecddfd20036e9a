import { describe, expect, it } from 'vitest';
import { scoreQuery, summarize } from './metrics';

describe('retrieval metrics', () => {
  it('scores recall, nDCG and completeness against the gold set', () => {
    const s = scoreQuery(['x', 'a', 'y', 'z', 'w', 'b'], ['a', 'b']);
    expect(s.recall).toEqual({ 1: 0, 5: 0.5, 10: 1 });
    expect(s.complete5).toBe(false);
    expect(s.ndcg5).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)));
    expect(scoreQuery(['a', 'b'], ['b', 'a']).ndcg5).toBeCloseTo(1);
  });

  it('summarizes means and latency percentiles', () => {
    const f = summarize(3, 0, [scoreQuery(['a'], ['a']), scoreQuery(['b'], ['a'])], [5, 1]);
    expect(f['recall@1']).toBe(0.5);
    expect(f['comp@5']).toBe(0.5);
    expect(f.p50_ms).toBe(1);
    expect(f.p95_ms).toBe(5);
  });
});
