import type { ChatMessage, JsonSchemaFormat } from '../model/provider';

/**
 * Prompt builders and output schemas for the planner's two model steps: the outline (steps, each with a
 * search phrase and likely modules) and the program (action code over the selected toolbox). Prompts are
 * small enough for small local models; every part has a token budget and is trimmed to it.
 */

/** Token budgets per part of each prompt (counted with the model's tokenizer where there is one). */
export const PROMPT_BUDGETS = {
  outline: { instructions: 350, modules: 500, history: 600, attachments: 400, request: 800, reply: 400 },
  program: { instructions: 450, toolbox: 3000, outline: 300, attachments: 400, request: 800, repair: 600, reply: 1200 },
} as const;

export type CountTokens = (text: string) => number;

/** An installed module (pack namespace) with one line saying what it is for. */
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

const MAX_ENUM_MODULES = 64;

/**
 * The outline's JSON Schema, strict-mode compatible (every property required, no extra ones). Every
 * string is bounded: node-llama-cpp's grammar does not bound a `["string", "null"]` union (a random model
 * then never ends it), so "no question" is the empty string, not null. Module names are an enum when
 * there are few, so a small model cannot invent one.
 */
export function outlineSchema(moduleNames: readonly string[], maxSteps = 6): Record<string, unknown> {
  const moduleItem = moduleNames.length > 0 && moduleNames.length <= MAX_ENUM_MODULES ? { type: 'string', enum: [...moduleNames] } : { type: 'string', maxLength: 40 };
  return {
    type: 'object',
    properties: {
      steps: {
        type: 'array',
        minItems: 0,
        maxItems: maxSteps,
        items: {
          type: 'object',
          properties: {
            action: { type: 'string', maxLength: 100 },
            search: { type: 'string', maxLength: 60 },
            modules: { type: 'array', maxItems: 3, items: moduleItem },
          },
          required: ['action', 'search', 'modules'],
          additionalProperties: false,
        },
      },
      question: { type: 'string', maxLength: 160 },
    },
    required: ['steps', 'question'],
    additionalProperties: false,
  };
}

/** The program step's JSON Schema: the action code and one line saying what it does. */
export function programSchema(maxProgramChars = 6000): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      program: { type: 'string', maxLength: maxProgramChars },
      summary: { type: 'string', maxLength: 200 },
    },
    required: ['program', 'summary'],
    additionalProperties: false,
  };
}

const OUTLINE_INSTRUCTIONS = `You plan office tasks for Switchboard. Split the request into at most {maxSteps} short steps.
For each step give: action (what to do, one line), search (a few words to find the API for it), modules (1-3 likely modules from the list).
Use only files the person named or attached; never guess a path. If the request is ambiguous or an input is missing, return no steps and ask one short question; otherwise question is "".
Reply with JSON only.`;

const PROGRAM_INSTRUCTIONS = `You write one short async JavaScript program for Switchboard that does the task using ONLY the APIs declared below.
Rules: call APIs as \`await module.verb({ ... })\` with one object argument; no imports, require, fetch, process, or file access except through the APIs; no loops over unknown sizes without a bound; return a short result object.
Follow each API's composition notes (open before edit, save at the end). Use only paths from the request or attachments.
If the person asked a question, put a one-sentence reply built from the values in the result: return { answer: '...', ... }.
Reply with JSON only: {"program": "<code>", "summary": "<one line>"}.`;

export interface OutlinePromptInput {
  request: string;
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
    input.modules.map((m) => `- ${m.name}: ${firstLine(m.description, 100)}`),
    budget.modules,
    count,
    () => trimmed.push('modules'),
  );
  const system = `${instructions}\n\nModules:\n${moduleLines.join('\n') || '- (none installed)'}`;
  const messages: ChatMessage[] = [{ role: 'system', content: system }];
  messages.push(...fitHistory(input.history ?? [], budget.history, count, () => trimmed.push('history')));
  const user = [attachmentsBlock(input.attachments ?? [], budget.attachments, count, () => trimmed.push('attachments')), fitText(input.request, budget.request, count, () => trimmed.push('request'))]
    .filter(Boolean)
    .join('\n\n');
  messages.push({ role: 'user', content: user });
  return finish(messages, { name: 'outline', schema: outlineSchema(input.modules.map((m) => m.name), maxSteps) }, budget.reply, count, trimmed);
}

/** The toolbox for one turn, as the selector and the registry hand it over. */
export interface Toolbox {
  /** TypeScript declarations of the selected APIs (`declare namespace pptx { ... }`). */
  declarations: string;
  /** Composition notes, one per API or module. */
  composition?: readonly string[];
  /** Action-code examples. */
  examples?: readonly string[];
}

