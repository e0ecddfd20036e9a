import type { ChatMessage, JsonSchemaFormat } from '../model/provider';
import { apiSummary } from '../platform/declarations';
import { fitHistory, fitLines, fitText, numberLines, type CountTokens } from './prompt-fit';
import { DEFAULT_MAX_STEPS, jsonSchemaOf, outlineReply, PROGRAM_REPLY_TOKENS, programReply, replyFormat } from './replies';
import { readsLikeInstructions } from '../platform/instruction-text';

export type { CountTokens } from './prompt-fit';

/**
 * Prompt builders for the planner's two model steps: the outline (steps, each with a search phrase and
 * likely modules) and the program (action code over the selected toolbox). Every part has a token
 * budget and is trimmed to it at a line or word boundary; the reply shapes live in replies.ts.
 */

/** Token budgets per part of each prompt (counted with the model's tokenizer where there is one). */
export const PROMPT_BUDGETS = {
  outline: { instructions: 600, modules: 1200, history: 600, attachments: 400, workspace: 1450, request: 800, reply: 600 },
  program: {
    instructions: 900,
    toolbox: 4000,
    more: 1200,
    outline: 300,
    attachments: 400,
    workspace: 1450,
    request: 800,
    repair: 800,
    reply: PROGRAM_REPLY_TOKENS,
  },
} as const;

/** An installed module (pack namespace) with one line saying what it is for. */
/** What the model reads instead of a pack description that reads like instructions to the assistant. */
export const WITHHELD_DESCRIPTION = '(description withheld: it reads like instructions to the assistant; choose this module only by its APIs)';

export interface ModuleSummary {
  name: string;
  description: string;
}

export interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

/** What a document reader made of an attachment: its name and a short summary of its content. */
export interface AttachmentSummary {
  name: string;
  summary: string;
}

export interface OutlineStep {
  action: string;
  search: string;
  modules: string[];
}

export interface Outline {
  steps: OutlineStep[];
  /** A question back to the person when the request is ambiguous or an input is missing; '' otherwise. */
  question: string;
}

export interface BuiltPrompt {
  messages: ChatMessage[];
  jsonSchema: JsonSchemaFormat;
  maxTokens: number;
  /** Tokens of the message texts (without the chat template's own tokens). */
  promptTokens: number;
  /** Parts that had to be shortened or dropped to fit their budgets. */
  trimmed: string[];
}

/** The outline's JSON Schema (from its zod reply schema): strict-mode compatible, module names an enum when few. */
export function outlineSchema(moduleNames: readonly string[], maxSteps = DEFAULT_MAX_STEPS): Record<string, unknown> {
  return jsonSchemaOf(outlineReply(moduleNames, maxSteps));
}

/** The program step's JSON Schema: the action code and one line saying what it does. */
export function programSchema(): Record<string, unknown> {
  return jsonSchemaOf(programReply);
}

const FILE_RULES = `Files: the workspace below lists the granted folders (paths relative to the first one). When the request names a file loosely ("the score excel file", "my emails"), take it from the workspace; a program can also list and search folders with the fs APIs. Ask only when two files fit the request equally well, or when the request needs a fact that no file holds; never invent a file that is not there.`;

const OUTLINE_INSTRUCTIONS = `You plan office tasks for Switchboard, a desktop assistant that runs a short program calling APIs on the person's files. Split the request into at most {maxSteps} short steps, in order.
For each step give: action (what to do, one line, naming files by their workspace paths), search (a few words for the API the step needs, such as "read spreadsheet cells" or "write text file"), modules (1-3 modules from the list that the step likely uses).
${FILE_RULES}
When you must ask, return no steps and one short question; otherwise question is "".
Reply with JSON only.`;

