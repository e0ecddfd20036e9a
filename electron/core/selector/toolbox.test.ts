import { describe, expect, it } from 'vitest';
import type { ScoredApi } from './selector';
import { buildToolbox } from './toolbox';

const api = (name: string): ScoredApi => ({ name, module: name.split('.')[0]!, pack: 'p', effects: 'read', score: 1, signals: {} });

describe('buildToolbox', () => {
  const steps = [[api('a.one'), api('a.two'), api('a.three')], [api('b.one'), api('a.one'), api('b.two')]];

  it('takes every step’s best first and records which steps chose an API', () => {
    const box = buildToolbox(steps, () => 10, 1000, 10);
    expect(box.toolbox.map((t) => t.name)).toEqual(['a.one', 'b.one', 'a.two', 'a.three', 'b.two']);
    expect(box.toolbox[0]!.steps).toEqual([0, 1]);
    expect(box.tokens).toBe(50);
  });

  it('stays within the token budget and the size bound, and lists what it dropped', () => {
    const tokens: Record<string, number> = { 'a.one': 40, 'b.one': 40, 'a.two': 50, 'a.three': 10, 'b.two': 10 };
    const box = buildToolbox(steps, (n) => tokens[n]!, 100, 3);
    expect(box.toolbox.map((t) => t.name)).toEqual(['a.one', 'b.one', 'a.three']);
    expect(box.tokens).toBeLessThanOrEqual(100);
    expect(box.dropped).toEqual(['a.two', 'b.two']);
  });
});
