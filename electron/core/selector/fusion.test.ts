import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from './fusion';

describe('reciprocalRankFusion', () => {
  const vector = [
    { name: 'a', score: 0.1 },
    { name: 'b', score: 0.2 },
  ];
  const fullText = [
    { name: 'b', score: 9 },
    { name: 'c', score: 5 },
  ];

  it('ranks items found by several signals first and says which signals found them', () => {
    const fused = reciprocalRankFusion(
      [
        { signal: 'vector', weight: 1, hits: vector },
        { signal: 'fullText', weight: 1, hits: fullText },
      ],
      60,
    );
    expect(fused.map((f) => f.name)).toEqual(['b', 'a', 'c']);
    expect(fused[0]!.signals).toEqual({ vector: { rank: 2, score: 0.2 }, fullText: { rank: 1, score: 9 } });
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61);
  });

  it('follows the weights; a zero weight ignores the list; a signal keeps its best rank over several lists', () => {
    const fused = reciprocalRankFusion(
      [
        { signal: 'vector', weight: 0, hits: vector },
        { signal: 'fullText', weight: 1, hits: fullText },
        { signal: 'fullText', weight: 0.5, hits: [{ name: 'c', score: 7 }] },
      ],
      60,
    );
    expect(fused.map((f) => f.name)).toEqual(['b', 'c']);
    expect(fused[0]!.signals.vector).toBeUndefined();
    expect(fused[1]!.signals.fullText).toEqual({ rank: 1, score: 7 });
    expect(fused[1]!.score).toBeCloseTo(1 / 62 + 0.5 / 61);
  });
});
