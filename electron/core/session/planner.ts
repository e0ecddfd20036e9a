import { randomBytes } from 'node:crypto';
import type { Executor, RunEvent, RunResult } from '../executor';
import { isModelError, type ModelProvider } from '../model/provider';
import { estimateTokens as estimateTokensOf } from '../platform/declarations';
import type { TurnStatistics, TurnStatus } from '../../shared/turn';
import { composeAnswer, programAnswer, programError } from './answer';
import { modelWritesAnswer, streamAnswer, type AnswerMode } from './answer-model';
import type { AttachmentReader } from './attachments';
import type { ImageTextReader } from './image-text';
import { MeteredModel } from './metered-model';
import { plan } from './plan-stage';
import type { ModuleSummary, Outline, Turn } from './planner-prompts';
import { ProgramProgress } from './program-progress';
import { writeVerifyRun, type ProgramOutcome, type ProgramStageDeps } from './program-stage';
import type { ToolSelector } from './tool-selector';
import { gatherContext } from './turn-context';
import type { TurnEvent, TurnFinished } from './turn-events';

export interface PlannerOptions {
  /** `auto`: one call when the selection on the request alone is confident and the selector healthy, else outline then program. */
  mode: 'auto' | 'one-call' | 'two-call';
  maxVerifyRepairs: number;
  maxRuntimeRepairs: number;
  /** Selector candidates per step. */
  k: number;
  /** Who writes the answer after a completed run (see modelWritesAnswer): streamed from the model, or composed. */
  answer: AnswerMode;
  /**
   * Whether `auto` trusts the selector's confidence on the raw request. Off by default: over the 216
   * OfficeBench requests (test/bench/one-call-calibration.ts) a confident toolbox held every module the task
   * needed 50.8 % of the time against 48.9 % for an unconfident one: the flag does not predict a good toolbox.
   */
  trustConfidence: boolean;
}

export const DEFAULT_PLANNER_OPTIONS: PlannerOptions = {
  mode: 'auto',
  maxVerifyRepairs: 2,
  maxRuntimeRepairs: 1,
  k: 8,
  answer: 'auto',
  trustConfidence: false,
};

