import type { ApiDocument, JsonSchema } from '../../../apis/sdk';

/**
 * TypeScript declarations generated from API documents: what the model reads when it writes a program
 * and what the verifier type-checks against. Deterministic: modules and APIs sorted by name.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Words a namespace cannot declare as a function name (reserved, or reserved in strict mode). */
const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await'.split(' '),
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

function propertyDoc(prop: JsonSchema): string {
  const parts: string[] = [];
  if (typeof prop.description === 'string') parts.push(oneLine(prop.description));
  if (prop.default !== undefined) parts.push(`Default: ${JSON.stringify(prop.default)}.`);
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

/** The first sentence of a description (for compact rendering). */
export function firstSentence(text: string): string {
  const flat = oneLine(text);
  const match = /^(.+?[.!?])(\s|$)/.exec(flat);
  return (match?.[1] ?? flat).slice(0, 200);
}

export type Rendering = 'full' | 'compact';

function apiComment(doc: ApiDocument, rendering: Rendering, indent: string): string {
  const lines: string[] = [];
  if (rendering === 'compact') {
    lines.push(`${firstSentence(doc.description)} [${doc.effects}]`);
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
