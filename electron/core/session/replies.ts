import { z } from 'zod';
import type { JsonSchemaFormat } from '../model/provider';

/**
 * The planner's model replies, each defined once in zod: the JSON Schema sent to the model comes from it
 * (z.toJSONSchema: every property required, no extra ones, so strict mode accepts it) and the reply is
 * parsed by it. Every string is bounded: node-llama-cpp's grammar does not bound a `["string", "null"]`
 * union, so "no question" is the empty string, not null.
 */

/** Longest program the reply schema allows, in characters. */
export const MAX_PROGRAM_REPLY_CHARS = 6000;
const MAX_ENUM_MODULES = 64;
export const DEFAULT_MAX_STEPS = 6;

function moduleName(moduleNames: readonly string[]): z.ZodType<string> {
  // An enum when there are few, so a small model cannot invent a module.
  return moduleNames.length > 0 && moduleNames.length <= MAX_ENUM_MODULES ? z.enum(moduleNames as [string, ...string[]]) : z.string().max(40);
}

export function outlineStepReply(moduleNames: readonly string[]) {
  return z.object({
    action: z.string().max(100),
    search: z.string().max(60),
    modules: z.array(moduleName(moduleNames)).max(3),
  });
}

export function outlineReply(moduleNames: readonly string[], maxSteps = DEFAULT_MAX_STEPS) {
  return z.object({ steps: z.array(outlineStepReply(moduleNames)).max(maxSteps), question: z.string().max(160) });
}

export const programReply = z.object({ program: z.string().max(MAX_PROGRAM_REPLY_CHARS), summary: z.string().max(200) });

export function oneCallReply(moduleNames: readonly string[], maxSteps = DEFAULT_MAX_STEPS) {
  return outlineReply(moduleNames, maxSteps).extend(programReply.shape);
}

/** The JSON Schema of a reply, as the model is sent it. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
  return rest;
}

export function replyFormat(name: string, schema: z.ZodType): JsonSchemaFormat {
  return { name, schema: jsonSchemaOf(schema) };
}

/**
 * Reply tokens that fit the longest program the schema allows: dense code escaped in JSON (indentation,
 * brackets, quotes and `\n` escapes) runs down to about 1.35 characters a token by the estimator; plus the summary and the JSON around them.
 */
export const PROGRAM_REPLY_TOKENS = Math.ceil(MAX_PROGRAM_REPLY_CHARS / 1.35) + 200;

export type OutlineReply = z.infer<ReturnType<typeof outlineReply>>;
export type ProgramReply = z.infer<typeof programReply>;

/**
 * Parses a reply leniently where the shape allows: a model that wrote a longer string or an unknown
 * module still gets its program read (the schema's bounds only steer generation). A reply that is
 * not the shape at all becomes the empty reply, which the planner treats as a question or a failure.
 */
export function parseOutline(value: unknown): OutlineReply {
  const loose = z.object({
    steps: z.array(z.object({ action: z.string().catch(''), search: z.string().catch(''), modules: z.array(z.string()).catch([]) })).catch([]),
    question: z.string().catch(''),
  });
  const parsed = loose.safeParse(value);
  if (!parsed.success) return { steps: [], question: '' };
  return { question: parsed.data.question, steps: parsed.data.steps.map((s) => ({ action: s.action, search: s.search || s.action, modules: s.modules })) };
}

export function parseProgram(value: unknown): ProgramReply {
  const parsed = z.object({ program: z.string().catch(''), summary: z.string().catch('') }).safeParse(value);
  return parsed.success ? parsed.data : { program: '', summary: '' };
}
