import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/create-core';
import type { RunEvent } from '../../electron/core/executor';
import type { PlannerOptions } from '../../electron/core/session/planner';
import type { TurnEvent } from '../../electron/core/session/turn-events';
import type { ScriptedOpenAiServer } from '../helpers/openai-server';
import { oneCallReply, outlineReply, programReply, promptText, stepOf, startPlannerHarness, type PlannerHarness } from '../helpers/planner';

const WRITE_STEP = [{ action: 'write the summary to a text file', search: 'write text file', modules: ['files'] }];
const GOOD = "const r = await files.write({ path: 'summary.txt', text: 'Q3 summary' });\nreturn { bytes: r.bytes };";

let h: PlannerHarness;
let env: PlannerHarness['env'];
let core: Core;
let server: ScriptedOpenAiServer;

beforeAll(async () => {
  h = await startPlannerHarness();
  ({ env, core, server } = h);
}, 60_000);

afterAll(async () => h?.close());

async function turn(
  request: string,
  options: Partial<PlannerOptions> & { approve?: 'once' | 'deny'; abortOn?: TurnEvent['type']; attachments?: string[]; vision?: boolean } = {},
) {
  const events: TurnEvent[] = [];
  const runEvents: RunEvent[] = [];
  const controller = new AbortController();
  const planner = h.planner(
    {
      mode: options.mode ?? 'two-call',
      ...(options.maxVerifyRepairs !== undefined ? { maxVerifyRepairs: options.maxVerifyRepairs } : {}),
      ...(options.trustConfidence !== undefined ? { trustConfidence: options.trustConfidence } : {}),
    },
    { vision: options.vision ?? false },
  );
  const before = server.chatRequests().length;
  const finished = await planner.turn({
    request,
    roots: [env.root],
    attachments: options.attachments ?? [],
    signal: controller.signal,
    onEvent: (e) => {
      events.push(e);
      if (e.type === options.abortOn) setTimeout(() => controller.abort(), 30);
    },
    onRunEvent: (e) => {
      runEvents.push(e);
      if (e.type === 'run.approval.requested' && options.approve) core.executor.approve(e.runId, e.requestId, options.approve);
    },
  });
  const requests = server.chatRequests().slice(before);
  return { finished, events, runEvents, requests, types: events.map((e) => e.type) };
}