export interface ProgramPromptInput {
  request: string;
  outline: Outline;
  toolbox: Toolbox;
  attachments?: readonly AttachmentSummary[];
  /** A repair round: the last program and what the verifier or the run said about it. */
  repair?: { program: string; diagnostics: readonly string[] };
  countTokens: CountTokens;
}

/** The program step's prompt: instructions, the toolbox (declarations, composition, examples), the outline, the request, and any repair feedback. */
export function buildProgramPrompt(input: ProgramPromptInput): BuiltPrompt {
  const budget = PROMPT_BUDGETS.program;
  const count = input.countTokens;
  const trimmed: string[] = [];

  // Declarations first (they are required); composition notes and examples fill what is left.
  let toolText = fitText(input.toolbox.declarations, budget.toolbox, count, () => trimmed.push('declarations'));
  let left = budget.toolbox - count(toolText);
  const notes = fitLines((input.toolbox.composition ?? []).map((c) => `- ${c}`), Math.max(0, left - 10), count, () => trimmed.push('composition'));
  if (notes.length > 0) toolText += `\n\nComposition:\n${notes.join('\n')}`;
  left = budget.toolbox - count(toolText);
  const examples = fitLines([...(input.toolbox.examples ?? [])], Math.max(0, left - 10), count, () => trimmed.push('examples'));
  if (examples.length > 0) toolText += `\n\nExamples:\n${examples.join('\n---\n')}`;

  const system = `${PROGRAM_INSTRUCTIONS}\n\nAPIs:\n${toolText}`;
  const steps = input.outline.steps.map((s, i) => `${i + 1}. ${s.action}`).join('\n');
  const parts = [
    attachmentsBlock(input.attachments ?? [], budget.attachments, count, () => trimmed.push('attachments')),
    `Request: ${fitText(input.request, budget.request, count, () => trimmed.push('request'))}`,
    steps ? `Plan:\n${fitText(steps, budget.outline, count, () => trimmed.push('outline'))}` : '',
  ].filter(Boolean);
  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    { role: 'user', content: parts.join('\n\n') },
  ];
  if (input.repair) {
    messages.push({ role: 'assistant', content: JSON.stringify({ program: fitText(input.repair.program, budget.repair, count, () => trimmed.push('repair program')), summary: '' }) });
    // Cut to the budget keeping the start: a long type error (a union of slide shapes) must not vanish whole.
    const diagnostics = fitText(input.repair.diagnostics.map((d) => `- ${d}`).join('\n'), budget.repair, count, () => trimmed.push('diagnostics'));
    messages.push({ role: 'user', content: `That program failed:\n${diagnostics}\nFix it and reply with the whole corrected program.` });
  }
  return finish(messages, { name: 'program', schema: programSchema() }, budget.reply, count, trimmed);
}

function finish(messages: ChatMessage[], jsonSchema: JsonSchemaFormat, reply: number, count: CountTokens, trimmed: string[]): BuiltPrompt {
  const promptTokens = messages.reduce((n, m) => n + count(typeof m.content === 'string' ? m.content : ''), 0);
  return { messages, jsonSchema, maxTokens: reply, promptTokens, trimmed };
}

/** Keeps whole lines from the top while they fit the budget. */
function fitLines(lines: readonly string[], budget: number, count: CountTokens, onTrim: () => void): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const n = count(line) + 1;
    if (used + n > budget) {
      onTrim();
      break;
    }
    kept.push(line);
    used += n;
  }
  return kept;
}

/** Shortens a text to the budget, keeping its start (binary search on characters). */
function fitText(text: string, budget: number, count: CountTokens, onTrim: () => void): string {
  if (count(text) <= budget) return text;
  onTrim();
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(`${text.slice(0, mid)} …`) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)} …`;
}

/** The most recent turns that fit, oldest dropped first. */
function fitHistory(history: readonly Turn[], budget: number, count: CountTokens, onTrim: () => void): ChatMessage[] {
  const kept: ChatMessage[] = [];
  let used = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const turn = history[i]!;
    const n = count(turn.text) + 4;
    if (used + n > budget) {
      onTrim();
      break;
    }
    kept.unshift({ role: turn.role, content: turn.text });
    used += n;
  }
  return kept;
}

function attachmentsBlock(attachments: readonly AttachmentSummary[], budget: number, count: CountTokens, onTrim: () => void): string {
  if (attachments.length === 0) return '';
  const each = Math.max(20, Math.floor(budget / attachments.length));
  const lines = attachments.map((a) => `- ${a.name}: ${fitText(a.summary, each, count, onTrim)}`);
  return `Attached:\n${fitLines(lines, budget, count, onTrim).join('\n')}`;
}

function firstLine(text: string, maxChars: number): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}
