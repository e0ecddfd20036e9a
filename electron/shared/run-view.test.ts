import { describe, expect, it } from 'vitest';
import { decideApproval, emptyRunRecord, reduceRunEvent, RUN_VIEW_LIMITS, runRecordSchema, type RunRecord } from './run-view';

const runId = 'r1';
const statistics = { durationMs: 5, verifyMs: 1, calls: 2, failedCalls: 1, approvalsAsked: 1, logBytes: 2, artifacts: 1 };

function fold(events: [string, object][]): RunRecord {
  return events.reduce((record, [name, payload]) => reduceRunEvent(record, name as never, { runId, ...payload } as never), emptyRunRecord(runId));
}

describe('run records folded from run events', () => {
  it('keeps calls with their results and errors, approvals, logs, and ties each staged file to the call staging it', () => {
    const record = fold([
      ['run.started', { apis: ['pptx.createDeck', 'fs.delete'], roots: ['/w'] }],
      ['run.api.called', { callId: 1, api: 'pptx.createDeck', args: { path: 'a.pptx' } }],
      ['run.artifact.staged', { artifact: { target: '/w/a.pptx', kind: 'pptx', action: 'write' } }],
      ['run.api.result', { callId: 1, api: 'pptx.createDeck', value: { slides: 3 }, durationMs: 4 }],
      ['run.log', { text: 'made it' }],
      ['run.api.called', { callId: 2, api: 'fs.delete', args: { path: 'old.txt' } }],
      ['run.approval.requested', { requestId: 'q1', api: 'fs.delete', effects: 'destructive', args: { path: 'old.txt' }, summary: 'delete old.txt' }],
      ['run.api.error', { callId: 2, api: 'fs.delete', error: { code: 'DENIED', message: 'no' }, durationMs: 1 }],
      ['run.finished', { status: 'completed', value: 1, artifacts: [{ target: '/w/a.pptx', kind: 'pptx', action: 'write' }], statistics }],
    ]);
    expect(record.status).toBe('completed');
    expect(record.calls).toEqual([
      { callId: 1, api: 'pptx.createDeck', args: { path: 'a.pptx' }, value: { slides: 3 }, durationMs: 4 },
      { callId: 2, api: 'fs.delete', args: { path: 'old.txt' }, error: { code: 'DENIED', message: 'no' }, durationMs: 1 },
    ]);
    expect(record.artifactApis).toEqual({ '/w/a.pptx': ['pptx.createDeck'] });
    expect(record.logs).toEqual(['made it']);
    expect(record.approvals.map((a) => a.requestId)).toEqual(['q1']);
    expect(decideApproval(record, 'q1', 'deny').approvals[0]?.decision).toBe('deny');
    // What core writes to disk parses back with the contract's schema.
    expect(runRecordSchema.parse(JSON.parse(JSON.stringify(record)))).toEqual(record);
  });

  it('bounds logs and calls so a runaway program cannot grow the record', () => {
    let record = emptyRunRecord(runId);
    for (let i = 0; i < RUN_VIEW_LIMITS.logLines + 10; i += 1) record = reduceRunEvent(record, 'run.log', { runId, text: `line ${i}` });
    for (let i = 0; i < RUN_VIEW_LIMITS.calls + 5; i += 1) record = reduceRunEvent(record, 'run.api.called', { runId, callId: i, api: 'a.b', args: {} });
    expect(record.logs).toHaveLength(RUN_VIEW_LIMITS.logLines);
    expect(record.logs[0]).toBe('line 10');
    expect(record.calls).toHaveLength(RUN_VIEW_LIMITS.calls);
  });
});
