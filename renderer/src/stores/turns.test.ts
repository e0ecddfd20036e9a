import { describe, expect, it } from 'vitest';
import { fakeBridge, fakeConnection } from './fakes';
import { createSwitchboardStore } from './index';

const STATS = {
  mode: 'one-call' as const,
  llmCalls: 2,
  promptTokens: 10,
  completionTokens: 5,
  repairs: 0,
  toolTokens: 100,
  timings: { totalMs: 1, modelMs: 1, selectMs: 0, verifyMs: 0, runMs: 0 },
};

describe('turns slice: the streamed answer', () => {
  it('appends turn.answer deltas in order as they arrive, then takes the final text from turn.finished', () => {
    const fake = fakeBridge({});
    const store = createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection('connecting').connection });
    store.getState().start();
    fake.emit('turn.started', { turnId: 't1', request: 'make a deck' });
    const deltas = ['I made ', 'a two-slide ', 'deck.', '\nStaged for preview (nothing is written until you apply):\n- /w/a.pptx (pptx)'];
    const seen: string[] = [];
    for (const delta of deltas) {
      fake.emit('turn.answer', { turnId: 't1', delta });
      seen.push(store.getState().turns.t1!.answer);
    }
    expect(seen).toEqual(['I made ', 'I made a two-slide ', 'I made a two-slide deck.', deltas.join('')]);
    expect(store.getState().turns.t1!.status).toBeUndefined();
    fake.emit('turn.finished', { turnId: 't1', status: 'completed', answer: deltas.join(''), artifacts: [], statistics: STATS });
    expect(store.getState().turns.t1).toMatchObject({ status: 'completed', answer: deltas.join('') });
  });
});

describe('turns slice: the program as it is written', () => {
  it('keeps the latest turn.progress as the draft, and drops it when the whole program (or the end) arrives', () => {
    const fake = fakeBridge({});
    const store = createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection('connecting').connection });
    store.getState().start();
    fake.emit('turn.started', { turnId: 't2', request: 'write a file' });
    fake.emit('turn.progress', { turnId: 't2', attempt: 0, chars: 20, tokens: 5, program: 'await fs' });
    fake.emit('turn.progress', { turnId: 't2', attempt: 0, chars: 40, tokens: 10, program: 'await fs.writeText({' });
    expect(store.getState().turns.t2!.writing).toEqual({ attempt: 0, chars: 40, tokens: 10, program: 'await fs.writeText({' });
    fake.emit('turn.program', { turnId: 't2', program: 'await fs.writeText({ path: "a.txt", text: "x" });', summary: 's', attempt: 0 });
    expect(store.getState().turns.t2!.writing).toBeUndefined();
    expect(store.getState().turns.t2!.programs).toHaveLength(1);
    fake.emit('turn.progress', { turnId: 't2', attempt: 1, chars: 9, tokens: 3, program: 'await' });
    fake.emit('turn.finished', { turnId: 't2', status: 'cancelled', answer: 'Cancelled.', artifacts: [], statistics: STATS });
    expect(store.getState().turns.t2!.writing).toBeUndefined();
  });
});
