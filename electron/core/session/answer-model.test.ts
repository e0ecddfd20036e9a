import { describe, expect, it } from 'vitest';
import type { RunResult } from '../executor';
import { estimateTokens } from '../model/provider';
import { composeAnswer } from './answer';
import { buildAnswerPrompt, modelWritesAnswer } from './answer-model';

const STATS = { calls: 1, apiMs: 1, verifyMs: 1, totalMs: 2 };
function run(partial: Partial<RunResult>): RunResult {
  return { runId: 'r1', status: 'completed', artifacts: [], statistics: STATS, ...partial } as RunResult;
}

describe('who writes the answer', () => {
  it('auto: the model only after a completed run in a turn that has used one call (so two in all); never for failures', () => {
    const staged = run({ artifacts: [{ target: '/w/a.pptx', kind: 'pptx', action: 'write' }] as RunResult['artifacts'] });
    expect(modelWritesAnswer('auto', 1, staged)).toBe(true);
    expect(modelWritesAnswer('auto', 2, staged)).toBe(false);
    expect(modelWritesAnswer('auto', 2, run({ value: { total: 3 } }))).toBe(false);
    expect(modelWritesAnswer('auto', 1, run({ status: 'failed' }))).toBe(false);
    expect(modelWritesAnswer('auto', 1, run({ status: 'denied' }))).toBe(false);
    expect(modelWritesAnswer('model', 3, staged)).toBe(true);
    expect(modelWritesAnswer('composed', 1, staged)).toBe(false);
  });

  it("the composed answer leads with the program's answer sentence when it returned one", () => {
    expect(composeAnswer('summed', run({ value: { answer: 'The total is 335.5.', total: 335.5 } }))).toBe('The total is 335.5.\nNo files were staged.');
    expect(composeAnswer('summed', run({ value: { total: 335.5 } }))).toBe('Done: summed.\nResult: {"total":335.5}\nNo files were staged.');
  });
});

describe('the answer prompt', () => {
  it('stays small whatever the result: the request, plan, calls, a clipped result and the staged file names', () => {
    const big = { rows: Array.from({ length: 5000 }, (_, i) => ({ i, name: `row ${i}` })) };
    const messages = buildAnswerPrompt({
      request: 'Summarise the sheet',
      steps: [{ action: 'read the rows', search: 'read', modules: ['xlsx'] }],
      calls: [{ api: 'xlsx.readRange', ok: true }],
      run: run({ value: big, artifacts: [{ target: '/home/ada/work/summary.docx', kind: 'docx', action: 'write' }] as RunResult['artifacts'] }),
      summary: 'read the rows',
      countTokens: estimateTokens,
    });
    const text = messages.map((m) => String(m.content)).join('\n');
    expect(estimateTokens(text)).toBeLessThan(700);
    expect(text).toContain('Calls: xlsx.readRange');
    expect(text).toContain('Staged files: write summary.docx');
    expect(text).not.toContain('/home/ada');
  });
});