/** The program rules without the reply line (the one-call prompt adds its own). */
export const PROGRAM_RULES_BODY = `You write one program for Switchboard that does the task, calling the APIs declared under "APIs" (plus log and standard JavaScript).
The program is the body of an async function: use await at the top level and return a result. Call an API as \`await module.verb({ ... })\` with one object argument. There is no import, require, fetch, process, timers or Node API; files are reached only through the APIs.
Checking: before it runs, the program is type-checked as TypeScript (checkJs, null checks off) against the declarations below. API names, argument field names and types, and required fields must match. The modules' other APIs are listed under "More APIs" with their arguments: when a step needs one, call it with those fields; it is then declared and the program checked against it. Any other name is refused. Plain JavaScript needs no type annotations. The JSDoc tags (@maximum, @maxLength, @pattern, @default ...) state limits the API enforces when it runs.
At run time an API call that fails throws an ApiCallError with .code and .message; catch it only when you can do something useful.
Paths: relative to the first granted folder, or absolute inside a granted folder; take them from the workspace or the request, or find them with the fs APIs. Documents, exports and folders the program itself creates go where the instruction says; otherwise in the folder the request names for its files ("files for your task are in data/" means data/), not at the top of the workspace nor inside a mailbox or calendar folder. Calendar events and mail are not such files: their APIs place them.
What you write keeps the sources' values as written (currency signs, units, spelling of names) and the request's own key words, unless the request asks to convert, compute or reword them. Asked to list the contents of messages, quote each with its header lines (From:, To:, Subject:, Date:) and its text.
Keep an API's safe defaults (refusing to double-book, keeping a sent copy, comparing several people's calendars with each other) unless the request asks otherwise. Follow the composition notes. Bound every loop.
End with return { answer: '<one or two sentences for the person: what was done, or the answer to their question with the values>', ... }. If the task cannot be done with these APIs, return { error: '<why>' } without calling any API.`;

/** The modules the program rules tell the model to use by name ("find them with the fs APIs"): the toolbox offers their readers. */
export const RULES_MODULES: readonly string[] = [...PROGRAM_RULES_BODY.matchAll(/\bthe ([a-z][a-z0-9]*) APIs\b/g)].map((m) => m[1]!);

export const PROGRAM_RULES = `${PROGRAM_RULES_BODY}\nReply with JSON only: {"program": "<code>", "summary": "<one line>"}.`;

export interface OutlinePromptInput {
  request: string;
  /** The granted folders' view and the summaries of the files the request names (context stage). */
  workspace?: string;
  modules: readonly ModuleSummary[];
  history?: readonly Turn[];
  attachments?: readonly AttachmentSummary[];
  countTokens: CountTokens;
  maxSteps?: number;
}

/** The outline step's prompt: instructions, installed modules, recent history, attachment summaries, the request. */
export function buildOutlinePrompt(input: OutlinePromptInput): BuiltPrompt {
  const budget = PROMPT_BUDGETS.outline;
  const count = input.countTokens;
  const trimmed: string[] = [];
  const maxSteps = input.maxSteps ?? 6;
  const instructions = OUTLINE_INSTRUCTIONS.replace('{maxSteps}', String(maxSteps));

  const moduleLines = fitLines(
    // A pack's own words go into the system message only when they describe, not instruct (issue 18).
    input.modules.map((m) => `- ${m.name}: ${readsLikeInstructions(m.description) ? WITHHELD_DESCRIPTION : firstSentence(m.description)}`),
    budget.modules,
    count,
    () => trimmed.push('modules'),
  );
  const system = `${instructions}\n\nModules:\n${moduleLines.join('\n') || '- (none installed)'}`;
  const messages: ChatMessage[] = [{ role: 'system', content: system }];
  messages.push(...fitHistory(input.history ?? [], budget.history, count, () => trimmed.push('history')));
  const user = [
    workspaceBlock(input.workspace, budget.workspace, count, () => trimmed.push('workspace')),
    attachmentsBlock(input.attachments ?? [], budget.attachments, count, () => trimmed.push('attachments')),
    fitText(input.request, budget.request, count, () => trimmed.push('request')),
  ]
    .filter(Boolean)
    .join('\n\n');
  messages.push({ role: 'user', content: user });
  return finish(
    messages,
    replyFormat(
      'outline',
      outlineReply(
        input.modules.map((m) => m.name),
        maxSteps,
      ),
    ),
    budget.reply,
    count,
    trimmed,
  );
}

/** A turn's toolbox as the program prompt shows it (TurnToolbox.render). */
export interface ToolboxPrompt {
  /** TypeScript declarations of the selected APIs (`declare namespace pptx { ... }`). */
  declarations: string;
  /** Composition notes, one per API or module. */
  composition?: readonly string[];
  /** Action-code examples. */
  examples?: readonly string[];
  /** Installed APIs not declared but callable, one line each (`- module.verb({args}) [effects]: summary`), most useful first: trimming drops the last. */
  more?: readonly string[];
}

export interface ProgramPromptInput {
  request: string;
  outline: Outline;
  toolbox: ToolboxPrompt;
  attachments?: readonly AttachmentSummary[];
  workspace?: string;
  /** A repair round: the last program and what the verifier or the run said about it. */
  repair?: { program: string; summary?: string; diagnostics: readonly string[]; added?: readonly string[] };
  countTokens: CountTokens;
  /** Replaces the program rules (the one-call prompt asks for the steps too). */
  rules?: string;
}

