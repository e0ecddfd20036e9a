import { LIMITS, type JsonSchema } from '../../../../apis/sdk';
import { AppError } from '../../../shared/result';
import { unsafePatternReason } from '../schema-patterns';

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Looks up `#/...` references in the description (other files and URLs are refused). */
export function refLookup(root: Json): (ref: string) => unknown {
  return (ref) => {
    if (!ref.startsWith('#/')) throw new AppError('INVALID_INPUT', `only references inside the description are supported, not ${ref}`);
    let node: unknown = root;
    for (const part of ref
      .slice(2)
      .split('/')
      .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'))) {
      if (!isObject(node) || !Object.hasOwn(node, part)) throw new AppError('INVALID_INPUT', `$ref ${ref} points at nothing`);
      node = node[part];
    }
    return node;
  };
}

/** Follows a chain of `$ref`s (a parameter, response or body that is itself a reference); a loop is refused. */
export function deref(value: unknown, lookup: (ref: string) => unknown): unknown {
  const seen = new Set<string>();
  let node = value;
  while (isObject(node) && typeof node.$ref === 'string') {
    if (seen.has(node.$ref)) throw new AppError('INVALID_INPUT', `$ref ${node.$ref} refers to itself`);
    seen.add(node.$ref);
    node = lookup(node.$ref);
  }
  return node;
}

/** Which side of the call a schema describes: requests drop `readOnly` fields, responses `writeOnly` ones. */
type SchemaSide = 'request' | 'response';

export interface SchemaContext {
  lookup: (ref: string) => unknown;
  side: SchemaSide;
  /** The deepest level a field may sit at (the parameter object is level 0). */
  maxLevel: number;
  /** Schema nodes left to write for this API: big descriptions are cut short rather than refused. */
  budget: { nodes: number };
}

/** Marks a schema whose `allOf` names an enclosing schema (the recursion is not written out). */
const RECURSIVE = 'x-switchboard-recursive';
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);
const COPIED = [
  'format',
  'enum',
  'const',
  'default',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'multipleOf',
  'minProperties',
  'maxProperties',
] as const;

/**
 * A schema in the subset API documents keep, written at `level`: `$ref`s followed (a cycle becomes an open
 * schema), `allOf` merged into one object, 3.0 `nullable` and boolean `exclusiveMinimum` turned into 3.1 /
 * JSON Schema form, examples moved into the description, and what is too deep or too big left open.
 */
export function cleanSchema(input: unknown, fallback: string, ctx: SchemaContext, level: number, seen: readonly string[] = []): JsonSchema {
  ctx.budget.nodes -= 1;
  let schema = input;
  let note = '';
  if (isObject(schema) && typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    const name = ref.split('/').pop() ?? ref;
    if (seen.includes(ref)) return { description: `${describe(schema) || fallback} (recursive: another ${name})`.slice(0, 1000) };
    const target = ctx.lookup(ref);
    // 3.1 lets a $ref carry its own description beside it; it wins over the target's.
    note = describe(schema);
    schema = isObject(target) ? { ...target, ...(note ? { description: note } : {}) } : target;
    seen = [...seen, ref];
  }
  if (!isObject(schema)) return { description: note || fallback };
  return writeSchema(schema, fallback, ctx, level, seen);
}

/** The keywords of one (already dereferenced) schema, and its children. */
function writeSchema(node: Json, fallback: string, ctx: SchemaContext, level: number, seen: readonly string[]): JsonSchema {
  const schema = Array.isArray(node.allOf) ? mergeAllOf(node, ctx, seen) : node;
  const out: JsonSchema = {};
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t): t is string => typeof t === 'string' && TYPES.has(t));
  if (types.length === 1) out.type = types[0];
  else if (types.length > 1) out.type = types;
  for (const key of COPIED) if (schema[key] !== undefined) (out as Json)[key] = schema[key];
  exclusiveBounds(schema, out);
  if (typeof schema.pattern === 'string' && !unsafePatternReason(schema.pattern)) out.pattern = schema.pattern;
  const recursive = typeof schema[RECURSIVE] === 'string' ? ` (recursive: another ${schema[RECURSIVE]})` : '';
  const example = schema.example ?? (Array.isArray(schema.examples) ? schema.examples[0] : undefined);
  const own = describe(schema) || (recursive ? fallback : '');
  const text = [`${own}${recursive}`, example !== undefined ? `Example: ${JSON.stringify(example)?.slice(0, 200)}` : ''].filter(Boolean).join(' ');
  out.description = (text || fallback).slice(0, 1000);
  const open = level >= ctx.maxLevel || ctx.budget.nodes <= 0;
  if (isObject(schema.properties)) {
    if (!out.type) out.type = 'object';
    if (!open) {
      const skip = ctx.side === 'request' ? 'readOnly' : 'writeOnly';
      const kept = Object.entries(schema.properties).filter(([, v]) => !hasFlag(v, skip, ctx.lookup));
      out.properties = Object.fromEntries(kept.map(([k, v]) => [k, cleanSchema(v, k, ctx, level + 1, seen)]));
      if (Array.isArray(schema.required)) out.required = schema.required.filter((r): r is string => typeof r === 'string' && Object.hasOwn(out.properties!, r));
      if (out.required?.length === 0) delete out.required;
    }
  }
  if (schema.additionalProperties === false && out.properties) out.additionalProperties = false;
  else if (isObject(schema.additionalProperties) && !open) out.additionalProperties = cleanSchema(schema.additionalProperties, 'a value', ctx, level + 1, seen);
  if (schema.items !== undefined && !open) out.items = cleanSchema(schema.items, 'an item', ctx, level + 1, seen);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list) && list.length > 0 && !open) out[key] = list.map((s, i) => cleanSchema(s, `choice ${i + 1}`, ctx, level + 1, seen));
  }
  if (schema.nullable === true) nullable(out);
  return out;
}

