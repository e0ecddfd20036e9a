import type { ChatMessage, ContentPart } from '../model/provider';
import { estimateTokens } from '../platform/declarations';
import type { TurnEvent } from './turn-events';
import type { MeteredModel } from './metered-model';
import { buildOneCallPrompt } from './one-call-prompt';
import { buildOutlinePrompt, type ModuleSummary, type Outline, type Turn } from './planner-prompts';
import type { ProgramProgress } from './program-progress';
import { parseOutline, parseProgram } from './replies';
import type { SelectionStep, ToolSelector } from './tool-selector';
import type { TurnContext } from './turn-context';
import { SELECTION_BUDGET, TurnToolbox } from './turn-toolbox';
import type { ApiDocument } from '../../../apis/sdk';

/**
 * The outline-and-select stage: either one call (steps and program together) over a toolbox chosen
 * from the request, when the selector is healthy and confident, or the outline first and a toolbox
 * from its steps. Either way the toolbox then grows by what its APIs bring.
 */

export interface PlanInput {
  request: string;
  mode: 'auto' | 'one-call' | 'two-call';
  k: number;
  turnId: string;
  signal?: AbortSignal;
}

export interface PlanDeps {
  model: MeteredModel;
  tools: ToolSelector;
  installed: () => ApiDocument[];
  modules: ModuleSummary[];
  ctx: TurnContext;
  emit: (event: TurnEvent) => void;
  /** Reports the one-call reply's program as it streams. */
  progress: ProgramProgress;
  timing: { selectMs: number };
}

export type Plan =
  | { kind: 'question'; outline: Outline; mode: 'one-call' | 'two-call'; toolbox?: TurnToolbox }
  | { kind: 'program'; outline: Outline; mode: 'one-call' | 'two-call'; toolbox: TurnToolbox; program?: { program: string; summary: string } };

export async function plan(input: PlanInput, deps: PlanDeps): Promise<Plan> {
  const { model, ctx, emit, signal } = { ...deps, signal: input.signal };
  const select = async (steps: SelectionStep[]) => {
    const started = performance.now();
    const selected = await deps.tools.select(steps, { k: input.k, budgetTokens: SELECTION_BUDGET, ...(signal ? { signal } : {}) });
    deps.timing.selectMs += performance.now() - started;
    return new TurnToolbox(selected, deps.installed());
  };
  const emitToolbox = (toolbox: TurnToolbox) => emit(toolbox.event(input.turnId));
  const json = (
    built: { messages: ChatMessage[]; jsonSchema: { name: string; schema: Record<string, unknown> }; maxTokens: number },
    images: readonly ContentPart[],
    onToken?: (piece: string) => void,
  ) =>
    model.chatJson({
      messages: withImages(built.messages, images),
      jsonSchema: built.jsonSchema,
      maxTokens: built.maxTokens,
      temperature: 0,
      ...(onToken ? { onToken } : {}),
      ...(signal ? { signal } : {}),
    });
  const workspace = await ctx.workspaceFor(input.request);

  const first = input.mode === 'two-call' ? undefined : await select([{ query: input.request }]);
  signal?.throwIfAborted();
  // One call only on a healthy selector: a degraded (full-text) ranking is never trusted alone.
  if (first && !first.degraded && (input.mode === 'one-call' || first.confident)) {
    first.grow();
    const built = buildOneCallPrompt(
      { request: input.request, toolbox: first.render(input.request), attachments: ctx.attachments, workspace, countTokens: estimateTokens },
      deps.modules.map((m) => m.name),
    );
    // The one-call reply holds the program too: it shows as it is written.
    const reply = await json({ ...built, messages: withHistory(built.messages, ctx.history) }, ctx.images, deps.progress.reply(0)).finally(() =>
      deps.progress.end(),
    );
    const outline = parseOutline(reply);
    const program = parseProgram(reply);
    emit({ type: 'turn.outline', turnId: input.turnId, steps: outline.steps, question: outline.question, mode: 'one-call' });
    emitToolbox(first);
    if (!program.program.trim()) return { kind: 'question', outline, mode: 'one-call', toolbox: first };
    return { kind: 'program', outline, mode: 'one-call', toolbox: first, program };
  }
  const built = buildOutlinePrompt({
    request: input.request,
    modules: deps.modules,
    history: ctx.history,
    attachments: ctx.attachments,
    workspace,
    countTokens: estimateTokens,
  });
  const outline = parseOutline(await json(built, ctx.images));
  emit({ type: 'turn.outline', turnId: input.turnId, steps: outline.steps, question: outline.question, mode: 'two-call' });
  if (outline.question.trim() || outline.steps.length === 0) return { kind: 'question', outline, mode: 'two-call' };
  const toolbox = await select(outline.steps.map((st) => ({ query: st.search || st.action, modules: st.modules })));
  toolbox.grow();
  emitToolbox(toolbox);
  return { kind: 'program', outline, mode: 'two-call', toolbox };
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
