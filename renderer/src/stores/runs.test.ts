import { expect, it } from 'vitest';
import { fail, ok } from '../../../electron/shared/result';
import { fakeBridge, fakeConnection } from './fakes';
import { createSwitchboardStore } from './index';
import { MAX_RUNS } from './runs';

const stats = { durationMs: 5, verifyMs: 1, calls: 1, failedCalls: 0, approvalsAsked: 1, logBytes: 0, artifacts: 1 };
const artifact = { target: '/w/deck.pptx', kind: 'pptx' as const, action: 'write' as const };

it('builds a run from its events, answers approvals, and applies then undoes', async () => {
  const fake = fakeBridge({
    'run.approve': ({ runId, requestId }) => ok({ runId, requestId }),
    'run.apply': ({ runId }) => ok({ runId, state: 'applied' as const, files: [{ target: artifact.target, action: 'write' as const }] }),
    'run.undo': () => fail('UNAVAILABLE', 'the file changed after Apply'),
  });
  const store = createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection().connection });
  const stop = store.getState().start();
  fake.emit('run.started', { runId: 'r1', apis: ['pptx.createDeck'], roots: ['/w'] });
  fake.emit('run.api.called', { runId: 'r1', callId: 1, api: 'pptx.createDeck', args: { path: 'deck.pptx' } });
  fake.emit('run.approval.requested', { runId: 'r1', requestId: 'q1', api: 'fs.delete', effects: 'destructive', args: { path: 'x' }, summary: 'remove x' });
  fake.emit('run.api.result', { runId: 'r1', callId: 1, api: 'pptx.createDeck', value: { slides: 2 }, durationMs: 12 });
  fake.emit('run.log', { runId: 'r1', text: 'hello' });
  await store.getState().answerApproval('r1', 'q1', 'once');
  fake.emit('run.finished', { runId: 'r1', status: 'completed', value: 'done', artifacts: [artifact], statistics: stats });

  expect(store.getState().runs.r1).toMatchObject({
    status: 'completed',
    calls: [{ callId: 1, api: 'pptx.createDeck', value: { slides: 2 }, durationMs: 12 }],
    approvals: [{ requestId: 'q1', decision: 'once' }],
    logs: ['hello'],
    artifacts: [artifact],
  });
  await store.getState().applyRun('r1');
  expect(store.getState().runs.r1).toMatchObject({ applyState: 'applied', files: [{ target: artifact.target }] });
  // A failed Undo keeps the applied state and says why.
  await store.getState().undoRun('r1');
  expect(store.getState().runs.r1).toMatchObject({ applyState: 'applied', actionError: { code: 'UNAVAILABLE' } });
  stop();
});

it(`keeps at most ${MAX_RUNS} runs, dropping the oldest finished ones and never a running one`, () => {
  const fake = fakeBridge({});
  const store = createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection().connection });
  const stop = store.getState().start();
  fake.emit('run.started', { runId: 'running', apis: [], roots: [] });
  for (let i = 0; i < MAX_RUNS + 10; i++) {
    fake.emit('run.started', { runId: `r${i}`, apis: [], roots: [] });
    fake.emit('run.finished', { runId: `r${i}`, status: 'completed', artifacts: [], statistics: stats });
  }
  const ids = Object.keys(store.getState().runs);
  expect(ids).toHaveLength(MAX_RUNS);
  expect(ids).toContain('running');
  expect(ids).toContain(`r${MAX_RUNS + 9}`);
  expect(ids).not.toContain('r0');
  stop();
});