/** The program step's prompt: instructions, the toolbox (declarations, composition, examples), the outline, the request, and any repair feedback. */
export function buildProgramPrompt(input: ProgramPromptInput): BuiltPrompt {
  const budget = PROMPT_BUDGETS.program;
  const count = input.countTokens;
  const trimmed: string[] = [];

  // Declarations first (they are required); composition notes and examples fill what is left.
  let toolText = fitText(input.toolbox.declarations, budget.toolbox, count, () => trimmed.push('declarations'));
  let left = budget.toolbox - count(toolText);
  const notes = fitLines(
    (input.toolbox.composition ?? []).map((c) => `- ${c}`),
    Math.max(0, left - 10),
    count,
    () => trimmed.push('composition'),
  );
  if (notes.length > 0) toolText += `\n\nComposition:\n${notes.join('\n')}`;
  left = budget.toolbox - count(toolText);
  const examples = fitLines([...(input.toolbox.examples ?? [])], Math.max(0, left - 10), count, () => trimmed.push('examples'));
  if (examples.length > 0) toolText += `\n\nExamples:\n${examples.join('\n---\n')}`;
  // Kept most useful first, shown by name so each module's APIs stand together.
  const more = fitLines([...(input.toolbox.more ?? [])], budget.more, count, () => trimmed.push('more')).sort();
  if (more.length > 0) toolText += `\n\nMore APIs (not declared above; calling one declares it):\n${more.join('\n')}`;

  const system = `${input.rules ?? PROGRAM_RULES}\n\nAPIs:\n${toolText}`;
  const steps = input.outline.steps.map((s, i) => `${i + 1}. ${s.action}`).join('\n');
  const parts = [
    workspaceBlock(input.workspace, budget.workspace, count, () => trimmed.push('workspace')),
    attachmentsBlock(input.attachments ?? [], budget.attachments, count, () => trimmed.push('attachments')),
    `Request: ${fitText(input.request, budget.request, count, () => trimmed.push('request'))}`,
    steps ? `Plan:\n${fitText(steps, budget.outline, count, () => trimmed.push('outline'))}` : '',
  ].filter(Boolean);
  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    { role: 'user', content: parts.join('\n\n') },
  ];
  if (input.repair) {
    // The whole program as written (never cut), then line-numbered as the diagnostics cite it.
    messages.push({ role: 'assistant', content: JSON.stringify({ program: input.repair.program, summary: input.repair.summary ?? '' }) });
    // Cut to the budget keeping the start: a long type error (a union of slide shapes) must not vanish whole.
    const diagnostics = fitText(input.repair.diagnostics.map((d) => `- ${d}`).join('\n'), budget.repair, count, () => trimmed.push('diagnostics'));
    const added = input.repair.added?.length ? `\nThe APIs now declared above include ${input.repair.added.join(', ')}, which the program may call.` : '';
    messages.push({
      role: 'user',
      content: `That program failed:\n${diagnostics}${added}\n\nThe program with line numbers (the numbers are not part of the code):\n${numberLines(input.repair.program)}\n\nFix it and reply with the whole corrected program.`,
    });
  }
  return finish(messages, replyFormat('program', programReply), budget.reply, count, trimmed);
}

function finish(messages: ChatMessage[], jsonSchema: JsonSchemaFormat, reply: number, count: CountTokens, trimmed: string[]): BuiltPrompt {
  const promptTokens = messages.reduce((n, m) => n + count(typeof m.content === 'string' ? m.content : ''), 0);
  return { messages, jsonSchema, maxTokens: reply, promptTokens, trimmed };
}

function attachmentsBlock(attachments: readonly AttachmentSummary[], budget: number, count: CountTokens, onTrim: () => void): string {
  if (attachments.length === 0) return '';
  const each = Math.max(20, Math.floor(budget / attachments.length));
  const lines = attachments.map((a) => `- ${a.name}: ${fitText(a.summary, each, count, onTrim)}`);
  return `Attached:\n${fitLines(lines, budget, count, onTrim).join('\n')}`;
}

function workspaceBlock(workspace: string | undefined, budget: number, count: CountTokens, onTrim: () => void): string {
  return workspace?.trim() ? `Workspace:\n${fitText(workspace.trim(), budget, count, onTrim)}` : '';
}

function firstSentence(text: string): string {
  return apiSummary(text).split(/(?<=[.!?])\s/)[0] ?? '';
}
