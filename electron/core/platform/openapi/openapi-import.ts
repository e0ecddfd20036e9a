import semver from 'semver';
import { z } from 'zod';
import { apiDocumentSchema, LIMITS, type ApiDocument, type JsonSchema } from '../../../../apis/sdk';
import { AppError } from '../../../shared/result';
import { reservedVerbReason } from '../reserved-names';
import { cleanSchema, deref, isObject, refLookup, schemaContext, type Json } from './openapi-schema';
import { securitySummary, securityText } from './openapi-security';

/** How one operation is called: kept in the pack's source record so calls need no re-parse. */
export const openApiOperationSchema = z
  .object({
    verb: z.string(),
    method: z.enum(['get', 'head', 'post', 'put', 'patch', 'delete']),
    path: z.string(),
    params: z.array(
      z
        .object({
          name: z.string(),
          key: z.string(),
          in: z.enum(['path', 'query', 'header']),
          /** `explode: false` on an array query parameter: one comma-separated value instead of one per item. */
          explode: z.literal(false).optional(),
        })
        .strict(),
    ),
    body: z.boolean(),
    /** How the body is sent: JSON (the default) or `application/x-www-form-urlencoded`. */
    bodyType: z.enum(['json', 'form']).optional(),
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
type Method = (typeof METHODS)[number];
/** Schema nodes one API may hold before the rest is left open; and the depths tried until a document fits. */
const NODE_BUDGET = 3000;
const LEVELS = [LIMITS.schemaDepth - 1, 5, 4, 3, 2] as const;
const isJsonType = (type: string) => /^application\/(.+\+)?json\b|^\*\/\*$/i.test(type);

/**
 * Turns an OpenAPI 3.0/3.1 description into API documents (one per operation) and the call table.
 * `origin` is where the description came from (a URL resolves a relative server URL).
 */
export function importOpenApi(input: unknown, options: { module: string; pack: string; origin?: string }): ImportedOpenApi {
  if (!isObject(input) || typeof input.openapi !== 'string' || !/^3\.[01]\./.test(input.openapi)) {
    const swagger = isObject(input) && typeof input.swagger === 'string' ? ` (this is Swagger ${input.swagger}: convert it to OpenAPI 3 first)` : '';
    throw new AppError('INVALID_INPUT', `not an OpenAPI 3.0 or 3.1 description (no "openapi": "3.x" field)${swagger}`);
  }
  const lookup = refLookup(input);
  const info = isObject(input.info) ? input.info : {};
  const base = serverUrl(input.servers, options.origin);
  const version = semver.coerce(typeof info.version === 'string' ? info.version : '')?.version ?? '1.0.0';
  const operations: OpenApiOperation[] = [];
  const apis: ApiDocument[] = [];
  const used = new Set<string>();
  for (const [path, rawItem] of Object.entries(isObject(input.paths) ? input.paths : {})) {
    const item = deref(rawItem, lookup);
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const verb = uniqueVerb(method, path, op.operationId, used);
      const built = buildOperation({ root: input, lookup, item, op, method, path, verb, base, module: options.module, pack: options.pack, version });
      apis.push(built.doc);
      operations.push(built.operation);
    }
  }
  if (apis.length === 0) throw new AppError('INVALID_INPUT', 'the description has no operations');
  if (apis.length > LIMITS.apisPerPack)
    throw new AppError('INVALID_INPUT', `the description has ${apis.length} operations; a pack holds at most ${LIMITS.apisPerPack}`);
  return {
    title: typeof info.title === 'string' ? info.title : options.module,
    version,
    description: [securitySummary(input), typeof info.description === 'string' ? info.description.trim().slice(0, 400) : ''].filter(Boolean).join(' '),
    baseUrl: base.href.replace(/\/$/, ''),
    hosts: [base.host],
    operations,
    apis,
  };
}

/** The first server whose URL (variables at their defaults, relative ones against `origin`) is absolute http(s). */
function serverUrl(rawServers: unknown, origin: string | undefined): URL {
  const servers = Array.isArray(rawServers) ? rawServers.filter(isObject) : [];
  const tried: string[] = [];
  for (const server of servers.length ? servers : [{ url: origin ?? '' }]) {
    if (typeof server.url !== 'string' || !server.url) continue;
    const variables = isObject(server.variables) ? server.variables : {};
    const url = server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
      const variable = variables[name];
      return isObject(variable) && typeof variable.default === 'string' ? variable.default : whole;
    });
    tried.push(url);
    let parsed: URL;
    try {
      parsed = new URL(url, origin);
    } catch {
      continue;
    }
    if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && !/[{}]/.test(decodeURI(parsed.href))) return parsed;
  }
  if (tried.length === 0) throw new AppError('INVALID_INPUT', 'the description names no server URL (servers[0].url)');
  throw new AppError(
    'INVALID_INPUT',
    `no server URL of the description is an absolute http(s) URL (${tried.join(', ')}); read it from its http(s) address, or add an absolute servers entry`,
  );
}

