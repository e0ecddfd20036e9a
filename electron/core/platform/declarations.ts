import type { ApiDocument, JsonSchema } from '../../../apis/sdk';

/**
 * TypeScript declarations generated from API documents: what the model reads when it writes a program
 * and what the verifier type-checks against. Deterministic: modules and APIs sorted by name.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Words a namespace cannot declare as a function name (reserved, or reserved in strict mode). */
const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await'.split(
    ' ',
  ),
);

/**
 * Renders a JSON Schema as a TypeScript type. Unknown shapes become `unknown`, never `any`. `docDepth`
 * limits how deep field descriptions are written as comments (compact prompts keep only the top level's).
 */
export function schemaToType(schema: JsonSchema | undefined, indent = '', docDepth = Infinity): string {
  if (!schema || typeof schema !== 'object') return 'unknown';
  if (schema.enum) return schema.enum.map(literal).join(' | ') || 'never';
  if ('const' in schema) return literal(schema.const);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return dedupe(union.map((s) => wrap(schemaToType(s, indent, docDepth)))).join(' | ') || 'unknown';
  if (Array.isArray(schema.type)) return dedupe(schema.type.map((t) => schemaToType({ ...schema, type: t }, indent, docDepth))).join(' | ');
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return schema.items ? `Array<${schemaToType(schema.items, indent, docDepth)}>` : 'unknown[]';
    case 'object':
      return objectType(schema, indent, docDepth);
    default:
      return schema.properties ? objectType(schema, indent, docDepth) : 'unknown';
  }
}

