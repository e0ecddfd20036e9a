import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { oneCallReply, outlineReply, programReply, promptText, stepOf } from '../helpers/planner';
import { officeScenarioCore, scriptedTurn, type OfficeScenarioEnv } from '../helpers/scenario-core';
import { writeWorkbook } from '../helpers/scenario-files';
import type { ChatCompletionBody, ChatReply } from '../helpers/openai-server';

// The answer streamed from the model: deltas in order, the final text their concatenation, Stop stops it.

const DECK_STEP = [{ action: 'create the kickoff deck', search: 'create a presentation deck', modules: ['pptx'] }];
const DECK =
  "const r = await pptx.createDeck({ path: 'kickoff.pptx', slides: [{ layout: 'title', title: 'Kickoff' }, { layout: 'bullets', title: 'Goals', bullets: ['Ship', 'Hire'] }] });\nreturn { slides: r.slideCount };";
const CHUNKS = ['I made ', 'a two-slide ', 'kickoff deck: ', 'a title slide ', 'and your goals.'];

let env: OfficeScenarioEnv;
beforeAll(async () => {
  // chat.send takes the core's planner options: one call, so the answer call is the second.
  env = await officeScenarioCore({ planner: { mode: 'one-call' } });
}, 120_000);
afterAll(async () => {
  await env?.close();
});

function model(answer: ChatReply, program = DECK): (body: ChatCompletionBody) => ChatReply {
  return (body) =>
    stepOf(body) === 'plan_and_program'
      ? oneCallReply(program, DECK_STEP, '', 'made the kickoff deck')
      : stepOf(body) === 'outline'
        ? outlineReply(DECK_STEP)
        : stepOf(body) === 'program'
          ? programReply(program)
          : answer;
}