/** `listTodos`, or `getTodosById` for GET /todos/{id}: an identifier the declarations accept, unique in the pack. */
function uniqueVerb(method: string, path: string, operationId: unknown, used: Set<string>): string {
  const words = (typeof operationId === 'string' && operationId.trim() ? operationId : `${method} ${path.replace(/\{([^}]+)\}/g, 'by $1')}`)
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const camel = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  let verb = (/^[a-z]/.test(camel) ? camel : `op${camel}`).slice(0, 60);
  if (reservedVerbReason(verb)) verb = `${verb}Op`;
  let unique = verb;
  for (let n = 2; used.has(unique); n += 1) unique = `${verb}${n}`;
  used.add(unique);
  return unique;
}

interface OperationInput {
  root: Json;
  lookup: (ref: string) => unknown;
  item: Json;
  op: Json;
  method: Method;
  path: string;
  verb: string;
  base: URL;
  module: string;
  pack: string;
  version: string;
}

/** One operation as an API document, its schemas written as deep as the document size limit allows. */
function buildOperation(input: OperationInput): { doc: ApiDocument; operation: OpenApiOperation } {
  const { op, item, lookup, method, path } = input;
  const params = mergedParameters(item.parameters, op.parameters, lookup);
  const requestBody = deref(op.requestBody, lookup);
  const content = isObject(requestBody) && isObject(requestBody.content) ? requestBody.content : {};
  const jsonType = Object.keys(content).find(isJsonType);
  const formType = Object.keys(content).find((t) => /^application\/x-www-form-urlencoded\b/i.test(t));
  const bodyType = jsonType ? 'json' : formType ? 'form' : undefined;
  const bodyMedia = bodyType ? content[(jsonType ?? formType)!] : undefined;
  const firstType = Object.keys(content)[0];
  const unsent = [...(!bodyType && firstType ? [`Its request body (${firstType}) cannot be sent from here yet.`] : []), ...params.skipped];
  const okResponse = successResponse(op.responses, lookup);
  const text = [op.summary, op.description].filter((t): t is string => typeof t === 'string' && t.trim() !== '').join('\n');
  const target = `${input.base.origin}${input.base.pathname.replace(/\/$/, '')}${path}`;
  const tail = [`Calls ${method.toUpperCase()} ${target}. Fails with API_ERROR on an HTTP error status.`, securityText(input.root, op), ...unsent]
    .filter(Boolean)
    .join(' ');
  const description = `${(text || `${method.toUpperCase()} ${path}`).slice(0, LIMITS.descriptionChars - tail.length - 2)}\n${tail}`.slice(
    0,
    LIMITS.descriptionChars,
  );
  let problem = '';
  for (const maxLevel of LEVELS) {
    const budget = { nodes: NODE_BUDGET };
    const request = schemaContext(lookup, 'request', maxLevel, budget);
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const p of params.list) {
      const schema = cleanSchema(p.schema, p.fallback, request, 1);
      schema.description = p.description;
      properties[p.key] = schema;
      if (p.required) required.push(p.key);
    }
    if (bodyType && isObject(bodyMedia)) {
      const what =
        isObject(requestBody) && typeof requestBody.description === 'string' && requestBody.description.trim()
          ? requestBody.description
          : bodyType === 'json'
            ? 'the JSON request body'
            : 'the form fields of the request body';
      properties.body = cleanSchema(bodyMedia.schema, what.slice(0, 1000), request, 1);
      if (isObject(requestBody) && requestBody.required === true) required.push('body');
    }
    const returns = okResponse
      ? cleanSchema(okResponse, 'the response body', schemaContext(lookup, 'response', maxLevel, budget), 0)
      : { description: 'the response body (text or JSON)' };
    const doc = apiDocumentSchema.safeParse({
      name: `${input.module}.${input.verb}`,
      module: input.module,
      pack: input.pack,
      version: input.version,
      description,
      parameters: { type: 'object', properties, ...(required.length ? { required } : {}) },
      returns,
      effects: method === 'delete' ? 'destructive' : 'external',
      permissions: { folders: [], hosts: [input.base.host] },
    });
    if (doc.success) {
      const operation: OpenApiOperation = {
        verb: input.verb,
        method,
        path,
        params: params.list.map((p) => ({ name: p.name, key: p.key, in: p.in, ...(p.explode === false ? { explode: false as const } : {}) })),
        body: bodyType !== undefined,
        ...(bodyType === 'form' ? { bodyType } : {}),
      };
      return { doc: doc.data, operation };
    }
    problem = z.prettifyError(doc.error);
    // Only the size and depth limits are worth a shallower try; anything else fails the same way again.
    if (!/bytes; the limit|levels deep|nest at most/.test(problem)) break;
  }
  throw new AppError('INVALID_INPUT', `operation ${method.toUpperCase()} ${path} cannot become an API: ${problem}`);
}

