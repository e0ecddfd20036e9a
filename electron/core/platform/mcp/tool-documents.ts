import { z } from 'zod';
import { apiDocumentSchema, LIMITS, SEMVER, VERB_NAME, type ApiDocument, type Effect, type JsonSchema } from '../../../../apis/sdk';
import type { Logger } from '../../log/logger';
import type { Result } from '../../../shared/result';

/** Filled into a parameter the server left undescribed: the document schema needs one, and we must not invent meaning. */
export const UNDESCRIBED_PARAMETER = '(not described by the server)';

/** What `returns` says when the tool declares no outputSchema: the value is `{ content: [...] }`. */
export const CONTENT_RESULT_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'MCP tool result content: the parts the tool returned',
  properties: {
    content: {
      type: 'array',
      description: 'Result parts in order; text parts carry their text, other parts (images, audio, resources) are summarised',
      items: {
        type: 'object',
        properties: {
          type: { type: 'string', description: 'text, image, audio, resource or resource_link' },
          text: { type: 'string', description: 'The text of a text part (or of a text resource)' },
        },
      },
    },
  },
};

/** Tool annotations as MCP defines them; every hint is optional and untrusted. */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

// Lenient on purpose: one malformed tool is refused on its own instead of failing the whole listing.
const toolShape = z
  .object({
    name: z.string().min(1),
    title: z.string().optional().catch(undefined),
    description: z.string().optional().catch(undefined),
    inputSchema: z.unknown().optional(),
    outputSchema: z.unknown().optional(),
    annotations: z
      .object({
        title: z.string().optional().catch(undefined),
        readOnlyHint: z.boolean().optional().catch(undefined),
        destructiveHint: z.boolean().optional().catch(undefined),
        idempotentHint: z.boolean().optional().catch(undefined),
        openWorldHint: z.boolean().optional().catch(undefined),
      })
      .loose()
      .optional()
      .catch(undefined),
  })
  .loose();
export type McpToolInfo = z.infer<typeof toolShape>;

/** `server version` if it is semver, else 0.0.0 (documents need a semantic version). */
export function packVersion(reported: string | undefined): string {
  return reported !== undefined && SEMVER.test(reported) ? reported : '0.0.0';
}

/**
 * Turns a tool name into a lower-camel-case verb: `read_file` → `readFile`, `get-weather` → `getWeather`,
 * `HTTPGet` → `httpGet`. Names that start with a digit get a `tool` prefix; the result matches VERB_NAME.
 */
export function toVerb(toolName: string): string {
  const parts = toolName.split(/[^A-Za-z0-9]+/).filter((p) => p !== '');
  const words = parts.map((part, index) => {
    if (index === 0) return /^[A-Z0-9]+$/.test(part) ? part.toLowerCase() : leadingCapsToLower(part);
    return part[0]!.toUpperCase() + part.slice(1);
  });
  let verb = words.join('');
  if (verb === '' || !/^[a-z]/.test(verb)) verb = `tool${verb === '' ? '' : verb[0]!.toUpperCase() + verb.slice(1)}`;
  return verb.slice(0, 64);
}

// `HTTPRequest` → `httpRequest`, `GetWeather` → `getWeather`: lower the leading run of capitals, keeping the last
// one when it starts the next word.
function leadingCapsToLower(word: string): string {
  const run = /^[A-Z]+/.exec(word)?.[0] ?? '';
  if (run.length <= 1) return word.charAt(0).toLowerCase() + word.slice(1);
  const keep = run.length < word.length && /[a-z]/.test(word[run.length]!) ? run.length - 1 : run.length;
  return word.slice(0, keep).toLowerCase() + word.slice(keep);
}

/**
 * Gives every tool a unique verb, deterministically for a given set of names (server order does not matter):
 * a tool already named like its verb keeps it, then names sort by code unit; the others get 2, 3, ...
 * Returns verb → original tool name.
 */
