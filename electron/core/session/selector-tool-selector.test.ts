import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executorCore } from '../../../test/helpers/executor';
import { testToolSelector } from '../../../test/helpers/planner';
import type { SelectorToolSelector } from './selector-tool-selector';

let env: Awaited<ReturnType<typeof executorCore>>;
let tools: SelectorToolSelector;
let close: () => Promise<void>;

beforeAll(async () => {
  env = await executorCore();
  ({ tools, close } = await testToolSelector(env.core));
}, 60_000);
afterAll(async () => {
  await close?.();
  await env?.close();
});

describe('SelectorToolSelector (the real selector over the fixture packs)', () => {
  it('covers every step with its best API first, with scores and why', async () => {
    const box = await tools.select([{ phrase: 'search notes', modules: ['notes'] }, { phrase: 'delete file', modules: ['files'] }], { k: 5, tokenBudget: 2000 });
    const names = box.apis.map((a) => a.name);
    expect(names).toContain('notes.search');
    expect(names).toContain('files.remove');
    expect(box.steps.map((s) => s.hits[0]?.name)).toEqual(['notes.search', 'files.remove']);
    expect(box.apis.find((a) => a.name === 'notes.search')!.why).toMatch(/^step 1 .*fullText#1/);
    expect(box.tokens).toBe(box.apis.reduce((n, a) => n + a.tokens, 0));
  });

  it('keeps the toolbox within the token budget, taking each step’s best hit before anything else, even past the budget', async () => {
    const steps = [{ phrase: 'search notes' }, { phrase: 'write text file' }];
    const wide = await tools.select(steps, { k: 8, tokenBudget: 5000 });
    const one = wide.apis.find((a) => a.name === 'notes.search')!.tokens + wide.apis.find((a) => a.name === 'files.write')!.tokens;
    const tight = await tools.select(steps, { k: 8, tokenBudget: one });
    expect(tight.apis.map((a) => a.name).sort()).toEqual(['files.write', 'notes.search']);
    expect(tight.tokens).toBeLessThanOrEqual(one);
    expect(wide.apis.length).toBeGreaterThan(tight.apis.length);
    // A step with no API cannot be written: each step's best hit stays, and nothing else joins.
    expect((await tools.select(steps, { k: 8, tokenBudget: 0 })).apis.map((a) => a.name).sort()).toEqual(['files.write', 'notes.search']);
  });

  it('is confident only when each step has a clear full-text leader', async () => {
    expect((await tools.select([{ phrase: 'search notes for standup' }], { k: 8, tokenBudget: 2000 })).confident).toBe(true);
    expect((await tools.select([{ phrase: 'please take care of the quarterly thing' }], { k: 8, tokenBudget: 2000 })).confident).toBe(false);
  });
});