interface Parameter {
  name: string;
  key: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description: string;
  fallback: string;
  schema: unknown;
  explode?: boolean;
}

/** Path-level parameters overridden by the operation's own (same name and place); cookies are left out. */
function mergedParameters(pathLevel: unknown, opLevel: unknown, lookup: (ref: string) => unknown): { list: Parameter[]; skipped: string[] } {
  const byPlace = new Map<string, Json>();
  for (const raw of [...(Array.isArray(pathLevel) ? pathLevel : []), ...(Array.isArray(opLevel) ? opLevel : [])]) {
    const p = deref(raw, lookup);
    if (isObject(p) && typeof p.name === 'string' && typeof p.in === 'string') byPlace.set(`${p.in}:${p.name}`, p);
  }
  const list: Parameter[] = [];
  const skipped: string[] = [];
  const keys = new Set(['body']);
  for (const p of byPlace.values()) {
    const place = p.in as string;
    if (place !== 'path' && place !== 'query' && place !== 'header') {
      if (p.required === true) skipped.push(`It needs the ${place} ${p.name as string}, which cannot be sent from here.`);
      continue;
    }
    let key = (p.name as string).replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1');
    if (keys.has(key)) key = `${key}_${place}`;
    for (let n = 2; keys.has(key); n += 1) key = `${key}${n}`;
    keys.add(key);
    const media = isObject(p.content) ? Object.values(p.content).find(isObject) : undefined;
    const example = p.example !== undefined ? ` Example: ${JSON.stringify(p.example)?.slice(0, 200)}` : '';
    const fallback = `${place} parameter ${p.name as string}`;
    list.push({
      name: p.name as string,
      key,
      in: place,
      required: p.required === true || place === 'path',
      description: `${typeof p.description === 'string' && p.description.trim() ? p.description.trim() : fallback}${example}`.slice(0, 1000),
      fallback,
      schema: p.schema ?? media?.schema,
      ...(p.explode === false ? { explode: false } : {}),
    });
  }
  return { list, skipped };
}

/** The JSON schema of the first 2xx response (or of `default` when no 2xx has one). */
function successResponse(responses: unknown, lookup: (ref: string) => unknown): unknown {
  if (!isObject(responses)) return undefined;
  const codes = Object.keys(responses)
    .filter((code) => /^2/.test(code))
    .sort();
  for (const code of [...codes, 'default']) {
    const response = deref(responses[code], lookup);
    const content = isObject(response) && isObject(response.content) ? response.content : {};
    const type = Object.keys(content).find(isJsonType);
    const media = type ? content[type] : undefined;
    if (isObject(media) && media.schema !== undefined) return media.schema;
    if (code === codes[0]) return undefined;
  }
  return undefined;
}
