import { z } from 'zod';
import { apiDocumentSchema, LIMITS, type ApiDocument, type JsonSchema } from '../../../../apis/sdk';
import { AppError } from '../../../shared/result';

/** How one operation is called: kept in the pack's source record so calls need no re-parse. */
export const openApiOperationSchema = z
  .object({
    verb: z.string(),
    method: z.enum(['get', 'head', 'post', 'put', 'patch', 'delete']),
    path: z.string(),
    params: z.array(z.object({ name: z.string(), key: z.string(), in: z.enum(['path', 'query', 'header']) }).strict()),
    body: z.boolean(),
  })
  .strict();
export type OpenApiOperation = z.infer<typeof openApiOperationSchema>;

export interface ImportedOpenApi {
  title: string;
  version: string;
  description: string;
  baseUrl: string;
  hosts: string[];
  operations: OpenApiOperation[];
  apis: ApiDocument[];
}

const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete'] as const;
const MAX_REF_DEPTH = 6;
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follows `#/...` references in the document; a cycle or a reference too deep becomes an open schema. */
function resolver(root: Json) {
  const lookup = (ref: string): unknown => {
    if (!ref.startsWith('#/')) throw new AppError('INVALID_INPUT', `only local $refs are supported, not ${ref}`);
    let node: unknown = root;
    for (const part of ref.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) {
      if (!isObject(node) || !(part in node)) throw new AppError('INVALID_INPUT', `$ref ${ref} points at nothing`);
      node = node[part];
    }
    return node;
  };
  const resolve = (value: unknown, seen: readonly string[] = []): unknown => {
    if (Array.isArray(value)) return value.map((v) => resolve(v, seen));
    if (!isObject(value)) return value;
    if (typeof value.$ref === 'string') {
      const ref = value.$ref;
      if (seen.includes(ref) || seen.length >= MAX_REF_DEPTH) return { description: `(recursive ${ref.split('/').pop()})` };
      return resolve(lookup(ref), [...seen, ref]);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, seen)]));
  };
  return resolve;
}

/** A schema in the subset API documents keep: 3.0 `nullable` folded into the type, examples into the description. */
function cleanSchema(schema: unknown, fallback: string, depth = 0): JsonSchema {
  if (!isObject(schema)) return { description: fallback };
  const out: JsonSchema = {};
  for (const key of ['type', 'format', 'enum', 'default', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'required'] as const) {
    if (schema[key] !== undefined) (out as Record<string, unknown>)[key] = schema[key];
  }
  if (schema.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  const example = schema.example ?? (Array.isArray(schema.examples) ? schema.examples[0] : undefined);
  const description = [schema.description ?? schema.title, example !== undefined ? `Example: ${JSON.stringify(example)}` : undefined].filter(Boolean).join(' ');
  out.description = (description || fallback).slice(0, 1000);
  if (depth >= LIMITS.schemaDepth - 2) return out;
  if (isObject(schema.properties)) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, cleanSchema(v, k, depth + 1)]));
    if (!out.type) out.type = 'object';
  }
  if (schema.items !== undefined) out.items = cleanSchema(schema.items, 'an item', depth + 1);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(schema[key])) out[key === 'allOf' ? 'anyOf' : key] = (schema[key] as unknown[]).map((s) => cleanSchema(s, key, depth + 1));
  }
  return out;
}

/** `listTodos`, or `getTodosById` for GET /todos/{id}: an identifier the declarations accept. */
function verbOf(method: string, path: string, operationId: unknown): string {
  const words = (typeof operationId === 'string' && operationId.trim() ? operationId : `${method} ${path.replace(/\{([^}]+)\}/g, 'by $1')}`).split(/[^A-Za-z0-9]+/).filter(Boolean);
  const camel = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  const verb = /^[a-z]/.test(camel) ? camel : `op${camel}`;
  return verb.slice(0, 64);
}

const keyOf = (name: string): string => name.replace(/[^A-Za-z0-9_]/g, '_');

/**
 * Turns an OpenAPI 3.0/3.1 description into API documents (one per operation) and the call table.
 * `origin` is where the description came from (a URL resolves a relative server URL).
 */
