import type { Executor, RunEvent, RunResult } from '../executor';
import { estimateTokens } from '../platform/declarations';
import type { MeteredModel } from './metered-model';
import { buildProgramPrompt, type Outline } from './planner-prompts';
import type { ProgramProgress } from './program-progress';
import { parseProgram } from './replies';
import type { ToolSelector } from './tool-selector';
import type { TurnContext } from './turn-context';
import type { TurnEvent } from './turn-events';
import type { TurnToolbox } from './turn-toolbox';

/**
 * The write, verify and run stage: the program is written over the toolbox, verified (a call to an
 * installed API the toolbox lacked joins it and is checked again without a repair round; other refusals
 * go back to the model with the whole program, line-numbered), and run; a runtime failure is repaired
 * with the failing call, its error and APIs re-selected from the error.
 */

export interface ProgramStageInput {
  turnId: string;
  request: string;
  outline: Outline;
  toolbox: TurnToolbox;
  /** The program of a one-call reply (else the stage writes one). */
  first?: { program: string; summary: string };
  roots: readonly string[];
  attachments: readonly string[];
  maxVerifyRepairs: number;
  maxRuntimeRepairs: number;
  signal?: AbortSignal;
  onRunEvent?: (event: RunEvent) => void;
}

export interface ProgramStageDeps {
  model: MeteredModel;
  executor: Pick<Executor, 'verify' | 'startRun' | 'discard'>;
  tools: ToolSelector;
  ctx: TurnContext;
  emit: (event: TurnEvent) => void;
  /** The turn's progress reporter (one throttle for every program reply of the turn). */
  progress: ProgramProgress;
  timing: { verifyMs: number; runMs: number; selectMs: number; programAt: number; firstResult: number | undefined };
  onRepair: () => void;
}

export type ProgramOutcome =
  | { kind: 'empty'; summary: string }
  | { kind: 'refused'; text: string }
  | { kind: 'ran'; run: RunResult; summary: string; calls: { api: string; ok: boolean }[] };

interface FailedCall {
  api: string;
  args: string;
  error: string;
}

export async function writeVerifyRun(input: ProgramStageInput, deps: ProgramStageDeps): Promise<ProgramOutcome> {
  const { emit, timing, toolbox, signal } = { ...deps, toolbox: input.toolbox, signal: input.signal };
  const emitToolbox = () => emit(toolbox.event(input.turnId));
  const focus = [input.request, ...input.outline.steps.map((s) => `${s.action} ${s.search}`)].join('\n');
  const workspace = await deps.ctx.workspaceFor([input.request, ...input.outline.steps.map((s) => s.action)].join('\n'));
  let attempt = 0;
  const write = async (repair?: { program: string; summary: string; diagnostics: string[]; added?: string[] }) => {
    const built = buildProgramPrompt({
      request: input.request,
      outline: input.outline,
      toolbox: toolbox.render(focus),
      attachments: deps.ctx.attachments,
      workspace,
      countTokens: estimateTokens,
      ...(repair ? { repair } : {}),
    });
    // Streamed where the provider can: the program shows as it is written (turn.progress).
    try {
      return parseProgram(
        await deps.model.chatJson({
          messages: built.messages,
          jsonSchema: built.jsonSchema,
          maxTokens: built.maxTokens,
          temperature: 0,
          onToken: deps.progress.reply(attempt),
          ...(signal ? { signal } : {}),
        }),
      );
    } finally {
      deps.progress.end();
    }
  };
  let { program, summary } = input.first ?? (await write());
  let verifyRepairs = 0;
  let runtimeRepairs = 0;
  for (;;) {
    signal?.throwIfAborted();
    if (!program.trim()) return { kind: 'empty', summary };
    emit({ type: 'turn.program', turnId: input.turnId, program, summary, attempt });
    const v0 = performance.now();
    let verdict = await deps.executor.verify(program, toolbox.names, signal);
    // A call to an installed API the toolbox lacked: it joins, and the program is checked again (no repair spent).
    const joined = verdict.ok ? [] : toolbox.addCalled(program);
    if (joined.length > 0) {
      emitToolbox();
      verdict = await deps.executor.verify(program, toolbox.names, signal);
    }
    timing.verifyMs += performance.now() - v0;
    signal?.throwIfAborted();
    emit({
      type: 'turn.diagnostics',
      turnId: input.turnId,
      ok: verdict.ok,
      text: joined.length ? `${verdict.text}${verdict.text ? '\n' : ''}(joined the toolbox: ${joined.join(', ')})` : verdict.text,
      attempt,
    });
    if (!verdict.ok) {
      if (verifyRepairs >= input.maxVerifyRepairs)
        return { kind: 'refused', text: `I could not write a program the checker accepts after ${verifyRepairs + runtimeRepairs} repairs:\n${verdict.text}` };
      verifyRepairs += 1;
      attempt += 1;
      deps.onRepair();
      emit({ type: 'turn.repair', turnId: input.turnId, kind: 'verify', attempt, feedback: verdict.text });
      ({ program, summary } = await write({ program, summary, diagnostics: [verdict.text], ...(joined.length ? { added: joined } : {}) }));
      continue;
    }
    timing.programAt = performance.now();
    timing.firstResult = undefined;
    const { run, failed, calls } = await runOnce(program, input, deps);
    // A run that could not start (a missing folder or attachment) is not the program's fault: no repair.
    const setupFailed = run.error?.code === 'INVALID_INPUT' && run.statistics.calls === 0;
    if (run.status !== 'failed' || setupFailed || runtimeRepairs >= input.maxRuntimeRepairs) return { kind: 'ran', run, summary, calls };
    await deps.executor.discard(run.runId).catch(() => undefined);
    const error = run.error ? `${run.error.code}: ${run.error.message}` : 'the program failed';
    const added = await reselect(failed, error, input, deps);
    if (added.length > 0) emitToolbox();
    const feedback = failed
      ? `The call ${failed.api}(${failed.args}) failed: ${failed.error}. The program then stopped with ${error}`
      : `The program stopped with ${error}`;
    runtimeRepairs += 1;
    attempt += 1;
    deps.onRepair();
    emit({ type: 'turn.repair', turnId: input.turnId, kind: 'runtime', attempt, feedback });
    ({ program, summary } = await write({ program, summary, diagnostics: [feedback], ...(added.length ? { added } : {}) }));
  }
}

