import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executorCore } from '../../../test/helpers/executor';
import { testToolSelector } from '../../../test/helpers/planner';
import type { Selector } from './selector';

let env: Awaited<ReturnType<typeof executorCore>>;
let tools: Selector;
let close: () => Promise<void>;

beforeAll(async () => {
  env = await executorCore();
  ({ tools, close } = await testToolSelector(env.core));
}, 60_000);
afterAll(async () => {
  await close?.();
  await env?.close();
});

describe('Selector.select (selectToolbox over the real selector and the fixture packs)', () => {
  it('covers every step with its best API first, with scores and why', async () => {
    const box = await tools.select(
      [
        { query: 'search notes', modules: ['notes'] },
        { query: 'delete file', modules: ['files'] },
      ],
      { k: 5, budgetTokens: 2000 },
    );
    const names = box.toolbox.apis.map((a) => a.name);
    expect(names).toContain('notes.search');
    expect(names).toContain('files.remove');
    expect(box.steps.map((s) => s.results[0]?.name)).toEqual(['notes.search', 'files.remove']);
    expect(box.toolbox.apis.find((a) => a.name === 'notes.search')!.why).toMatch(/^step 1 .*fullText#1/);
    expect(box.toolbox.tokens).toBe(box.toolbox.apis.reduce((n, a) => n + a.tokens, 0));
  });

  it('keeps the toolbox within the token budget, taking each step’s best hit before anything else, even past the budget', async () => {
    const steps = [{ query: 'search notes' }, { query: 'write text file' }];
    const wide = await tools.select(steps, { k: 8, budgetTokens: 5000 });
    const one = wide.toolbox.apis.find((a) => a.name === 'notes.search')!.tokens + wide.toolbox.apis.find((a) => a.name === 'files.write')!.tokens;
    const tight = await tools.select(steps, { k: 8, budgetTokens: one });
    expect(tight.toolbox.apis.map((a) => a.name).sort()).toEqual(['files.write', 'notes.search']);
    expect(tight.toolbox.tokens).toBeLessThanOrEqual(one);
    expect(wide.toolbox.apis.length).toBeGreaterThan(tight.toolbox.apis.length);
    // A step with no API cannot be written: each step's best hit stays, and nothing else joins.
    expect((await tools.select(steps, { k: 8, budgetTokens: 0 })).toolbox.apis.map((a) => a.name).sort()).toEqual(['files.write', 'notes.search']);
  });

  it('is confident only when each step has a clear full-text leader', async () => {
    expect((await tools.select([{ query: 'search notes for standup' }], { k: 8, budgetTokens: 2000 })).confident).toBe(true);
    expect((await tools.select([{ query: 'please take care of the quarterly thing' }], { k: 8, budgetTokens: 2000 })).confident).toBe(false);
  });
});
