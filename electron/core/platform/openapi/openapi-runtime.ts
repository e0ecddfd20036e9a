import { z } from 'zod';
import type { CallOptions, CallOutcome, PackRuntime } from '../pack-runtime';
import type { OpenApiOperation } from './openapi-import';
import { errorMessage } from '../../../shared/errors';

/** A credential set per pack (kept in the secret store, never in the registry). */
export const openApiCredentialSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('apiKey'),
      in: z.enum(['header', 'query']),
      name: z.string().min(1).describe('header or query parameter name'),
      value: z.string(),
    })
    .strict(),
  z.object({ kind: z.literal('bearer'), token: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('basic'), username: z.string(), password: z.string() }).strict(),
]);
export type OpenApiCredential = z.infer<typeof openApiCredentialSchema>;

export interface OpenApiRuntimeOptions {
  baseUrl: string;
  /** Hosts (host:port) the pack declared; a redirect elsewhere is refused. */
  hosts: readonly string[];
  operations: readonly OpenApiOperation[];
  credential?: () => Promise<OpenApiCredential | undefined>;
  /** Defaults: 30 s per call, 5 MiB per response, 5 redirects. */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  fetch?: typeof fetch;
}

const fail = (code: Extract<CallOutcome, { ok: false }>['error']['code'], message: string): CallOutcome => ({ ok: false, error: { code, message } });

/** Calls an OpenAPI operation over a bounded HTTP client: time-out, size limit, redirects only to declared hosts. */
export class OpenApiRuntime implements PackRuntime {
  private readonly byVerb: Map<string, OpenApiOperation>;

  constructor(private readonly options: OpenApiRuntimeOptions) {
    this.byVerb = new Map(options.operations.map((op) => [op.verb, op]));
  }

  async call(verb: string, args: unknown, options: CallOptions): Promise<CallOutcome> {
    const op = this.byVerb.get(verb);
    if (!op) return fail('INVALID_ARGUMENTS', `no operation ${verb}`);
    const input = (args ?? {}) as Record<string, unknown>;
    let path = op.path;
    const query = new URLSearchParams();
    const headers: Record<string, string> = { accept: 'application/json, text/plain;q=0.9, */*;q=0.5' };
    for (const p of op.params) {
      const value = input[p.key];
      if (value === undefined) continue;
      const text = Array.isArray(value) ? value.map(scalar).join(',') : scalar(value);
      if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(text));
      // Query arrays are exploded (one name=value per item) unless the description says explode: false.
      else if (p.in === 'query' && Array.isArray(value) && p.explode !== false) for (const v of value) query.append(p.name, scalar(v));
      else if (p.in === 'query') query.append(p.name, text);
      else headers[p.name.toLowerCase()] = text;
    }
    if (/\{[^}]+\}/.test(path)) return fail('INVALID_ARGUMENTS', `missing path parameter in ${path}`);
    let credential: OpenApiCredential | undefined;
    try {
      credential = await this.options.credential?.();
    } catch (error) {
      return fail('PERMISSION_DENIED', errorMessage(error));
    }
    if (credential?.kind === 'apiKey' && credential.in === 'query') query.set(credential.name, credential.value);
    if (credential?.kind === 'apiKey' && credential.in === 'header') headers[credential.name.toLowerCase()] = credential.value;
    if (credential?.kind === 'bearer') headers.authorization = `Bearer ${credential.token}`;
    if (credential?.kind === 'basic') headers.authorization = `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
    let body: string | undefined;
    if (op.body && input.body !== undefined && op.bodyType === 'form') {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries((input.body ?? {}) as Record<string, unknown>))
        if (v !== undefined) form.append(k, Array.isArray(v) ? v.map(scalar).join(',') : scalar(v));
      body = form.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (op.body && input.body !== undefined) {
      body = JSON.stringify(input.body);
      headers['content-type'] = 'application/json';
    }
    const qs = query.toString();
    let url = new URL(`${this.options.baseUrl}${path}${qs ? `?${qs}` : ''}`);
    const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs ?? this.options.timeoutMs ?? 30_000)]);
    const doFetch = this.options.fetch ?? fetch;
    try {
      for (let hop = 0; ; hop += 1) {
        if (!this.options.hosts.includes(url.host))
          return fail('PERMISSION_DENIED', `${url.host} is not a host this pack declared (${this.options.hosts.join(', ')})`);
        const res = await doFetch(url, { method: op.method.toUpperCase(), headers, body, signal, redirect: 'manual' });
        if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
          await res.body?.cancel();
          if (hop >= (this.options.maxRedirects ?? 5)) return fail('API_ERROR', `too many redirects at ${url.href}`);
          url = new URL(res.headers.get('location')!, url);
          continue;
        }
        const text = await readBounded(res, this.options.maxBytes ?? 5 * 1024 * 1024);
        if (text === undefined)
          return fail('TOO_LARGE', `the response of ${op.method.toUpperCase()} ${url.pathname} is over ${this.options.maxBytes ?? 5 * 1024 * 1024} bytes`);
        if (!res.ok)
          return fail(
            res.status === 404 ? 'NOT_FOUND' : res.status === 401 || res.status === 403 ? 'PERMISSION_DENIED' : 'API_ERROR',
            `HTTP ${res.status} from ${op.method.toUpperCase()} ${url.pathname}: ${text.slice(0, 500)}`,
          );
        if (text === '') return { ok: true, value: null };
        if ((res.headers.get('content-type') ?? '').includes('json')) {
          try {
            return { ok: true, value: JSON.parse(text) as unknown };
          } catch {
            return fail('API_ERROR', `the response of ${url.pathname} says JSON but is not`);
          }
        }
        return { ok: true, value: text };
      }
    } catch (error) {
      if (options.signal.aborted) return fail('CANCELLED', 'the call was cancelled');
      if (signal.aborted) return fail('TIMEOUT', `${op.method.toUpperCase()} ${url.pathname} took too long`);
      return fail('UNAVAILABLE', `${url.host} could not be reached: ${errorMessage(error)}`);
    }
  }

  async dispose(): Promise<void> {}
}

/** A parameter value as text: strings as they are, anything else as JSON. */
const scalar = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** The body as text, or undefined past `max` bytes (the rest is not read). */
async function readBounded(res: Response, max: number): Promise<string | undefined> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.length;
    if (size > max) {
      await res.body.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