describe('answers streamed from the model', () => {
  it('one-call: the answer arrives as deltas in the order the server sent them; the chat message is their concatenation', async () => {
    env.server.script({ chat: model({ chunks: CHUNKS }) });
    const answers: { turnId: string; delta: string }[] = [];
    const listening = env.core.bus.onAny((event, payload) => {
      if (event === 'turn.answer') answers.push(payload as { turnId: string; delta: string });
    });
    const client = createLocalClient(env.core);
    const sent = await client.request('chat.send', { text: 'Make kickoff.pptx with a title slide and our goals Ship and Hire' });
    listening.dispose();
    if (!sent.ok) throw new Error(sent.error.message);
    const requests = env.server.chatRequests();
    const answerRequest = requests[requests.length - 1]!;
    expect(stepOf(answerRequest)).toBe('text');
    expect(answerRequest.stream).toBe(true);
    // A small prompt: the request, the calls, the result and the staged file names, no declarations.
    const prompt = promptText(answerRequest);
    expect(prompt).toContain('Request: Make kickoff.pptx');
    expect(prompt).toContain('Calls: pptx.createDeck');
    expect(prompt).toContain('Staged files: write kickoff.pptx');
    expect(prompt).not.toContain('declare namespace');
    expect(prompt.length).toBeLessThan(2000);

    const deltas = answers.map((a) => a.delta);
    expect(deltas.slice(0, CHUNKS.length)).toEqual(CHUNKS);
    expect(deltas.slice(CHUNKS.length).join('')).toBe(`\nStaged for preview (nothing is written until you apply):\n- ${join(env.root, 'kickoff.pptx')} (pptx)`);
    expect(new Set(answers.map((a) => a.turnId)).size).toBe(1);
    expect(sent.value.reply.text).toBe(deltas.join(''));
    expect(sent.value.reply.text.startsWith(CHUNKS.join(''))).toBe(true);
    const stored = await env.core.conversations.get(sent.value.conversationId);
    expect(stored.messages[1]!.text).toBe(deltas.join(''));
    await env.core.executor.discard(sent.value.reply.runId!);
  });

  it('two-call with files staged: the answer is composed (no third call), still delivered as deltas', async () => {
    const t = await scriptedTurn(env, {
      request: 'Make kickoff.pptx with a title slide and our goals',
      mode: 'two-call',
      chat: model({ error: { status: 500, message: 'no answer call expected' } }),
    });
    expect(t.finished.status).toBe('completed');
    expect(t.requests.map(stepOf)).toEqual(['outline', 'program']);
    expect(t.finished.statistics.llmCalls).toBe(2);
    const deltas = t.events.flatMap((e) => (e.type === 'turn.answer' ? [e.delta] : []));
    expect(deltas.join('')).toBe(t.finished.answer);
    expect(t.finished.answer).toMatch(/^Done: did it\./);
    await env.core.executor.discard(t.finished.runId!);
  });

  it("two-call, a question answered from data: the program's answer sentence leads the composed reply, no third call", async () => {
    await writeWorkbook(join(env.root, 'answer-sales.xlsx'), {
      Sales: [
        ['Region', 'Amount'],
        ['North', 120],
        ['South', 80],
      ],
    });
    const program =
      "const r = await xlsx.aggregate({ path: 'answer-sales.xlsx', measures: [{ column: 'Amount', fn: 'sum' }] });\nconst total = r.groups[0].values['sum(Amount)'];\nreturn { answer: 'The total Amount is ' + total + '.', total };";
    const step = [{ action: 'sum the Amount column', search: 'compute sums of a column', modules: ['xlsx'] }];
    const t = await scriptedTurn(env, {
      request: 'What is the total Amount in answer-sales.xlsx?',
      mode: 'two-call',
      chat: (body) =>
        stepOf(body) === 'outline'
          ? outlineReply(step)
          : stepOf(body) === 'program'
            ? programReply(program, 'summed Amount')
            : { error: { status: 500, message: 'no answer call expected' } },
    });
    expect(t.finished.status).toBe('completed');
    expect(t.requests.map(stepOf)).toEqual(['outline', 'program']);
    // The program prompt asks for that sentence when the person asked a question.
    expect(promptText(t.requests[1]!)).toMatch(/return \{ answer: /);
    expect(t.finished.answer).toBe('The total Amount is 200.\nNo files were staged.');
    expect(t.events.flatMap((e) => (e.type === 'turn.answer' ? [e.delta] : [])).join('')).toBe(t.finished.answer);
  });

  it('Stop while the answer streams: the stream ends, the staged deck is discarded, the turn is cancelled', async () => {
    const t = await scriptedTurn(env, {
      request: 'Make kickoff.pptx with a title slide and our goals',
      mode: 'one-call',
      abortOn: 'run.finished',
      chat: model({ chunks: CHUNKS, delayMs: 20_000 }),
    });
    expect(t.finished.status).toBe('cancelled');
    expect(t.finished.artifacts).toEqual([]);
    expect(t.requests.map(stepOf)).toEqual(['plan_and_program', 'text']);
    expect(t.events.flatMap((e) => (e.type === 'turn.answer' ? [e.delta] : [])).join('')).toBe('Cancelled. Nothing was changed.');
    expect(existsSync(join(env.root, 'kickoff.pptx'))).toBe(false);
    const run = t.runEvents.find((e) => e.type === 'run.finished');
    await expect(env.core.executor.apply(run!.runId)).rejects.toThrow();
  });
});

describe('the answer call failing', () => {
  it('a failed answer call does not fail the task: the composed answer follows, the deltas still add up', async () => {
    const t = await scriptedTurn(env, {
      request: 'Make kickoff.pptx with a title slide and our goals',
      mode: 'one-call',
      chat: model({ error: { status: 400, message: 'context too long' } }),
    });
    expect(t.finished.status).toBe('completed');
    expect(t.requests.map(stepOf)).toEqual(['plan_and_program', 'text']);
    expect(t.finished.answer).toMatch(/^Done: made the kickoff deck\.\nResult: \{"slides":2\}\nStaged for preview/);
    expect(t.events.flatMap((e) => (e.type === 'turn.answer' ? [e.delta] : [])).join('')).toBe(t.finished.answer);
    await env.core.executor.discard(t.finished.runId!);
  });
});
