import { randomBytes } from 'node:crypto';
import type { ApiDocument } from '../../../apis/sdk';
import type { Executor, RunEvent, RunResult } from '../executor';
import { PROGRAM_GLOBALS } from '../executor';
import { isModelError, type ChatMessage, type ContentPart, type ModelProvider } from '../model/provider';
import { estimateTokens, renderDeclarations } from '../platform/declarations';
import type { TurnStatistics, TurnStatus } from '../../shared/turn';
import { composeAnswer } from './answer';
import { modelWritesAnswer, streamAnswer, type AnswerMode } from './answer-model';
import { imagePart, isImage, summarizeAttachment, type AttachmentReader } from './attachments';
import { MeteredModel } from './metered-model';
import { buildOneCallPrompt } from './one-call-prompt';
import { buildOutlinePrompt, buildProgramPrompt, PROMPT_BUDGETS, type AttachmentSummary, type ModuleSummary, type Outline, type OutlineStep, type Toolbox, type Turn } from './planner-prompts';
import type { SelectedToolbox, ToolSelector } from './tool-selector';
import type { TurnEvent, TurnFinished } from './turn-events';

export interface PlannerOptions {
  /** `auto`: one call when the selection on the request alone is confident, else outline then program. */
  mode: 'auto' | 'one-call' | 'two-call';
  maxVerifyRepairs: number;
  maxRuntimeRepairs: number;
  /** Selector candidates per step. */
  k: number;
  /** Who writes the answer after a completed run (see modelWritesAnswer): streamed from the model, or composed. */
  answer: AnswerMode;
}

export const DEFAULT_PLANNER_OPTIONS: PlannerOptions = { mode: 'auto', maxVerifyRepairs: 2, maxRuntimeRepairs: 1, k: 8, answer: 'auto' };

export interface PlannerDeps {
  provider: ModelProvider;
  executor: Pick<Executor, 'verify' | 'startRun' | 'documents' | 'discard'>;
  tools: ToolSelector;
  /** The installed modules with one line each (for the outline prompt). */
  modules: () => ModuleSummary[];
  reader?: AttachmentReader;
  options?: Partial<PlannerOptions>;
}

export interface TurnInput {
  turnId?: string;
  conversationId?: string;
  request: string;
  history?: readonly Turn[];
  /** Files the person attached (images go to vision models, the rest are summarised and passed as handles). */
  attachments?: readonly string[];
  /** Folders granted to the program. */
  roots?: readonly string[];
  signal?: AbortSignal;
  onEvent?: (event: TurnEvent) => void;
  onRunEvent?: (event: RunEvent) => void;
}

class Cancelled extends Error {}

const GLOBALS_TOKENS = estimateTokens(PROGRAM_GLOBALS);
/** Declaration tokens the selector may fill: the program prompt's toolbox budget less the globals and room for notes. */
export const SELECTION_BUDGET = PROMPT_BUDGETS.program.toolbox - GLOBALS_TOKENS - 300;