export interface PlannerDeps {
  provider: ModelProvider;
  executor: Pick<Executor, 'verify' | 'startRun' | 'documents' | 'discard'>;
  tools: ToolSelector;
  /** The installed modules with one line each (for the outline prompt). */
  modules: () => ModuleSummary[];
  reader?: AttachmentReader;
  /** Reads the text of images the turn names (OCR) for the prompts. */
  imageText?: ImageTextReader;
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

export function newTurnId(): string {
  return `turn-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

const ASK_DEFAULT = 'Could you say a little more about what you want done, and which files to use?';

/**
 * One planner turn as a pipeline of stages: context (turn-context), outline and selection (plan-stage),
 * write, verify and run with repairs (program-stage), answer. Every stage is an event; the signal cancels at any point.
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
    const state: TurnState = {
      mode: this.options.mode === 'one-call' ? 'one-call' : 'two-call',
      repairs: 0,
      toolTokens: 0,
      timing: { selectMs: 0, verifyMs: 0, runMs: 0, programAt: 0, firstResult: undefined },
    };
    const finish = turnFinisher(turnId, model, state, emit);
    // One throttle for the turn: at most about ten progress events a second, whichever reply streams.
    const progress = new ProgramProgress((figures) => emit({ type: 'turn.progress', turnId, ...figures }));
    emit({ type: 'turn.started', turnId, ...(input.conversationId ? { conversationId: input.conversationId } : {}), request: input.request });

    try {
      return await this.stages(input, { turnId, model, state, emit, progress, finish });
    } catch (error) {
      if (input.signal?.aborted || (isModelError(error) && error.code === 'CANCELLED')) return finish('cancelled', 'Cancelled. Nothing was changed.');
      if (isModelError(error)) return finish('failed', `The model could not answer (${error.code}): ${error.message}`);
      throw error;
    }
  }

  /** Context, outline and selection, then the program written, verified and run; its outcome decides the answer. */
  private async stages(input: TurnInput, turn: TurnScope): Promise<TurnFinished> {
    const { turnId, model, state, emit, progress, finish } = turn;
    const { signal } = input;
    const { timing } = state;
    const ctx = await gatherContext(
      {
        history: input.history ?? [],
        attachments: input.attachments ?? [],
        roots: input.roots ?? [],
        ...(signal ? { signal } : {}),
        ...(this.deps.imageText ? { imageText: this.deps.imageText } : {}),
      },
      this.deps.provider,
      this.deps.reader,
    );
    const planned = await plan(
      {
        request: input.request,
        mode: this.options.mode === 'auto' && !this.options.trustConfidence ? 'two-call' : this.options.mode,
        k: this.options.k,
        turnId,
        ...(signal ? { signal } : {}),
      },
      { model, tools: this.deps.tools, installed: () => this.deps.executor.documents(), modules: this.deps.modules(), ctx, emit, progress, timing },
    );
    state.mode = planned.mode;
    if (planned.kind === 'question') return finish('question', planned.outline.question.trim() || ASK_DEFAULT);
    const tools = planned.toolbox.render();
    state.toolTokens = [tools.declarations, ...(tools.composition ?? []), ...(tools.examples ?? [])].reduce((n, text) => n + estimateTokensOf(text), 0);
    const outcome = await writeVerifyRun(
      {
        turnId,
        request: input.request,
        outline: planned.outline,
        toolbox: planned.toolbox,
        ...(planned.program ? { first: planned.program } : {}),
        roots: input.roots ?? [],
        attachments: input.attachments ?? [],
        maxVerifyRepairs: this.options.maxVerifyRepairs,
        maxRuntimeRepairs: this.options.maxRuntimeRepairs,
        ...(signal ? { signal } : {}),
        ...(input.onRunEvent ? { onRunEvent: input.onRunEvent } : {}),
      },
      { model, executor: this.deps.executor, tools: this.deps.tools, ctx, emit, progress, timing, onRepair: () => (state.repairs += 1) },
    );
    // An empty program is a question when the model asked one, else a failure: never "done".
    if (outcome.kind === 'empty')
      return finish(
        planned.outline.question.trim() ? 'question' : 'failed',
        planned.outline.question.trim() || `The model wrote no program for this request, so nothing was done. ${ASK_DEFAULT}`,
      );
    if (outcome.kind === 'refused') return finish('failed', outcome.text);
    return this.answer(input, turn, { ...outcome, steps: planned.outline.steps, notes: ctx.notes });
  }

  /** The answer to a run: the program's own sentence or a composed one, else streamed from the model. */
  private async answer(input: TurnInput, turn: TurnScope, ran: RanProgram): Promise<TurnFinished> {
    const { turnId, model, state, emit, finish } = turn;
    const { run, summary, calls, steps, notes } = ran;
    const { signal } = input;
    state.lastRun = run;
    if (run.status === 'cancelled') return finish('cancelled', 'Cancelled. Nothing was changed.');
    // A program that returned `error` failed, whatever the run's status says.
    const status: TurnStatus = run.status === 'completed' && programError(run.value) === undefined ? 'completed' : 'failed';
    // The program's own answer sentence is the turn's answer; the model writes one only when there is none.
    if (status !== 'completed' || programAnswer(run.value) || !modelWritesAnswer(this.options.answer, model.calls, run))
      return finish(status, composeAnswer(summary, run, notes));
    try {
      const text = await streamAnswer(
        model,
        { request: input.request, steps, calls, run, summary, countTokens: estimateTokensOf },
        notes,
        (delta) => emit({ type: 'turn.answer', turnId, delta }),
        signal,
      );
      return finish(status, text, true);
    } catch (error) {
      if (signal?.aborted || (isModelError(error) && error.code === 'CANCELLED')) {
        await this.deps.executor.discard(run.runId).catch(() => undefined);
        state.lastRun = undefined;
      }
      throw error;
    }
  }
}

/** What a turn counts as it goes, for its statistics and its finished event. */
interface TurnState {
  mode: 'one-call' | 'two-call';
  repairs: number;
  toolTokens: number;
  lastRun?: RunResult;
  timing: ProgramStageDeps['timing'];
}

type Finish = (status: TurnStatus, answer: string, streamed?: boolean) => TurnFinished;

/** One turn in flight: its id, metered model, counters and the ways it reports. */
interface TurnScope {
  turnId: string;
  model: MeteredModel;
  state: TurnState;
  emit: (event: TurnEvent) => void;
  progress: ProgramProgress;
  finish: Finish;
}

type RanProgram = Extract<ProgramOutcome, { kind: 'ran' }> & { steps: Outline['steps']; notes: readonly string[] };

/** Ends the turn: the answer as turn.answer lines (unless it was streamed), then turn.finished with its statistics. */
function turnFinisher(turnId: string, model: MeteredModel, state: TurnState, emit: (event: TurnEvent) => void): Finish {
  const started = performance.now();
  const stats = (): TurnStatistics => {
    const { timing } = state;
    return {
      mode: state.mode,
      llmCalls: model.calls,
      promptTokens: model.promptTokens,
      completionTokens: model.completionTokens,
      repairs: state.repairs,
      toolTokens: state.toolTokens,
      timings: {
        totalMs: performance.now() - started,
        modelMs: model.modelMs,
        selectMs: timing.selectMs,
        verifyMs: timing.verifyMs,
        runMs: timing.runMs,
        ...(timing.firstResult !== undefined ? { programToFirstResultMs: timing.firstResult } : {}),
      },
    };
  };
  return (status, answer, streamed = false) => {
    if (!streamed) for (const line of answer.split(/(?<=\n)/)) emit({ type: 'turn.answer', turnId, delta: line });
    const { lastRun } = state;
    const finished: TurnFinished = {
      turnId,
      status,
      answer,
      ...(lastRun ? { runId: lastRun.runId } : {}),
      artifacts: lastRun?.artifacts ?? [],
      statistics: stats(),
    };
    emit({ type: 'turn.finished', ...finished });
    return finished;
  };
}