export function assignVerbs(toolNames: readonly string[]): Map<string, string> {
  const entries = [...new Set(toolNames)].map((name) => ({ name, base: toVerb(name) }));
  entries.sort((a, b) => Number(a.name !== a.base) - Number(b.name !== b.base) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const bases = new Set(entries.map((e) => e.base));
  const verbs = new Map<string, string>();
  for (const { name, base } of entries) {
    let verb = base;
    for (let n = 2; verbs.has(verb) || (verb !== base && bases.has(verb)); n += 1) {
      const suffix = String(n);
      verb = base.slice(0, 64 - suffix.length) + suffix;
    }
    verbs.set(verb, name);
  }
  return verbs;
}

/**
 * The effect of a tool from its MCP annotations. readOnlyHint wins; destructiveHint counts only when the
 * tool is not read-only, and per the MCP spec it defaults to true once readOnlyHint is explicitly false.
 */
export function effectsOf(annotations: ToolAnnotations | undefined): Effect {
  if (annotations?.readOnlyHint === true) return 'read';
  if (annotations?.destructiveHint === true) return 'destructive';
  if (annotations?.readOnlyHint === false && annotations.destructiveHint === undefined) return 'destructive';
  if (annotations?.openWorldHint === true) return 'external';
  // Without hints we know nothing about a third-party tool, so assume it touches the world: 'external' still
  // pauses for approval, while calling every unannotated tool 'destructive' (the spec's literal default) would cry wolf.
  return 'external';
}

export interface BuiltDocuments {
  documents: ApiDocument[];
  /** verb → the server's tool name, for calls. */
  tools: Map<string, string>;
}

/**
 * Builds one API document per tool. A tool that cannot become a valid document (a non-object input
 * schema, parameter names that are not identifiers, a schema nested too deep) is left out with a warning.
 */
export function buildDocuments(options: {
  tools: readonly unknown[];
  module: string;
  pack: string;
  version: string;
  serverName: string;
  logger: Logger;
}): BuiltDocuments {
  const { module, pack, version, serverName, logger } = options;
  const valid: McpToolInfo[] = [];
  for (const raw of options.tools) {
    const parsed = toolShape.safeParse(raw);
    if (parsed.success) valid.push(parsed.data);
    else logger.warn('MCP tool refused: it has no name', { server: serverName, issues: parsed.error.issues.map((i) => i.message) });
  }
  const verbs = assignVerbs(valid.map((t) => t.name));
  const verbOf = new Map([...verbs].map(([verb, name]) => [name, verb]));
  const documents: ApiDocument[] = [];
  const tools = new Map<string, string>();
  const seen = new Set<string>();
  for (const tool of valid) {
    if (seen.has(tool.name)) {
      logger.warn('MCP tool refused: the server lists the name twice', { server: serverName, tool: tool.name });
      continue;
    }
    seen.add(tool.name);
    const verb = verbOf.get(tool.name)!;
    const result = toolToDocument(tool, { verb, module, pack, version, serverName });
    if (!result.ok) {
      logger.warn('MCP tool refused: it cannot be described as an API', { server: serverName, tool: tool.name, reason: result.error.message });
      continue;
    }
    documents.push(result.value);
    tools.set(verb, tool.name);
  }
  return { documents, tools };
}

type DocumentResult = Result<ApiDocument, 'INVALID_INPUT'>;

export function toolToDocument(
  tool: McpToolInfo,
  context: { verb: string; module: string; pack: string; version: string; serverName: string },
): DocumentResult {
  if (!VERB_NAME.test(context.verb)) return refused(`the verb ${context.verb} is not an identifier`);
  const parameters = inputParameters(tool.inputSchema);
  if (typeof parameters === 'string') return refused(parameters);
  const parsed = apiDocumentSchema.safeParse({
    name: `${context.module}.${context.verb}`,
    module: context.module,
    pack: context.pack,
    version: context.version,
    permissions: {},
    description: describeTool(tool, context.serverName),
    parameters,
    returns: outputReturns(tool.outputSchema),
    examples: [],
    composition: '',
    effects: effectsOf(tool.annotations),
  });
  if (!parsed.success) return refused(parsed.error.issues.map((i) => `${i.path.join('.') || 'document'}: ${i.message}`).join('; '));
  return { ok: true, value: parsed.data };
}

function refused(message: string): DocumentResult {
  return { ok: false, error: { code: 'INVALID_INPUT', message } };
}

function describeTool(tool: McpToolInfo, serverName: string): string {
  const given = tool.description?.trim() || tool.title?.trim() || tool.annotations?.title?.trim() || '';
  const text =
    given === ''
      ? `The MCP tool "${tool.name}" from the server ${serverName}; the server gave no description.`
      : given.length < 10
        ? `${given} (the MCP tool "${tool.name}")`
        : given;
  return truncate(text, LIMITS.descriptionChars);
}

/** The input schema as a parameter list, or the reason it cannot be one. */
function inputParameters(input: unknown): JsonSchema | string {
  // Older servers omit the schema of argument-less tools.
  if (input === undefined || input === null) return { type: 'object', properties: {} };
  if (!isRecord(input)) return 'the input schema is not a JSON object';
  const schema = sanitize(structuredClone(input) as JsonSchema);
  if (schema.type === undefined && isRecord(schema.properties)) schema.type = 'object';
  if (schema.type !== 'object') return `the input schema has type ${JSON.stringify(schema.type)}, but MCP tool arguments must be an object`;
  const properties: Record<string, JsonSchema> = {};
  for (const [name, value] of Object.entries(isRecord(schema.properties) ? schema.properties : {})) {
    // JSON Schema allows `true` (anything) as a property schema.
    const property: JsonSchema = value === (true as unknown) ? {} : (value as JsonSchema);
    if (!isRecord(property)) return `the schema of parameter ${name} is not an object`;
    if (typeof property.description !== 'string' || property.description.trim() === '') property.description = UNDESCRIBED_PARAMETER;
    properties[name] = property;
  }
  schema.properties = properties;
  if (Array.isArray(schema.required)) schema.required = schema.required.filter((name) => typeof name === 'string' && name in properties);
  return schema;
}

function outputReturns(output: unknown): JsonSchema {
  if (isRecord(output) && (output.type === 'object' || output.type === undefined)) return sanitize(structuredClone(output) as JsonSchema);
  return CONTENT_RESULT_SCHEMA;
}

// Long descriptions anywhere in a schema would fail the document; shorten them instead of refusing the tool.
function sanitize(schema: JsonSchema): JsonSchema {
  if (typeof schema.description === 'string') schema.description = truncate(schema.description, LIMITS.descriptionChars);
  else if (schema.description !== undefined) delete schema.description;
  const children = [
    ...(isRecord(schema.properties) ? Object.values(schema.properties) : []),
    ...(isRecord(schema.items) ? [schema.items] : []),
    ...(Array.isArray(schema.anyOf) ? schema.anyOf : []),
    ...(Array.isArray(schema.oneOf) ? schema.oneOf : []),
  ];
  for (const child of children) if (isRecord(child)) sanitize(child as JsonSchema);
  return schema;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
