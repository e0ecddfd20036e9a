import { describe, expect, it } from 'vitest';
import { boundedJson, boundValue, isCutValue } from './bounded-value';
import { emptyRunRecord, reduceRunEvent, RUN_VIEW_LIMITS, runRecordSchema, type RunRecord } from './run-view';

describe('boundedJson', () => {
  it('is JSON.stringify for values that fit', () => {
    const values: unknown[] = [
      null,
      1,
      'a"b\n',
      [1, 'x', { y: [true, null] }],
      { a: 1, skip: undefined, nested: { b: 'c' } },
      { d: new Date(0).toISOString() },
    ];
    for (const v of values) expect(boundedJson(v, 1000)).toEqual({ text: JSON.stringify(v), complete: true });
  });

  it('stops at the limit for a huge string, a long array and a deep object, and says so', () => {
    const huge = boundedJson({ text: 'x'.repeat(20_000_000) }, 100);
    expect(huge.complete).toBe(false);
    expect(huge.text.length).toBe(100);
    expect(huge.text.startsWith('{"text":"xxx')).toBe(true);
    expect(
      boundedJson(
        Array.from({ length: 1_000_000 }, (_, i) => i),
        50,
      ),
    ).toMatchObject({ complete: false });
    let deep: unknown = 'end';
    for (let i = 0; i < 5000; i++) deep = { d: deep };
    expect(boundedJson(deep, 200)).toMatchObject({ complete: false });
    expect(boundedJson('x'.repeat(10), 12)).toEqual({ text: `"${'x'.repeat(10)}"`, complete: true });
    expect(boundedJson('x'.repeat(11), 12).complete).toBe(false);
  });
});

describe('boundValue', () => {
  it('keeps a value that fits and cuts one that does not, with a note and a preview', () => {
    expect(boundValue({ a: 1 }, 100, 'result')).toEqual({ kept: { a: 1 }, chars: 7 });
    const { kept, chars } = boundValue({ rows: 'y'.repeat(5_000_000) }, 64_000, 'result');
    expect(isCutValue(kept)).toBe(true);
    if (!isCutValue(kept)) return;
    expect(kept.note).toMatch(/^result larger than 64,000 characters was cut for the run record; the first 2,000 are kept$/);
    expect(kept.preview).toBe(`{"rows":"${'y'.repeat(1991)}`);
    expect(chars).toBeLessThan(2200);
  });
});

describe('the run record keeps results within a cap per call and a total per run', () => {
  const fold = (record: RunRecord, name: string, payload: object) => reduceRunEvent(record, name as never, { runId: 'r', ...payload } as never);

  it('cuts each large result and, past the run total, keeps only notes', () => {
    let record = emptyRunRecord('r');
    const perCall = RUN_VIEW_LIMITS.valueChars - 100;
    const fitting = Math.ceil(RUN_VIEW_LIMITS.runChars / perCall) + 3;
    for (let i = 0; i < fitting; i++) {
      record = fold(record, 'run.api.called', { callId: i, api: 'big.read', args: { n: i } });
      record = fold(record, 'run.api.result', { callId: i, api: 'big.read', value: 'z'.repeat(perCall - 2), durationMs: 1 });
    }
    // 400 reads of 20 MB (the same string, so the test itself stays small): each cut, then only notes.
    const twentyMb = 'w'.repeat(20_000_000);
    for (let i = 10_000; i < 10_400; i++) {
      record = fold(record, 'run.api.called', { callId: i, api: 'big.read', args: { n: i } });
      record = fold(record, 'run.api.result', { callId: i, api: 'big.read', value: twentyMb, durationMs: 1 });
    }
    record = fold(record, 'run.finished', {
      status: 'completed',
      value: 'v'.repeat(1_000_000),
      artifacts: [],
      statistics: { durationMs: 1, verifyMs: 0, calls: 1, failedCalls: 0, approvalsAsked: 0, logBytes: 0, artifacts: 0 },
    });

    expect(record.calls[0]!.value).toBe('z'.repeat(perCall - 2));
    const last = record.calls.at(-1)!;
    expect(isCutValue(last.value) && last.value.note).toMatch(/not kept: the run record already holds 4,000,000 characters/);
    expect(record.calls.filter((c) => isCutValue(c.value)).length).toBeGreaterThanOrEqual(3);
    expect(isCutValue(record.value)).toBe(true);
    expect(record.keptChars).toBeLessThanOrEqual(RUN_VIEW_LIMITS.runChars + 10_000);
    const text = JSON.stringify(record);
    expect(text.length).toBeLessThan(RUN_VIEW_LIMITS.runChars + 200_000);
    expect(runRecordSchema.safeParse(JSON.parse(text)).success).toBe(true);
  });

  it('cuts a call’s huge arguments too', () => {
    const record = fold(emptyRunRecord('r'), 'run.api.called', { callId: 1, api: 'fs.writeText', args: { path: 'a.txt', text: 'q'.repeat(1_000_000) } });
    const args = record.calls[0]!.args;
    expect(isCutValue(args) && args.note).toMatch(/^arguments larger than/);
  });
});
