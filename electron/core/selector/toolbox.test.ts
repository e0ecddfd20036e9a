import { describe, expect, it } from 'vitest';
import type { ScoredApi } from './selector';
import { buildToolbox } from './toolbox';

const api = (name: string): ScoredApi => ({ name, module: name.split('.')[0]!, pack: 'p', effects: 'read', score: 1, signals: {} });

describe('buildToolbox', () => {
  const steps = [
    [api('a.one'), api('a.two'), api('a.three')],
    [api('b.one'), api('a.one'), api('b.two')],
  ];

  it('takes every step’s best first and records which steps chose an API', () => {
    const box = buildToolbox(steps, () => 10, { budgetTokens: 1000, maxApis: 10 });
    expect(box.apis.map((t) => t.name)).toEqual(['a.one', 'b.one', 'a.two', 'a.three', 'b.two']);
    expect(box.apis[0]!.steps).toEqual([0, 1]);
    expect(box.tokens).toBe(50);
  });

  it('stays within the token budget and the size bound, and lists what it dropped', () => {
    const tokens: Record<string, number> = { 'a.one': 40, 'b.one': 40, 'a.two': 50, 'a.three': 10, 'b.two': 10 };
    const box = buildToolbox(steps, (n) => tokens[n]!, { budgetTokens: 100, maxApis: 3 });
    expect(box.apis.map((t) => t.name)).toEqual(['a.one', 'b.one', 'a.three']);
    expect(box.tokens).toBeLessThanOrEqual(100);
    expect(box.dropped).toEqual(['a.two', 'b.two']);
  });
});

describe('buildToolbox: each step keeps its best API (the planner’s rule, the route’s too)', () => {
  const steps = [[api('a.one'), api('a.two')], [api('b.one'), api('b.two')], [api('c.one')]];

  it('keeps every step’s best past the token budget and the size bound, and nothing else', () => {
    const box = buildToolbox(steps, () => 50, { budgetTokens: 60, maxApis: 1 });
    expect(box.apis.map((t) => t.name)).toEqual(['a.one', 'b.one', 'c.one']);
    expect(box.tokens).toBe(150);
    expect(box.dropped).toEqual(['a.two', 'b.two']);
  });

  it('leaves out an API with no declaration (not installed) without counting it as dropped', () => {
    const box = buildToolbox(steps, (n) => (n === 'b.one' ? undefined : 10));
    expect(box.apis.map((t) => t.name)).toEqual(['a.one', 'c.one', 'a.two', 'b.two']);
    expect(box.dropped).toEqual([]);
  });

  it('uses one set of defaults: no size bound, a 6000-token budget', () => {
    const many = [Array.from({ length: 40 }, (_, i) => api(`m.api${i}`))];
    expect(buildToolbox(many, () => 100).apis).toHaveLength(40);
    expect(buildToolbox(many, () => 200).apis).toHaveLength(30);
  });
});
