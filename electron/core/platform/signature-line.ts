import type { ApiDocument, JsonSchema } from '../../../apis/sdk';
import { firstSentence } from './declarations';

/** Enum values shown at most in a one-line type; more become their base type. */
const MAX_LITERALS = 4;

/** A JSON Schema as a one-line TypeScript-like type: nested objects one level deep, `{…}` below. */
function flatType(schema: JsonSchema | undefined, depth: number): string {
  if (!schema || typeof schema !== 'object') return 'unknown';
  if (schema.enum)
    return schema.enum.length <= MAX_LITERALS ? schema.enum.map((v) => JSON.stringify(v)).join('|') : typeof schema.enum[0] === 'number' ? 'number' : 'string';
  if ('const' in schema) return JSON.stringify(schema.const);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return [...new Set(union.map((s) => flatType(s, depth)))].join('|');
  if (Array.isArray(schema.type)) return [...new Set(schema.type.map((t) => flatType({ ...schema, type: t }, depth)))].join('|');
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
    case 'array': {
      const item = flatType(schema.items, depth);
      return /[|{ ]/.test(item) && !item.startsWith('{') ? `(${item})[]` : `${item}[]`;
    }
    default:
      return schema.properties || schema.type === 'object' ? flatObject(schema, depth) : 'unknown';
  }
}

function flatObject(schema: JsonSchema, depth: number): string {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return 'object';
  if (depth <= 0) return '{…}';
  const required = new Set(schema.required ?? []);
  return `{${properties.map(([name, prop]) => `${name}${required.has(name) ? '' : '?'}: ${flatType(prop, depth - 1)}`).join(', ')}}`;
}

/** A field's type longer than this is shown by its shape only (`{…}`, `{…}[]`): the line stays one line. */
const MAX_FIELD_TYPE = 40;
/** The summary after the signature: the description's first clause or sentence, at most this long. */
const MAX_SUMMARY = 70;
/** Words a cut summary must not end on: "… for a" reads as a phrase cut in two (issue 13). */
const DANGLING = /\s+(a|an|the|and|or|but|nor|of|to|in|on|at|by|for|from|with|into|onto|as|per|via|than|that|which|its|their|each|every|any|no|not)$/i;

function fieldType(prop: JsonSchema): string {
  const full = flatType(prop, 1);
  if (full.length <= MAX_FIELD_TYPE) return full;
  const shallow = flatType(prop, 0);
  return shallow.length <= MAX_FIELD_TYPE ? shallow : prop.type === 'array' ? '{…}[]' : '{…}';
}

/**
 * The description's first sentence without its bracketed asides, if it fits MAX_SUMMARY; else its first
 * clause (up to a colon, semicolon, bracket or dash); else the words that fit, with no dangling article or
 * preposition at the end, then "…". Never cut inside a word (issue 13).
 */
export function summaryOf(description: string): string {
  // A stop after a lower-case word ends a sentence too ("... in the order given. pageSize ..."); "e.g." does not.
  const first = firstSentence(description)
    .split(/(?<=[a-z0-9)]{2}[.!?])\s/)[0]!
    .replace(/[.:;]$/, '');
  const plain = first.replace(/\s+\([^()]*\)/g, '').trim();
  const quotes = (plain.match(/"/g) ?? []).length;
  if (plain.length <= MAX_SUMMARY && quotes % 2 === 0) return plain;
  const clause = plain.split(/[:;]\s|\s\(|\s[—–-]\s/)[0]!.trim();
  if (clause.length <= MAX_SUMMARY) return clause;
  let words = clause.slice(0, MAX_SUMMARY + 1);
  words = words.slice(0, Math.max(words.lastIndexOf(' '), 1)).trim();
  while (DANGLING.test(words)) words = words.replace(DANGLING, '');
  return `${words.replace(/[,\s]+$/, '')}…`;
}

/**
 * One line saying how to call an API the prompt does not declare in full: `module.verb({a: string,
 * b?: number}) [effects]: first clause of its description`. Long field types show their shape only.
 */
export function signatureLine(doc: ApiDocument): string {
  const required = new Set(doc.parameters.required ?? []);
  const fields = Object.entries(doc.parameters.properties ?? {}).map(([name, prop]) => `${name}${required.has(name) ? '' : '?'}: ${fieldType(prop)}`);
  return `${doc.name}({${fields.join(', ')}}) [${doc.effects}]: ${summaryOf(doc.description)}`;
}
