import { describe, expect, it } from 'vitest';
import { ExactTopK } from './exact-truth';

const v = (...xs: number[]) => Float32Array.from(xs);

describe('ExactTopK', () => {
  it('keeps the k nearest cosine distances across batches', () => {
    const truth = new ExactTopK([v(1, 0)], 2);
    truth.add([v(0, 1), v(-1, 0)]);
    truth.add([v(1, 0.1), v(2, 0)]);
    expect(truth.kthDistance(0)).toBeCloseTo(1 - 1 / Math.sqrt(1.01), 6);
  });

  it('counts approximate hits no farther than the exact k-th neighbour, so ties are not misses', () => {
    const truth = new ExactTopK([v(1, 0)], 2);
    truth.add([v(1, 0), v(3, 0), v(0, 1)]);
    expect(truth.recall(0, [0, 0])).toBe(1);
    expect(truth.recall(0, [0, 1])).toBe(0.5);
    expect(new ExactTopK([v(1, 0)], 2).kthDistance(0)).toBe(Infinity);
  });
});
