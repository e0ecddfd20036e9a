/**
 * A scripted OpenAI-compatible server on 127.0.0.1 speaking the real wire protocol, for tests that
 * drive the real `openai` client (through Switchboard's provider or directly).
 *
 * Endpoints (all under /v1):
 *   POST /chat/completions      JSON reply, or SSE (`stream: true`, with a usage chunk when
 *                               `stream_options.include_usage`), `response_format` passed through as recorded
 *   POST /embeddings            deterministic vectors (or scripted ones)
 *   POST /audio/transcriptions  multipart; the received file bytes are recorded for format checks
 *   GET  /models                the scenario's model ids
 *
 * Use:
 *   const server = await startOpenAiServer({ chat: [{ content: '{"steps":[]}' }], apiKey: 'sk-test-123456789' });
 *   // baseURL: server.baseURL ('http://127.0.0.1:<port>/v1')
 *   server.queueChat({ content: 'hello' }, { error: { status: 429, message: 'slow down' } });
 *   server.chatRequests()[0].messages   // what arrived, parsed
 *   server.requests                     // every request: method, path, headers, body, raw bytes, multipart parts
 *   await server.close();
 *
 * Scripts: `chat` is a queue of replies consumed in order, or a function of (request body, index)
 * returning a reply. An empty queue answers 500 "no scripted reply", so a test that makes an
 * unexpected call fails loudly. The same holds for `transcription` and `embeddings` (which default
 * to deterministic answers when not scripted).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipart, type MultipartPart } from './multipart';

/** The parsed body of POST /v1/chat/completions, as far as tests look at it. */
export interface ChatCompletionBody {
  model: string;
  messages: { role: string; content: string | ({ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: string } })[] }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type: string; json_schema?: { name: string; schema: unknown; strict?: boolean } };
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  stop?: string | string[];
  [key: string]: unknown;
}

export interface ScriptedError {
  status: number;
  message: string;
  type?: string;
  code?: string;
}

/** One scripted chat reply. */
export interface ChatReply {
  /** The assistant text. Streamed in `chunks` when given, else word by word. */
  content?: string;
  chunks?: string[];
  finishReason?: 'stop' | 'length' | 'content_filter';
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Answer with an HTTP error instead. */
  error?: ScriptedError;
  /** Streaming only: destroy the connection after this many content chunks. */
  dropAfterChunks?: number;
  /** Wait before answering (for cancel tests); the wait ends early when the client goes away. */
  delayMs?: number;
  /** Answer a streamed request with one JSON body, as an endpoint that ignores `stream: true` does. */
  ignoreStream?: boolean;
  /** Streaming only: wait this long before each content chunk (a model writing slowly). */
  chunkDelayMs?: number;
  /** Streaming only: after this many content chunks, hold the rest until `open` settles (a test looks at the partial reply meanwhile). */
  holdAfterChunks?: { chunks: number; open: Promise<unknown> };
}

export type TranscriptionReply = { text: string } | { error: ScriptedError };
export type EmbeddingsReply = { vectors: number[][] } | { error: ScriptedError };

export interface TranscriptionRequest {
  model: string;
  fields: Record<string, string>;
  file: MultipartPart;
}

export interface Scenario {
  chat?: ChatReply[] | ((body: ChatCompletionBody, index: number) => ChatReply);
  embeddings?: EmbeddingsReply[] | ((input: string[], model: string) => EmbeddingsReply);
  transcription?: TranscriptionReply[] | ((request: TranscriptionRequest) => TranscriptionReply);
  /** Ids listed by GET /v1/models. */
  models?: string[];
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
  /** The 401 echoes the key it was sent ("Incorrect API key provided: <key>."), as some endpoints do. */
  echoKey?: boolean;
  /** Dimensions of the default deterministic embeddings (8). */
  embeddingDimensions?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined for multipart or empty bodies). */
  body: unknown;
  raw: Buffer;
  /** Multipart parts (audio transcriptions). */
  parts?: MultipartPart[];
}

export interface ScriptedOpenAiServer {
  /** 'http://127.0.0.1:<port>/v1': the baseURL for the openai client. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Bodies of the chat completion requests, in order. */
  chatRequests(): ChatCompletionBody[];
  transcriptionRequests(): TranscriptionRequest[];
  queueChat(...replies: ChatReply[]): void;
  /** Replaces the whole scenario (queues start afresh). */
  script(scenario: Scenario): void;
  close(): Promise<void>;
}