function objectType(schema: JsonSchema, indent: string, docDepth: number): string {
  // Fields keep the document's order (deterministic, and the author's order reads best).
  const properties = Object.entries(schema.properties ?? {});
  const extra = schema.additionalProperties;
  if (properties.length === 0) {
    // An explicitly empty property list means "no fields"; no property list at all means a free-form map.
    if (extra === false || (schema.properties && extra === undefined)) return '{}';
    return `Record<string, ${typeof extra === 'object' ? schemaToType(extra, indent, docDepth - 1) : 'unknown'}>`;
  }
  const required = new Set(schema.required ?? []);
  const inner = `${indent}  `;
  const lines = properties.map(([name, prop]) => {
    const doc = docDepth > 0 ? propertyDoc(prop) : '';
    const key = IDENTIFIER.test(name) ? name : JSON.stringify(name);
    return `${doc ? `${inner}/** ${doc} */\n` : ''}${inner}${key}${required.has(name) ? '' : '?'}: ${schemaToType(prop, inner, docDepth - 1)};`;
  });
  if (typeof extra === 'object') lines.push(`${inner}[key: string]: ${schemaToType(extra, inner, docDepth - 1)};`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** JSON-schema keywords the host enforces on a value, stated as JSDoc tags so the model sees every limit. */
const LIMIT_TAGS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minItems',
  'maxItems',
  'multipleOf',
] as const;

/** The limits of a schema (and of its array items) as JSDoc tags: `@maximum 10000`, `@items.maxLength 200`. */
export function limitTags(schema: JsonSchema, prefix = ''): string[] {
  const record = schema as Record<string, unknown>;
  const tags: string[] = [];
  for (const key of LIMIT_TAGS) {
    const value = record[key];
    if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) continue;
    if (key === 'maximum' && value === Number.MAX_SAFE_INTEGER) continue;
    if (key === 'minimum' && value === Number.MIN_SAFE_INTEGER) continue;
    tags.push(`@${prefix}${key} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  if (schema.type === 'integer') tags.push(`@${prefix}integer`);
  if (schema.items && !prefix) tags.push(...limitTags(schema.items, 'items.'));
  return tags;
}

function propertyDoc(prop: JsonSchema): string {
  const parts: string[] = [];
  if (typeof prop.description === 'string') parts.push(oneLine(prop.description));
  if (prop.default !== undefined) parts.push(`@default ${JSON.stringify(prop.default)}`);
  parts.push(...limitTags(prop));
  return commentSafe(parts.join(' '));
}

function literal(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? JSON.stringify(value) : 'unknown';
}

function wrap(type: string): string {
  return type.includes('=>') ? `(${type})` : type;
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Text inside a block comment must not close it. */
function commentSafe(text: string): string {
  return text.replaceAll('*/', '*\\/');
}

/** The sentences of a text, whole (a sentence ends at . ! or ? followed by space or the end). */
export function sentences(text: string): string[] {
  // A boundary is a stop followed by space and a capital (or a quote/bracket/code): ".docx" and "e.g. a1" stay inside.
  return oneLine(text)
    .split(/(?<=[.!?])\s+(?=[A-Z("'`[])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The first sentence of a description, whole (never cut inside a word). */
export function firstSentence(text: string): string {
  return sentences(text)[0] ?? '';
}

/** Sentences that state a refusal or a limit: the model must see them even in compact declarations. */
const RULE_SENTENCE =
  /\b(refuse[sd]?|reject(s|ed)?|must|never|only|at most|at least|not allowed|cannot|can't|throws?|fails?|errors?|limit(s|ed)?|maximum|minimum|instead)\b/i;

/**
 * An API's short summary, derived from its description: the first sentence and every later sentence
 * that states a refusal or a limit, each whole. Used wherever a description is shown compactly.
 */
export function apiSummary(description: string): string {
  const all = sentences(description);
  return all.filter((s, i) => i === 0 || RULE_SENTENCE.test(s)).join(' ');
}

export type Rendering = 'full' | 'compact';

function apiComment(doc: ApiDocument, rendering: Rendering, indent: string): string {
  const lines: string[] = [];
  if (rendering === 'compact') {
    lines.push(`${apiSummary(doc.description)} [${doc.effects}]`);
  } else {
    lines.push(...doc.description.split('\n').map((l) => l.trimEnd()));
    lines.push('', `Effects: ${doc.effects}.`);
    if (doc.composition.trim()) lines.push(`Composition: ${oneLine(doc.composition)}`);
    for (const example of doc.examples) lines.push('@example', ...example.split('\n'));
  }
  const body = lines.map((l) => `${indent} *${l ? ` ${commentSafe(l)}` : ''}`).join('\n');
  return `${indent}/**\n${body}\n${indent} */`;
}

/** Declarations for a set of documents: one `declare namespace` per module (an object type when a verb is a reserved word). */
export function renderDeclarations(docs: readonly ApiDocument[], rendering: Rendering = 'full'): string {
  const byModule = new Map<string, ApiDocument[]>();
  for (const doc of docs) byModule.set(doc.module, [...(byModule.get(doc.module) ?? []), doc]);
  const blocks = [...byModule.keys()].sort().map((module) => {
    const apis = byModule.get(module)!.sort((a, b) => a.name.localeCompare(b.name));
    const verbs = apis.map((doc) => doc.name.slice(module.length + 1));
    // A namespace cannot declare `function delete`; a module with such a verb is an object type whose
    // methods may be named with reserved words (`fs.delete(...)` type-checks either way).
    const asObject = verbs.some((verb) => RESERVED.has(verb));
    const members = apis.map((doc, i) => {
      // Compact: descriptions of the top-level fields only (nested ones are where big APIs spend their tokens).
      const args = schemaToType(doc.parameters, '  ', rendering === 'compact' ? 1 : Infinity);
      const hasRequired = (doc.parameters.required ?? []).length > 0;
      const signature = `  ${asObject ? '' : 'function '}${verbs[i]}(args${hasRequired ? '' : '?'}: ${args}): Promise<${schemaToType(doc.returns, '  ', rendering === 'compact' ? 0 : Infinity)}>;`;
      return `${apiComment(doc, rendering, '  ')}\n${signature}`;
    });
    return `${asObject ? `declare const ${module}: {` : `declare namespace ${module} {`}\n${members.join('\n\n')}\n}${asObject ? ';' : ''}`;
  });
  return `${blocks.join('\n\n')}\n`;
}

/**
 * A token estimate for prompt budgeting without a model tokenizer: word pieces of up to four letters,
 * each digit run and each punctuation mark count one (close to BPE counts on code-like text).
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const match of text.matchAll(/[A-Za-z]+|\d+|[^\sA-Za-z\d]/g)) {
    const piece = match[0];
    tokens += /[A-Za-z]/.test(piece[0]!) ? Math.ceil(piece.length / 4) : 1;
  }
  return tokens;
}

/** Both renderings with their token estimates. */
export function declarationsFor(docs: readonly ApiDocument[]): Record<Rendering, { text: string; tokens: number }> {
  const full = renderDeclarations(docs, 'full');
  const compact = renderDeclarations(docs, 'compact');
  return { full: { text: full, tokens: estimateTokens(full) }, compact: { text: compact, tokens: estimateTokens(compact) } };
}