export function importOpenApi(input: unknown, options: { module: string; pack: string; origin?: string }): ImportedOpenApi {
  if (!isObject(input) || typeof input.openapi !== 'string' || !/^3\.[01]\./.test(input.openapi)) throw new AppError('INVALID_INPUT', 'not an OpenAPI 3.0 or 3.1 description (no "openapi": "3.x" field)');
  const resolve = resolver(input);
  const info = isObject(input.info) ? input.info : {};
  const servers = Array.isArray(input.servers) ? input.servers.filter(isObject) : [];
  const rawServer = typeof servers[0]?.url === 'string' ? servers[0].url : options.origin;
  if (!rawServer) throw new AppError('INVALID_INPUT', 'the description names no server URL (servers[0].url)');
  let base: URL;
  try {
    base = new URL(rawServer, options.origin);
  } catch {
    throw new AppError('INVALID_INPUT', `the server URL ${rawServer} is not absolute`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new AppError('INVALID_INPUT', `the server URL ${base.href} is not http(s)`);
  const version = typeof info.version === 'string' && /^\d+\.\d+\.\d+$/.test(info.version) ? info.version : '1.0.0';
  const operations: OpenApiOperation[] = [];
  const apis: ApiDocument[] = [];
  const used = new Set<string>();
  for (const [path, rawItem] of Object.entries(isObject(input.paths) ? input.paths : {})) {
    const item = resolve(rawItem) as Json;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      let verb = verbOf(method, path, op.operationId);
      for (let n = 2; used.has(verb); n += 1) verb = `${verbOf(method, path, op.operationId).slice(0, 60)}${n}`;
      used.add(verb);
      const params = [...(Array.isArray(item.parameters) ? item.parameters : []), ...(Array.isArray(op.parameters) ? op.parameters : [])].map((p) => resolve(p)).filter(isObject);
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      const table: OpenApiOperation['params'] = [];
      for (const p of params) {
        if (typeof p.name !== 'string' || !['path', 'query', 'header'].includes(p.in as string)) continue;
        const key = keyOf(p.name);
        const schema = cleanSchema(p.schema, `${p.in} parameter ${p.name}`);
        const example = p.example !== undefined ? ` Example: ${JSON.stringify(p.example)}` : '';
        schema.description = `${typeof p.description === 'string' ? p.description : `${p.in} parameter ${p.name}`}${example}`.slice(0, 1000);
        properties[key] = schema;
        if (p.required === true || p.in === 'path') required.push(key);
        table.push({ name: p.name, key, in: p.in as 'path' | 'query' | 'header' });
      }
      const requestBody = isObject(op.requestBody) ? (resolve(op.requestBody) as Json) : undefined;
      const bodySchema = requestBody && isObject(requestBody.content) ? (requestBody.content as Json)['application/json'] : undefined;
      if (isObject(bodySchema)) {
        properties.body = cleanSchema(resolve(bodySchema.schema), typeof requestBody?.description === 'string' ? requestBody.description : 'the JSON request body');
        if (requestBody?.required === true) required.push('body');
      }
      const responses = isObject(op.responses) ? op.responses : {};
      const ok = Object.keys(responses).filter((code) => /^2/.test(code)).sort()[0];
      const okResponse = ok ? (resolve(responses[ok]) as Json) : undefined;
      const okJson = okResponse && isObject(okResponse.content) ? (okResponse.content as Json)['application/json'] : undefined;
      const returns = isObject(okJson) ? cleanSchema(resolve(okJson.schema), 'the response body') : { description: 'the response body (text or JSON)' };
      const text = [op.summary, op.description].filter((t): t is string => typeof t === 'string' && t.trim() !== '').join('\n');
      const description = `${text || `${method.toUpperCase()} ${path}`}\nCalls ${method.toUpperCase()} ${base.origin}${base.pathname.replace(/\/$/, '')}${path}. Fails with API_ERROR on an HTTP error status.`.slice(0, LIMITS.descriptionChars);
      const doc = apiDocumentSchema.safeParse({
        name: `${options.module}.${verb}`,
        module: options.module,
        pack: options.pack,
        version,
        description,
        parameters: { type: 'object', properties, ...(required.length ? { required: [...new Set(required)] } : {}) },
        returns,
        effects: method === 'delete' ? 'destructive' : 'external',
        permissions: { folders: [], hosts: [base.host] },
      });
      if (!doc.success) throw new AppError('INVALID_INPUT', `operation ${method.toUpperCase()} ${path} cannot become an API: ${z.prettifyError(doc.error)}`);
      apis.push(doc.data);
      operations.push({ verb, method, path, params: table, body: isObject(bodySchema) });
    }
  }
  if (apis.length === 0) throw new AppError('INVALID_INPUT', 'the description has no operations');
  if (apis.length > LIMITS.apisPerPack) throw new AppError('INVALID_INPUT', `the description has ${apis.length} operations; a pack holds at most ${LIMITS.apisPerPack}`);
  return {
    title: typeof info.title === 'string' ? info.title : options.module,
    version,
    description: typeof info.description === 'string' ? info.description.slice(0, 500) : '',
    baseUrl: base.href.replace(/\/$/, ''),
    hosts: [base.host],
    operations,
    apis,
  };
}