/** Whether a field (followed through its `$ref`) is marked `readOnly` / `writeOnly`. */
function hasFlag(field: unknown, flag: 'readOnly' | 'writeOnly', lookup: (ref: string) => unknown): boolean {
  if (isObject(field) && field[flag] === true) return true;
  const target = isObject(field) && typeof field.$ref === 'string' ? deref(field, lookup) : undefined;
  return isObject(target) && target[flag] === true;
}

const describe = (schema: Json): string =>
  (typeof schema.description === 'string' ? schema.description : typeof schema.title === 'string' ? schema.title : '').trim();

/** 3.0 `nullable: true`: null joins the type, the choices or the enum. */
function nullable(out: JsonSchema): void {
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
  const choices = out.anyOf ?? out.oneOf;
  if (choices && !choices.some((c) => c.type === 'null')) choices.push({ type: 'null', description: 'null' });
  if (out.enum && !out.enum.includes(null)) out.enum = [...out.enum, null];
}

/** 3.0's boolean `exclusiveMinimum: true` (beside `minimum`) becomes the number form JSON Schema validators want. */
function exclusiveBounds(schema: Json, out: JsonSchema): void {
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    const value = schema[flag];
    if (typeof value === 'number') out[flag] = value;
    else if (value === true && typeof schema[bound] === 'number') {
      out[flag] = schema[bound];
      delete out[bound];
    }
  }
}

/**
 * `allOf` as one schema: the members' properties and required lists joined, the first type, format and
 * description that any member (or the schema itself) gives. Members are followed through their `$ref`s.
 */
function mergeAllOf(schema: Json, ctx: SchemaContext, seen: readonly string[]): Json {
  const merged: Json = { ...schema };
  delete merged.allOf;
  const properties: Json = isObject(schema.properties) ? { ...schema.properties } : {};
  const required = new Set<unknown>(Array.isArray(schema.required) ? schema.required : []);
  const visit = (member: unknown, chain: readonly string[]): void => {
    let node = member;
    if (isObject(node) && typeof node.$ref === 'string') {
      if (chain.includes(node.$ref)) {
        // `allOf: [{ $ref: <an enclosing schema> }]` (often to add nullable or a description): left open.
        const target = ctx.lookup(node.$ref);
        merged[RECURSIVE] = node.$ref.split('/').pop();
        if (merged.type === undefined && isObject(target)) merged.type = target.type ?? 'object';
        return;
      }
      chain = [...chain, node.$ref];
      node = ctx.lookup(node.$ref);
    }
    if (!isObject(node)) return;
    if (Array.isArray(node.allOf)) for (const inner of node.allOf) visit(inner, chain);
    if (isObject(node.properties)) for (const [k, v] of Object.entries(node.properties)) if (!(k in properties)) properties[k] = v;
    if (Array.isArray(node.required)) for (const r of node.required) required.add(r);
    for (const [k, v] of Object.entries(node)) {
      if (['allOf', 'properties', 'required', '$ref'].includes(k)) continue;
      if (merged[k] === undefined) merged[k] = v;
    }
  };
  for (const member of schema.allOf as unknown[]) visit(member, seen);
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

/** A fresh context for one API's schemas. */
export function schemaContext(lookup: (ref: string) => unknown, side: SchemaSide, maxLevel: number, budget: { nodes: number }): SchemaContext {
  return { lookup, side, maxLevel: Math.min(maxLevel, LIMITS.schemaDepth - 1), budget };
}
