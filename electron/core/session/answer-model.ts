import type { RunResult } from '../executor';
import { isModelError, type ChatMessage } from '../model/provider';
import { answerTail, composeAnswer, short } from './answer';
import type { MeteredModel } from './metered-model';
import { fitText } from './prompt-fit';
import type { CountTokens, OutlineStep } from './planner-prompts';

/**
 * The model-written answer: one small streamed call after a completed run (the request, the outline,
 * the calls made, the program's result and the staged files), its tokens passed on as they arrive.
 */

/** `auto`: the model writes the answer when it fits the two-call budget; `model` always; `composed` never. */
export type AnswerMode = 'auto' | 'model' | 'composed';

/** Token budgets of the answer prompt's parts and of the reply. */
export const ANSWER_BUDGETS = { request: 300, steps: 150, calls: 150, result: 300, reply: 200 } as const;

/**
 * Whether the model writes the answer: only after a completed run (failures, denials and questions are
 * stated exactly, composed), and in `auto` only when the turn has used one model call so far (one-call
 * mode without repairs), so no task goes past two calls for its answer. Otherwise the answer is composed
 * (led by the program's own `answer` sentence when it returned one) and streamed the same way.
 */
export function modelWritesAnswer(mode: AnswerMode, callsSoFar: number, run: RunResult): boolean {
  if (run.status !== 'completed' || mode === 'composed') return false;
  return mode === 'model' || callsSoFar < 2;
}

export interface AnswerInput {
  request: string;
  steps: readonly OutlineStep[];
  /** The API calls the run made, in order. */
  calls: readonly { api: string; ok: boolean }[];
  run: RunResult;
  /** The program's own one-line summary. */
  summary: string;
  countTokens: CountTokens;
}

const INSTRUCTIONS = `You are Switchboard, an office assistant. The task below has run. In one to three short sentences, tell the person what was done, or answer their question from the result.
Use only the facts given; never invent numbers, files or paths. Do not list the staged files: they are shown below your reply. Plain text, no headings.`;

/** The answer prompt: a few hundred tokens whatever the task. */
export function buildAnswerPrompt(input: AnswerInput): ChatMessage[] {
  const fit = (text: string, budget: number) => fitText(text, budget, input.countTokens, () => undefined);
  const steps = input.steps.map((s, i) => `${i + 1}. ${s.action}`).join('\n');
  const calls = input.calls
    .slice(0, 30)
    .map((c) => `${c.api}${c.ok ? '' : ' (failed)'}`)
    .join(', ');
  const staged = input.run.artifacts.map((a) => `${a.action} ${a.target.split(/[\\/]/).pop()}`).join(', ');
  const parts = [
    `Request: ${fit(input.request, ANSWER_BUDGETS.request)}`,
    steps ? `Plan:\n${fit(steps, ANSWER_BUDGETS.steps)}` : '',
    input.summary ? `Program: ${input.summary}` : '',
    calls ? `Calls: ${fit(calls, ANSWER_BUDGETS.calls)}` : '',
    input.run.value !== undefined && input.run.value !== null ? `Result: ${short(input.run.value, ANSWER_BUDGETS.result * 4)}` : '',
    `Staged files: ${staged || 'none'}`,
  ].filter(Boolean);
  return [
    { role: 'system', content: INSTRUCTIONS },
    { role: 'user', content: parts.join('\n') },
  ];
}

/**
 * Streams the model's answer through `onDelta`, then the staged files and notes, and returns the whole
 * text (exactly the deltas joined). A model failure other than cancel falls back to the composed text.
 */
export async function streamAnswer(
  model: MeteredModel,
  input: AnswerInput,
  notes: readonly string[],
  onDelta: (delta: string) => void,
  signal?: AbortSignal,
): Promise<string> {
  let text = '';
  const emit = (delta: string) => {
    if (!delta) return;
    text += delta;
    onDelta(delta);
  };
  try {
    await model.chat({ messages: buildAnswerPrompt(input), maxTokens: ANSWER_BUDGETS.reply, temperature: 0.2, ...(signal ? { signal } : {}), onToken: emit });
  } catch (error) {
    if (signal?.aborted || (isModelError(error) && error.code === 'CANCELLED')) throw error;
    if (!isModelError(error)) throw error;
    // The task is done; a failed answer call must not fail it: say it the composed way.
    emit(`${text ? '\n' : ''}${composeAnswer(input.summary, input.run, notes)}`);
    return text;
  }
  if (!text.trim()) {
    emit(composeAnswer(input.summary, input.run, notes));
    return text;
  }
  const tail = answerTail(input.run, notes);
  if (tail) emit(`${text.endsWith('\n') ? '' : '\n'}${tail}`);
  return text;
}