export async function startOpenAiServer(initial: Scenario = {}): Promise<ScriptedOpenAiServer> {
  let scenario: Scenario = initial;
  let chatQueue: ChatReply[] = Array.isArray(initial.chat) ? [...initial.chat] : [];
  let chatIndex = 0;
  const requests: RecordedRequest[] = [];
  const transcriptions: TranscriptionRequest[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      handle(req, res, raw).catch((error: unknown) => {
        if (!res.headersSent) sendError(res, { status: 500, message: `scripted server failed: ${String(error)}` });
        else res.destroy();
      });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const contentType = req.headers['content-type'] ?? '';
    const record: RecordedRequest = { method: req.method ?? 'GET', path, headers: { ...req.headers }, body: undefined, raw };
    if (contentType.startsWith('multipart/form-data')) record.parts = parseMultipart(raw, contentType);
    else if (raw.length > 0) record.body = JSON.parse(raw.toString('utf8'));
    requests.push(record);

    if (scenario.apiKey !== undefined && req.headers.authorization !== `Bearer ${scenario.apiKey}`) {
      const sent = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      const message = scenario.echoKey
        ? `Incorrect API key provided: ${sent}. You can find your API key at https://example.invalid/keys.`
        : 'Incorrect API key provided.';
      return sendError(res, { status: 401, message, type: 'invalid_request_error', code: 'invalid_api_key' });
    }
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, {
        object: 'list',
        data: (scenario.models ?? ['scripted-model']).map((id) => ({ id, object: 'model', created: 0, owned_by: 'scripted' })),
      });
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') return chat(req, res, record.body as ChatCompletionBody);
    if (req.method === 'POST' && path === '/v1/embeddings') return embeddings(res, record.body as { input: string | string[]; model: string });
    if (req.method === 'POST' && path === '/v1/audio/transcriptions') return transcription(res, record.parts ?? []);
    return sendError(res, { status: 404, message: `scripted server: no route ${req.method} ${path}` });
  }

  async function chat(req: IncomingMessage, res: ServerResponse, body: ChatCompletionBody): Promise<void> {
    const index = chatIndex++;
    const reply = typeof scenario.chat === 'function' ? scenario.chat(body, index) : chatQueue.shift();
    if (!reply) return sendError(res, { status: 500, message: `scripted server: no scripted reply for chat request ${index}` });
    if (reply.delayMs) await wait(reply.delayMs, req);
    if (reply.error) return sendError(res, reply.error);
    const content = reply.content ?? reply.chunks?.join('') ?? '';
    const pieces = reply.chunks ?? content.split(/(?<= )/);
    const usage = reply.usage ?? { prompt_tokens: Math.ceil(JSON.stringify(body.messages).length / 4), completion_tokens: pieces.length };
    const id = `chatcmpl-${index}`;
    const created = Math.floor(Date.now() / 1000);
    const finish = reply.finishReason ?? 'stop';
    if (!body.stream || reply.ignoreStream) {
      return sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: finish, logprobs: null }],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (delta: object, finishReason: string | null, extra: object = {}) =>
      res.write(
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }], ...extra })}\n\n`,
      );
    chunk({ role: 'assistant', content: '' }, null);
    for (const [i, piece] of pieces.entries()) {
      if (reply.dropAfterChunks !== undefined && i >= reply.dropAfterChunks) {
        res.socket?.destroy();
        return;
      }
      if (reply.holdAfterChunks && i === reply.holdAfterChunks.chunks) await Promise.race([reply.holdAfterChunks.open, closedOf(req)]);
      if (reply.chunkDelayMs) await wait(reply.chunkDelayMs, req);
      if (res.destroyed) return;
      chunk({ content: piece }, null);
    }
    chunk({}, finish);
    if (body.stream_options?.include_usage) {
      res.write(
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } })}\n\n`,
      );
    }
    res.end('data: [DONE]\n\n');
  }

  function embeddings(res: ServerResponse, body: { input: string | string[]; model: string }): void {
    const input = Array.isArray(body.input) ? body.input : [body.input];
    let reply: EmbeddingsReply | undefined;
    if (typeof scenario.embeddings === 'function') reply = scenario.embeddings(input, body.model);
    else if (Array.isArray(scenario.embeddings)) reply = scenario.embeddings.shift();
    else reply = { vectors: input.map((text) => deterministicVector(text, scenario.embeddingDimensions ?? 8)) };
    if (!reply) return sendError(res, { status: 500, message: 'scripted server: no scripted embeddings reply' });
    if ('error' in reply) return sendError(res, reply.error);
    const tokens = input.reduce((n, t) => n + Math.ceil(t.length / 4), 0);
    sendJson(res, 200, {
      object: 'list',
      model: body.model,
      data: reply.vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  function transcription(res: ServerResponse, parts: MultipartPart[]): void {
    const file = parts.find((p) => p.name === 'file');
    if (!file) return sendError(res, { status: 400, message: 'scripted server: no file part' });
    const fields = Object.fromEntries(parts.filter((p) => p.filename === undefined).map((p) => [p.name, p.data.toString('utf8')]));
    const request: TranscriptionRequest = { model: fields.model ?? '', fields, file };
    transcriptions.push(request);
    let reply: TranscriptionReply | undefined;
    if (typeof scenario.transcription === 'function') reply = scenario.transcription(request);
    else if (Array.isArray(scenario.transcription)) reply = scenario.transcription.shift();
    if (!reply) return sendError(res, { status: 500, message: 'scripted server: no scripted transcription reply' });
    if ('error' in reply) return sendError(res, reply.error);
    if (fields.response_format === 'text') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(reply.text);
      return;
    }
    sendJson(res, 200, { text: reply.text });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as ChatCompletionBody),
    transcriptionRequests: () => [...transcriptions],
    queueChat: (...replies) => void chatQueue.push(...replies),
    script(next) {
      scenario = next;
      chatQueue = Array.isArray(next.chat) ? [...next.chat] : [];
      chatIndex = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The default embedding of a text: a unit vector from its SHA-256, the same on every run. */
export function deterministicVector(text: string, dimensions: number): number[] {
  const bytes = createHash('sha256').update(text).digest();
  const v = Array.from({ length: dimensions }, (_, i) => (bytes[i % bytes.length]! - 127.5) / 127.5);
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, error: ScriptedError): void {
  sendJson(res, error.status, { error: { message: error.message, type: error.type ?? 'scripted_error', code: error.code ?? null, param: null } });
}

function closedOf(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => (req.socket.destroyed ? resolve() : req.socket.once('close', () => resolve())));
}

function wait(ms: number, req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      req.socket.off('close', onClose);
      resolve();
    }, ms);
    req.socket.once('close', onClose);
  });
}
