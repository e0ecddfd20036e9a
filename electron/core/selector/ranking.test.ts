import { describe, expect, it } from 'vitest';
import { CLAUSE_MODES, DEFAULT_WEIGHTS, readWeights } from './ranking';

describe('readWeights', () => {
  it('overlays the defaults, with `cover` as the default clause mode', () => {
    expect(readWeights()).toEqual(DEFAULT_WEIGHTS);
    expect(readWeights({ feedback: 1, clauseLead: 'lead' })).toEqual({ ...DEFAULT_WEIGHTS, feedback: 1, clauseLead: 'lead' });
    expect(DEFAULT_WEIGHTS.clauseLead).toBe('cover');
  });

  it('reads the numeric clause modes earlier versions wrote as their names', () => {
    expect([0, 1, 2, 3].map((n) => readWeights({ clauseLead: n }).clauseLead)).toEqual([...CLAUSE_MODES]);
    expect(CLAUSE_MODES).toEqual(['fused', 'cover', 'lead', 'cover-learned']);
  });

  it('refuses an unknown clause mode with a message naming the valid ones', () => {
    for (const bad of [4, -1, 1.5, 'first', ''])
      expect(() => readWeights({ clauseLead: bad as never })).toThrow(/clauseLead must be one of fused, cover, lead, cover-learned/);
  });
});