describe('planner turns against the scripted server (real provider, selector, verifier and sandbox)', () => {
  it('happy path: outline, toolbox, program, run, answer with the staged artifact, in two model calls', async () => {
    server.script({ chat: [outlineReply(WRITE_STEP), programReply(GOOD, 'wrote the Q3 summary to summary.txt')] });
    const t = await turn('Write "Q3 summary" into summary.txt');
    expect(t.finished.status).toBe('completed');
    expect(t.finished.statistics.llmCalls).toBe(2);
    expect(t.requests.map(stepOf)).toEqual(['outline', 'program']);
    // The program streams: progress (planner-progress.test.ts) comes before the whole program.
    expect(t.types.filter((x) => x !== 'turn.progress')).toEqual([
      'turn.started',
      'turn.outline',
      'turn.toolbox',
      'turn.program',
      'turn.diagnostics',
      'turn.run',
      ...t.types.filter((x) => x === 'turn.answer'),
      'turn.finished',
    ]);
    expect(t.types.indexOf('turn.progress')).toBeGreaterThan(t.types.indexOf('turn.toolbox'));
    expect(t.types.lastIndexOf('turn.progress')).toBeLessThan(t.types.indexOf('turn.program'));
    const toolbox = t.events.find((e) => e.type === 'turn.toolbox')!;
    expect(toolbox.type === 'turn.toolbox' && toolbox.apis.map((a) => a.name)).toContain('files.write');
    // The program prompt shows the toolbox only: the APIs the selector chose, within the budget.
    const programPrompt = promptText(t.requests[1]!);
    expect(programPrompt).toContain('declare namespace files');
    expect(t.finished.statistics.toolTokens).toBeLessThanOrEqual(3000);
    expect(t.finished.artifacts).toEqual([{ target: join(env.root, 'summary.txt'), kind: 'other', action: 'write' }]);
    expect(t.finished.answer).toContain('wrote the Q3 summary');
    expect(t.finished.answer).toContain(join(env.root, 'summary.txt'));
    await core.executor.apply(t.finished.runId!);
    expect(await readFile(join(env.root, 'summary.txt'), 'utf8')).toBe('Q3 summary');
  });

  it('a type error is caught by the verifier and the repair, fed its diagnostics, fixes it', async () => {
    server.script({ chat: [outlineReply(WRITE_STEP), programReply("await files.write({ path: 'typo.txt' });\nreturn 1;"), programReply(GOOD)] });
    const t = await turn('Write "Q3 summary" into summary.txt');
    expect(t.finished.status).toBe('completed');
    expect(t.finished.statistics).toMatchObject({ llmCalls: 3, repairs: 1 });
    const diagnostics = t.events.filter((e) => e.type === 'turn.diagnostics');
    expect(diagnostics.map((d) => d.type === 'turn.diagnostics' && d.ok)).toEqual([false, true]);
    const repairPrompt = promptText(t.requests[2]!);
    expect(repairPrompt).toContain('typo.txt');
    expect(repairPrompt).toMatch(/text/);
    expect(t.events.find((e) => e.type === 'turn.repair')).toMatchObject({ kind: 'verify', attempt: 1 });
    await core.executor.discard(t.finished.runId!);
  });

  it('an unknown API is refused by the verifier and repaired', async () => {
    server.script({ chat: [outlineReply(WRITE_STEP), programReply("await files.copy({ from: 'a', to: 'b' });"), programReply(GOOD)] });
    const t = await turn('Write "Q3 summary" into summary.txt');
    expect(t.finished.status).toBe('completed');
    const failed = t.events.find((e) => e.type === 'turn.diagnostics' && !e.ok);
    expect(failed && failed.type === 'turn.diagnostics' && failed.text).toMatch(/copy/);
    expect(t.finished.statistics.llmCalls).toBe(3);
    await core.executor.discard(t.finished.runId!);
  });

  it('gives up after the bounded verify repairs and says why', async () => {
    const bad = programReply('await files.nope({});');
    server.script({ chat: [outlineReply(WRITE_STEP), bad, bad, bad] });
    const t = await turn('Write "Q3 summary" into summary.txt', { maxVerifyRepairs: 2 });
    expect(t.finished.status).toBe('failed');
    expect(t.finished.statistics).toMatchObject({ llmCalls: 4, repairs: 2 });
    expect(t.finished.answer).toMatch(/nope/);
  });

  it('a runtime throw is repaired once, fed the failing step and its error', async () => {
    server.script({
      chat: [outlineReply(WRITE_STEP), programReply("const { text } = await files.read({ path: 'missing.txt' });\nreturn text;"), programReply(GOOD)],
    });
    const t = await turn('Summarise missing.txt into summary.txt');
    expect(t.finished.status).toBe('completed');
    const repair = t.events.find((e) => e.type === 'turn.repair');
    expect(repair).toMatchObject({ kind: 'runtime' });
    expect(repair && repair.type === 'turn.repair' && repair.feedback).toMatch(/files\.read/);
    expect(promptText(t.requests[2]!)).toMatch(/files\.read/);
    expect(t.runEvents.filter((e) => e.type === 'run.finished').map((e) => e.type === 'run.finished' && e.status)).toEqual(['failed', 'completed']);
    await core.executor.discard(t.finished.runId!);
  });

  it('a destructive call asks for approval: approved, the deletion is staged', async () => {
    await writeFile(join(env.root, 'old.txt'), 'old');
    const step = [{ action: 'delete old.txt', search: 'delete file', modules: ['files'] }];
    server.script({ chat: [outlineReply(step), programReply("return await files.remove({ path: 'old.txt' });", 'deleted old.txt')] });
    const t = await turn('Delete old.txt', { approve: 'once' });
    expect(t.runEvents.some((e) => e.type === 'run.approval.requested')).toBe(true);
    expect(t.finished.status).toBe('completed');
    expect(t.finished.artifacts).toEqual([{ target: join(env.root, 'old.txt'), kind: 'other', action: 'delete' }]);
    expect(t.finished.answer).toContain('delete ');
    await core.executor.discard(t.finished.runId!);
  });

  it('a destructive call denied stops the turn with nothing staged and no repair', async () => {
    const step = [{ action: 'delete old.txt', search: 'delete file', modules: ['files'] }];
    server.script({ chat: [outlineReply(step), programReply("return await files.remove({ path: 'old.txt' });")] });
    const t = await turn('Delete old.txt', { approve: 'deny' });
    expect(t.finished.status).toBe('failed');
    expect(t.finished.statistics).toMatchObject({ llmCalls: 2, repairs: 0 });
    expect(t.finished.answer).toMatch(/denied/);
    expect(t.finished.artifacts).toEqual([]);
    expect(await readFile(join(env.root, 'old.txt'), 'utf8')).toBe('old');
  });

  it('an ambiguous request is answered with a question, in one call, without guessing a file', async () => {
    server.script({ chat: [outlineReply([], 'Which spreadsheet should I add the totals row to?')] });
    const t = await turn('add a totals row');
    expect(t.finished.status).toBe('question');
    expect(t.finished.answer).toBe('Which spreadsheet should I add the totals row to?');
    expect(t.finished.statistics.llmCalls).toBe(1);
    expect(t.types).not.toContain('turn.program');
    expect(promptText(t.requests[0]!)).toMatch(/never invent a file/);
  });

  it('cancel while the model writes the program ends the turn as cancelled, nothing run', async () => {
    server.script({ chat: [outlineReply(WRITE_STEP), { ...programReply(GOOD), delayMs: 10_000 }] });
    const t = await turn('Write "Q3 summary" into summary.txt', { abortOn: 'turn.toolbox' });
    expect(t.finished.status).toBe('cancelled');
    expect(t.types).not.toContain('turn.run');
    expect(t.finished.statistics.llmCalls).toBe(2);
  });

  it('one-call mode: steps and program in one response over the toolbox chosen from the request, then the answer streamed', async () => {
    server.script({ chat: [oneCallReply(GOOD, WRITE_STEP), { chunks: ['Wrote ', 'the Q3 summary.'] }] });
    const t = await turn('Write "Q3 summary" into a text file summary.txt', { mode: 'one-call' });
    expect(t.finished.status).toBe('completed');
    expect(t.finished.statistics).toMatchObject({ mode: 'one-call', llmCalls: 2 });
    expect(t.requests.map(stepOf)).toEqual(['plan_and_program', 'text']);
    expect(t.finished.answer).toMatch(/^Wrote the Q3 summary\.\nStaged for preview/);
    expect(t.events.find((e) => e.type === 'turn.outline')).toMatchObject({ mode: 'one-call', steps: WRITE_STEP });
    await core.executor.discard(t.finished.runId!);
  });

  it('auto mode: one call when the selection on the request is confident, outline then program when it is not', async () => {
    const answer = (body: Parameters<typeof stepOf>[0]) =>
      stepOf(body) === 'plan_and_program'
        ? oneCallReply(GOOD, WRITE_STEP)
        : stepOf(body) === 'outline'
          ? outlineReply(WRITE_STEP)
          : stepOf(body) === 'program'
            ? programReply(GOOD)
            : { content: 'Wrote it.' };
    server.script({ chat: (body) => answer(body) });
    // By default auto does not trust the selector's confidence (it is not calibrated: see PlannerOptions).
    const untrusted = await turn('Write "Q3 summary" into summary.txt', { mode: 'auto' });
    expect(untrusted.requests.map(stepOf)).toEqual(['outline', 'program']);
    await core.executor.discard(untrusted.finished.runId!);
    const confident = await turn('Write "Q3 summary" into summary.txt', { mode: 'auto', trustConfidence: true });
    // One call for plan and program, one for the streamed answer: two in all.
    expect(confident.finished.statistics).toMatchObject({ mode: 'one-call', llmCalls: 2 });
    await core.executor.discard(confident.finished.runId!);
    const vague = await turn('please take care of the quarterly thing', { mode: 'auto', trustConfidence: true });
    expect(vague.finished.statistics).toMatchObject({ mode: 'two-call', llmCalls: 2 });
    expect(vague.events.find((e) => e.type === 'turn.toolbox')).toBeDefined();
    await core.executor.discard(vague.finished.runId!);
  });

  it('an image for a model without vision: not sent, and the answer says so', async () => {
    const png = join(env.dir, 'chart.png');
    await writeFile(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    server.script({ chat: [outlineReply(WRITE_STEP), programReply(GOOD)] });
    const t = await turn('Describe the attached chart into summary.txt', { attachments: [png] });
    expect(t.finished.answer).toMatch(/cannot see images/);
    expect(JSON.stringify(t.requests[0]!.messages)).not.toContain('image_url');
    await core.executor.discard(t.finished.runId!);
    server.script({ chat: [outlineReply(WRITE_STEP), programReply(GOOD)] });
    const seen = await turn('Describe the attached chart into summary.txt', { attachments: [png], vision: true });
    expect(JSON.stringify(seen.requests[0]!.messages)).toContain('data:image/png;base64,');
    await core.executor.discard(seen.finished.runId!);
  });
});