/** APIs re-selected from the runtime error (the failing API's own module first) that join the toolbox. */
async function reselect(failed: FailedCall | undefined, error: string, input: ProgramStageInput, deps: ProgramStageDeps): Promise<string[]> {
  const started = performance.now();
  try {
    const query = `${failed ? `${failed.api} ${failed.error}` : error}`.slice(0, 300);
    const modules = failed ? [failed.api.split('.')[0]!] : [];
    const found = await deps.tools.select([{ query, modules }], { k: 5, budgetTokens: 2000, ...(input.signal ? { signal: input.signal } : {}) });
    return input.toolbox.addFound(
      found.toolbox.apis.map((a) => a.name),
      're-selected from the runtime error',
    );
  } catch (error) {
    if (input.signal?.aborted) throw error;
    return [];
  } finally {
    deps.timing.selectMs += performance.now() - started;
  }
}

async function runOnce(
  program: string,
  input: ProgramStageInput,
  deps: ProgramStageDeps,
): Promise<{ run: RunResult; failed?: FailedCall; calls: { api: string; ok: boolean }[] }> {
  const started = performance.now();
  const t = deps.timing;
  let failed: FailedCall | undefined;
  const args = new Map<number, string>();
  const calls: { api: string; ok: boolean }[] = [];
  const { runId, done } = deps.executor.startRun(program, {
    apis: input.toolbox.names,
    roots: input.roots,
    attachments: input.attachments,
    ...(input.signal ? { signal: input.signal } : {}),
    onEvent: (event) => {
      if (event.type === 'run.api.result' || event.type === 'run.finished') t.firstResult ??= performance.now() - t.programAt;
      if (event.type === 'run.api.called') args.set(event.callId, shortJson(event.args));
      if (event.type === 'run.api.result') calls.push({ api: event.api, ok: true });
      if (event.type === 'run.api.error') {
        failed = { api: event.api, args: args.get(event.callId) ?? '', error: `${event.error.code}: ${event.error.message}` };
        calls.push({ api: event.api, ok: false });
      }
      input.onRunEvent?.(event);
    },
  });
  deps.emit({ type: 'turn.run', turnId: input.turnId, runId });
  const run = await done;
  t.runMs += performance.now() - started;
  return { run, calls, ...(failed ? { failed } : {}) };
}

/** Arguments as JSON, long strings and arrays elided whole (never cut inside a value). */
function shortJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' && v.length > 120 ? `<${v.length} characters>` : Array.isArray(v) && v.length > 8 ? [...v.slice(0, 8), `<${v.length - 8} more>`] : v,
  );
  return text && text.length <= 600 ? text : '{…}';
}