export function newTurnId(): string {
  return `turn-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** The toolbox text the program prompt shows: the globals, the chosen APIs' declarations, their composition notes and examples. */
export function toolboxFor(docs: readonly ApiDocument[]): Toolbox {
  return {
    declarations: `${PROGRAM_GLOBALS}\n${renderDeclarations(docs, 'compact')}`,
    composition: docs.filter((d) => d.composition.trim()).map((d) => `${d.name}: ${d.composition.trim()}`),
    examples: docs.flatMap((d) => d.examples.slice(0, 1)),
  };
}

/**
 * One planner turn: context, outline, selection, program, verify (with repairs), run (with a repair on a
 * runtime error), answer. Every stage is an event; the signal cancels at any point.
 */
export class Planner {
  private readonly options: PlannerOptions;

  constructor(private readonly deps: PlannerDeps) {
    this.options = { ...DEFAULT_PLANNER_OPTIONS, ...deps.options };
  }

  async turn(input: TurnInput): Promise<TurnFinished> {
    const turnId = input.turnId ?? newTurnId();
    const emit = (event: TurnEvent) => input.onEvent?.(event);
    const model = new MeteredModel(this.deps.provider);
    const started = performance.now();
    const t = { selectMs: 0, verifyMs: 0, runMs: 0, programAt: 0, firstResult: undefined as number | undefined };
    let mode: 'one-call' | 'two-call' = this.options.mode === 'one-call' ? 'one-call' : 'two-call';
    let repairs = 0;
    let toolTokens = 0;
    let lastRun: RunResult | undefined;
    const signal = input.signal;
    const check = () => {
      if (signal?.aborted) throw new Cancelled();
    };
    const stats = (): TurnStatistics => ({
      mode,
      llmCalls: model.calls,
      promptTokens: model.promptTokens,
      completionTokens: model.completionTokens,
      repairs,
      toolTokens,
      timings: { totalMs: performance.now() - started, modelMs: model.modelMs, selectMs: t.selectMs, verifyMs: t.verifyMs, runMs: t.runMs, ...(t.firstResult !== undefined ? { programToFirstResultMs: t.firstResult } : {}) },
    });
    const finish = (status: TurnStatus, answer: string, streamed = false): TurnFinished => {
      if (!streamed) for (const line of answer.split(/(?<=\n)/)) emit({ type: 'turn.answer', turnId, delta: line });
      const finished: TurnFinished = { turnId, status, answer, ...(lastRun ? { runId: lastRun.runId } : {}), artifacts: lastRun?.artifacts ?? [], statistics: stats() };
      emit({ type: 'turn.finished', ...finished });
      return finished;
    };
    emit({ type: 'turn.started', turnId, ...(input.conversationId ? { conversationId: input.conversationId } : {}), request: input.request });

    try {
      // 1. Context.
      const notes: string[] = [];
      const history = await this.trimHistory(input.history ?? []);
      const files = input.attachments ?? [];
      const images: ContentPart[] = [];
      const summaries: AttachmentSummary[] = [];
      for (const file of files) {
        check();
        if (isImage(file)) {
          if (!this.deps.provider.capabilities.vision) {
            notes.push(`Note: the model in use cannot see images, so ${file.split(/[\\/]/).pop()} was passed to the program by handle only. Choose a vision-capable model in Settings → Models to use its content.`);
          } else {
            const part = await imagePart(file);
            if (part) images.push(part);
            else notes.push(`Note: ${file} is too large to show to the model.`);
          }
        }
        summaries.push(await summarizeAttachment(file, this.deps.reader, signal));
      }
      const modules = this.deps.modules();
      const count = estimateTokens;

      // 2-3. Outline and selection (or one call over a confident first selection).
      let outline: Outline;
      let toolbox: SelectedToolbox;
      let program = '';
      let summary = '';
      const selectStarted = performance.now();
      const first = this.options.mode === 'two-call' ? undefined : await this.deps.tools.select([{ phrase: input.request }], { k: this.options.k, tokenBudget: SELECTION_BUDGET, ...(signal ? { signal } : {}) });
      t.selectMs += performance.now() - selectStarted;
      check();
      if (first && (this.options.mode === 'one-call' || first.confident)) {
        mode = 'one-call';
        toolbox = first;
        const docs = this.deps.executor.documents(toolbox.apis.map((a) => a.name));
        const built = buildOneCallPrompt({ request: input.request, toolbox: toolboxFor(docs), attachments: summaries, countTokens: count }, modules.map((m) => m.name));
        toolTokens = count(toolboxFor(docs).declarations);
        const reply = await model.chatJson({ messages: withImages(withHistory(built.messages, history), images), jsonSchema: built.jsonSchema, maxTokens: built.maxTokens, temperature: 0, ...(signal ? { signal } : {}) });
        outline = { steps: asSteps(reply.steps), question: String(reply.question ?? '') };
        program = String(reply.program ?? '');
        summary = String(reply.summary ?? '');
        emit({ type: 'turn.outline', turnId, steps: outline.steps, question: outline.question, mode });
        this.emitToolbox(turnId, toolbox, emit);
        if (!program.trim()) return finish('question', outline.question || 'Could you say a little more about what you want done, and which files to use?');
      } else {
        const built = buildOutlinePrompt({ request: input.request, modules, history, attachments: summaries, countTokens: count });
        const reply = await model.chatJson({ messages: withImages(built.messages, images), jsonSchema: built.jsonSchema, maxTokens: built.maxTokens, temperature: 0, ...(signal ? { signal } : {}) });
        outline = { steps: asSteps(reply.steps), question: String(reply.question ?? '') };
        emit({ type: 'turn.outline', turnId, steps: outline.steps, question: outline.question, mode });
        if (outline.question.trim() || outline.steps.length === 0) return finish('question', outline.question.trim() || 'Could you say what you want done, and which files to use?');
        const s = performance.now();
        toolbox = await this.deps.tools.select(outline.steps.map((st) => ({ phrase: st.search || st.action, modules: st.modules })), { k: this.options.k, tokenBudget: SELECTION_BUDGET, ...(signal ? { signal } : {}) });
        t.selectMs += performance.now() - s;
        this.emitToolbox(turnId, toolbox, emit);
      }
      const names = toolbox.apis.map((a) => a.name);
      const docs = this.deps.executor.documents(names);
      const tools = toolboxFor(docs);
      toolTokens = count(tools.declarations) + count((tools.composition ?? []).join('\n')) + count((tools.examples ?? []).join('\n'));

      const writeProgram = async (repair?: { program: string; diagnostics: string[] }) => {
        const built = buildProgramPrompt({ request: input.request, outline, toolbox: tools, attachments: summaries, countTokens: count, ...(repair ? { repair } : {}) });
        const reply = await model.chatJson({ messages: built.messages, jsonSchema: built.jsonSchema, maxTokens: built.maxTokens, temperature: 0, ...(signal ? { signal } : {}) });
        return { program: String(reply.program ?? ''), summary: String(reply.summary ?? '') };
      };
      if (mode === 'two-call') ({ program, summary } = await writeProgram());

      // 4-5. Verify with repairs, run with a repair on a runtime error.
      let attempt = 0;
      let runtimeRepairs = 0;
      for (;;) {
        check();
        t.programAt = performance.now();
        t.firstResult = undefined;
        emit({ type: 'turn.program', turnId, program, summary, attempt });
        const v0 = performance.now();
        const verdict = this.deps.executor.verify(program, names);
        t.verifyMs += performance.now() - v0;
        emit({ type: 'turn.diagnostics', turnId, ok: verdict.ok, text: verdict.text, attempt });
        if (!verdict.ok) {
          if (attempt - runtimeRepairs >= this.options.maxVerifyRepairs) return finish('failed', `I could not write a program the checker accepts after ${repairs} repairs:\n${verdict.text}`);
          attempt += 1;
          repairs += 1;
          emit({ type: 'turn.repair', turnId, kind: 'verify', attempt, feedback: verdict.text });
          ({ program, summary } = await writeProgram({ program, diagnostics: [verdict.text] }));
          continue;
        }
        const { result: run, failedCall, calls } = await this.run(turnId, program, names, input, emit, t);
        lastRun = run;
        // A run that could not start (a missing folder or attachment) is not the program's fault: no repair.
        const setupFailed = run.error?.code === 'INVALID_INPUT' && run.statistics.calls === 0;
        if (run.status === 'failed' && !setupFailed && runtimeRepairs < this.options.maxRuntimeRepairs) {
          const feedback = run.error ? `${run.error.code}: ${run.error.message}` : 'the program failed';
          const step = failedCall;
          const text = step ? `The call ${step} failed. ${feedback}` : feedback;
          await this.deps.executor.discard(run.runId).catch(() => undefined);
          lastRun = undefined;
          runtimeRepairs += 1;
          attempt += 1;
          repairs += 1;
          emit({ type: 'turn.repair', turnId, kind: 'runtime', attempt, feedback: text });
          ({ program, summary } = await writeProgram({ program, diagnostics: [text] }));
          continue;
        }
        if (run.status === 'cancelled') throw new Cancelled();
        const status: TurnStatus = run.status === 'completed' ? 'completed' : 'failed';
        if (!modelWritesAnswer(this.options.answer, model.calls, run)) return finish(status, composeAnswer(summary, run, notes));
        // 6. Answer: streamed from the model; a Stop here discards what the run staged.
        try {
          const text = await streamAnswer(model, { request: input.request, steps: outline.steps, calls, run, summary, countTokens: count }, notes, (delta) => emit({ type: 'turn.answer', turnId, delta }), signal);
          return finish(status, text, true);
        } catch (error) {
          if (signal?.aborted || (isModelError(error) && error.code === 'CANCELLED')) {
            await this.deps.executor.discard(run.runId).catch(() => undefined);
            lastRun = undefined;
          }
          throw error;
        }
      }
    } catch (error) {
      if (error instanceof Cancelled || signal?.aborted || (isModelError(error) && error.code === 'CANCELLED')) return finish('cancelled', 'Cancelled. Nothing was changed.');
      if (isModelError(error)) return finish('failed', `The model could not answer (${error.code}): ${error.message}`);
      throw error;
    }
  }

  private async run(turnId: string, program: string, names: string[], input: TurnInput, emit: (e: TurnEvent) => void, t: { runMs: number; programAt: number; firstResult: number | undefined }): Promise<{ result: RunResult; failedCall?: string; calls: { api: string; ok: boolean }[] }> {
    const started = performance.now();
    let failedCall: string | undefined;
    const calls: { api: string; ok: boolean }[] = [];
    const { runId, done } = this.deps.executor.startRun(program, {
      apis: names,
      roots: input.roots ?? [],
      attachments: input.attachments ?? [],
      ...(input.signal ? { signal: input.signal } : {}),
      onEvent: (event) => {
        if (event.type === 'run.api.result' || event.type === 'run.finished') t.firstResult ??= performance.now() - t.programAt;
        if (event.type === 'run.api.result') calls.push({ api: event.api, ok: true });
        if (event.type === 'run.api.error') {
          failedCall = `${event.api} (call #${event.callId}) with ${JSON.stringify(event.error.code)}`;
          calls.push({ api: event.api, ok: false });
        }
        input.onRunEvent?.(event);
      },
    });
    emit({ type: 'turn.run', turnId, runId });
    const result = await done;
    t.runMs += performance.now() - started;
    return { result, calls, ...(failedCall ? { failedCall } : {}) };
  }

  private emitToolbox(turnId: string, toolbox: SelectedToolbox, emit: (e: TurnEvent) => void): void {
    emit({ type: 'turn.toolbox', turnId, apis: toolbox.apis, tokens: toolbox.tokens, budget: SELECTION_BUDGET, confident: toolbox.confident, warnings: toolbox.warnings });
  }

  /** The most recent turns within the history budget, counted with the model's tokenizer when it has one. */
  private async trimHistory(history: readonly Turn[]): Promise<Turn[]> {
    const budget = PROMPT_BUDGETS.outline.history;
    const tokenizer = this.deps.provider.capabilities.tokenizer;
    const kept: Turn[] = [];
    let used = 0;
    for (let i = history.length - 1; i >= 0; i--) {
      const turn = history[i]!;
      const n = (tokenizer ? await this.deps.provider.countTokens(turn.text) : estimateTokens(turn.text)) + 4;
      if (used + n > budget) break;
      kept.unshift(turn);
      used += n;
    }
    return kept;
  }
}

function asSteps(value: unknown): OutlineStep[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((s: unknown) => {
    if (!s || typeof s !== 'object') return [];
    const o = s as Record<string, unknown>;
    return [{ action: String(o.action ?? ''), search: String(o.search ?? o.action ?? ''), modules: Array.isArray(o.modules) ? o.modules.map(String) : [] }];
  });
}

/** Puts the history between the system message and the request. */
function withHistory(messages: ChatMessage[], history: readonly Turn[]): ChatMessage[] {
  const [system, ...rest] = messages;
  return [system!, ...history.map((h): ChatMessage => ({ role: h.role, content: h.text })), ...rest];
}

/** Adds the images to the last user message. */
function withImages(messages: ChatMessage[], images: readonly ContentPart[]): ChatMessage[] {
  if (images.length === 0) return messages;
  const last = messages[messages.length - 1]!;
  const text = typeof last.content === 'string' ? [{ type: 'text' as const, text: last.content }] : last.content;
  return [...messages.slice(0, -1), { role: last.role, content: [...text, ...images] }];
}
