import { z } from 'zod';
import { estimateTokens, ModelError, type ChatResult, type FinishReason } from '../provider';

/**
 * Reads a streamed chat completion (server-sent events) from the raw HTTP response, with bounds the
 * openai client's own stream lacks: one event at most `maxEventChars`, the reply at most `maxReplyChars`,
 * and no more than `idleMs` without a byte (the endpoint's time-out, which otherwise covers only the headers).
 * An endpoint that ignores `stream: true` and answers one JSON body is read as that body.
 */

export interface ChatStreamOptions {
  /** The model asked for (the reply's own name wins when it sends one). */
  model: string;
  /** Prompt tokens to report when the endpoint sends no usage. */
  promptTokens: () => number;
  onToken: (text: string) => void;
  signal?: AbortSignal;
  /** Longest silence allowed between bytes (keep-alive comments count as bytes). */
  idleMs: number;
  /** The request's reply budget: a reply far longer than it means the endpoint ignored it. */
  maxTokens?: number;
  /** Bounds for tests; the defaults are generous for any real reply. */
  maxEventChars?: number;
  maxReplyChars?: number;
  /** After the finish reason, how long to wait for `[DONE]` before taking the reply as complete. */
  doneGraceMs?: number;
}

export const MAX_EVENT_CHARS = 1 << 20;
/** No real token is longer than this many characters: a reply longer than maxTokens of them ran past its budget. */
export const MAX_CHARS_PER_TOKEN = 16;
const MAX_REPLY_CHARS = 4_000_000;
const DONE_GRACE_MS = 2_000;

const chunkSchema = z.object({
  model: z.string().optional(),
  choices: z.array(z.object({ delta: z.object({ content: z.string().nullish() }).nullish(), finish_reason: z.string().nullish() })).nullish(),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish(),
  error: z.object({ message: z.string().optional() }).loose().nullish(),
});

const completionSchema = z.object({
  model: z.string().optional(),
  choices: z.array(z.object({ message: z.object({ content: z.string().nullish() }), finish_reason: z.string().nullish() })).min(1),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish(),
});

export function finishReasonOf(reason: string | null | undefined): FinishReason {
  return reason === 'stop' || reason === 'length' || reason === 'content_filter' ? reason : reason === 'tool_calls' ? 'other' : 'stop';
}

export async function readChatStream(response: Response, options: ChatStreamOptions): Promise<ChatResult> {
  const type = (response.headers.get('content-type') ?? '').toLowerCase();
  if (!response.body) throw new ModelError('BAD_RESPONSE', 'the endpoint answered the streamed request with no body');
  const bytes = new ByteReader(response.body, options);
  try {
    if (type.includes('json')) return await readJsonBody(bytes, options);
    if (type !== '' && !type.includes('text/event-stream'))
      throw new ModelError('BAD_RESPONSE', `the endpoint answered a streamed request with ${type}, not text/event-stream`);
    return await readEvents(bytes, options);
  } finally {
    await bytes.close();
  }
}

/** The fallback: an endpoint that ignored `stream` sent one chat.completion body. */
async function readJsonBody(bytes: ByteReader, options: ChatStreamOptions): Promise<ChatResult> {
  const limit = replyLimit(options) * 2 + MAX_EVENT_CHARS;
  const decoder = new TextDecoder();
  let text = '';
  for (let piece = await bytes.next(); piece; piece = await bytes.next()) {
    text += decoder.decode(piece, { stream: true });
    if (text.length > limit) throw new ModelError('BAD_RESPONSE', `the endpoint's reply is longer than ${limit} characters`);
  }
  text += decoder.decode();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ModelError('BAD_RESPONSE', `the endpoint's reply is not JSON: ${text.trim().slice(0, 200)}`);
  }
  const parsed = completionSchema.safeParse(value);
  if (!parsed.success) throw new ModelError('BAD_RESPONSE', `the endpoint's reply is not a chat completion: ${text.trim().slice(0, 200)}`);
  const choice = parsed.data.choices[0]!;
  const content = choice.message.content ?? '';
  if (content.length > replyLimit(options)) throw tooLong(options);
  if (content) options.onToken(content);
  const usage = parsed.data.usage;
  return {
    text: content,
    usage: usage
      ? { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens }
      : { promptTokens: options.promptTokens(), completionTokens: estimateTokens(content) },
    finishReason: finishReasonOf(choice.finish_reason),
    model: parsed.data.model || options.model,
  };
}

async function readEvents(bytes: ByteReader, options: ChatStreamOptions): Promise<ChatResult> {
  const events = new SseParser(options.maxEventChars ?? MAX_EVENT_CHARS);
  const decoder = new TextDecoder();
  const limit = replyLimit(options);
  let text = '';
  let model = options.model;
  let finish: string | undefined;
  let usage: ChatResult['usage'] | undefined;
  let done = false;
  const take = (data: string) => {
    if (data.trim() === '[DONE]') return void (done = true);
    const chunk = parseChunk(data);
    if (chunk.error)
      throw new ModelError('UNAVAILABLE', `the endpoint reported an error mid-stream: ${chunk.error.message ?? JSON.stringify(chunk.error).slice(0, 200)}`);
    model = chunk.model || model;
    if (chunk.usage) usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
    const choice = chunk.choices?.[0];
    const piece = choice?.delta?.content;
    if (piece) {
      text += piece;
      if (text.length > limit) throw tooLong(options);
      options.onToken(piece);
    }
    if (choice?.finish_reason) finish = choice.finish_reason;
  };
  while (!done) {
    // Once the reply has finished, a missing [DONE] costs a short wait, not the whole time-out.
    const piece = await bytes.next(finish ? Math.min(options.doneGraceMs ?? DONE_GRACE_MS, options.idleMs) : undefined);
    if (piece === 'idle') break;
    if (!piece) {
      for (const data of events.end(decoder.decode())) take(data);
      break;
    }
    for (const data of events.feed(decoder.decode(piece, { stream: true }))) {
      take(data);
      if (done) break;
    }
  }
  if (!done && !finish)
    throw new ModelError(
      'UNAVAILABLE',
      `the endpoint closed the stream before the reply was complete (no finish reason and no [DONE] after ${text.length} characters)`,
    );
  usage ??= { promptTokens: options.promptTokens(), completionTokens: estimateTokens(text) };
  return { text, usage, finishReason: finishReasonOf(finish), model };
}

function parseChunk(data: string): z.infer<typeof chunkSchema> {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    throw new ModelError('BAD_RESPONSE', `the endpoint sent a stream event that is not JSON: ${data.slice(0, 120)}`);
  }
  const parsed = chunkSchema.safeParse(value);
  if (!parsed.success) throw new ModelError('BAD_RESPONSE', `the endpoint sent a stream event that is not a chat completion chunk: ${data.slice(0, 120)}`);
  return parsed.data;
}

function replyLimit(options: ChatStreamOptions): number {
  return Math.min(options.maxReplyChars ?? MAX_REPLY_CHARS, options.maxTokens !== undefined ? Math.max(options.maxTokens, 1) * MAX_CHARS_PER_TOKEN : Infinity);
}

function tooLong(options: ChatStreamOptions): ModelError {
  const what =
    options.maxTokens !== undefined ? `max_tokens (${options.maxTokens}) allows: the endpoint ignored the limit` : `${replyLimit(options)} characters`;
  return new ModelError('BAD_RESPONSE', `the reply ran longer than ${what}`);
}

/**
 * Server-sent events (the WHATWG rules a chat stream uses): lines end in LF, CRLF or CR, `data:` lines
 * join with LF, a blank line ends an event, comments and other fields are skipped. Bounded: a line or
 * event longer than `maxChars` is an error, so a server that never ends a line cannot grow memory.
 */
export class SseParser {
  private line = '';
  private data: string[] = [];
  private dataChars = 0;
  private carriageReturn = false;

  constructor(private readonly maxChars: number) {}

  feed(text: string): string[] {
    const out: string[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      // The LF of a CRLF split across two reads.
      if (c === 10 && this.carriageReturn && i === start && this.line === '') {
        this.carriageReturn = false;
        start = i + 1;
        continue;
      }
      this.append(text.slice(start, i));
      this.endLine(out);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i += 1;
      this.carriageReturn = c === 13 && i === text.length - 1;
      start = i + 1;
    }
    if (start < text.length) {
      this.carriageReturn = false;
      this.append(text.slice(start));
    }
    return out;
  }

  /** The stream ended: an event not closed by a blank line is still taken (a lenient server's last event). */
  end(text = ''): string[] {
    const out = this.feed(text);
    if (this.line) this.endLine(out);
    if (this.data.length > 0) out.push(this.data.join('\n'));
    this.data = [];
    this.dataChars = 0;
    return out;
  }

  private append(piece: string): void {
    this.line += piece;
    if (this.line.length + this.dataChars > this.maxChars)
      throw new ModelError('BAD_RESPONSE', `the endpoint sent a stream event longer than ${this.maxChars} characters`);
  }

  private endLine(out: string[]): void {
    const line = this.line;
    this.line = '';
    if (line === '') {
      if (this.data.length > 0) out.push(this.data.join('\n'));
      this.data = [];
      this.dataChars = 0;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    if (field !== 'data') return;
    const value = colon < 0 ? '' : line.slice(colon + (line.charCodeAt(colon + 1) === 32 ? 2 : 1));
    this.data.push(value);
    this.dataChars += value.length + 1;
  }
}

/** The body's bytes, each read bounded by the idle time-out and the caller's signal. */
class ByteReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(
    body: ReadableStream<Uint8Array>,
    private readonly options: Pick<ChatStreamOptions, 'idleMs' | 'signal'>,
  ) {
    this.reader = body.getReader();
  }

  /** The next bytes, undefined at the end, or 'idle' when `graceMs` passed first (only when given). */
  async next(): Promise<Uint8Array | undefined>;
  async next(graceMs?: number): Promise<Uint8Array | undefined | 'idle'>;
  async next(graceMs?: number): Promise<Uint8Array | undefined | 'idle'> {
    const { signal, idleMs } = this.options;
    if (signal?.aborted) throw cancelled();
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<'idle'>((resolve, reject) => {
      timer = setTimeout(
        () =>
          graceMs !== undefined
            ? resolve('idle')
            : reject(new ModelError('UNAVAILABLE', `the endpoint sent nothing for ${Math.round(idleMs / 1000)} s in the middle of its reply (the time-out)`)),
        graceMs ?? idleMs,
      );
      onAbort = () => reject(cancelled());
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const read = this.reader.read().then((r) => (r.done ? undefined : r.value));
      return await Promise.race([read, stop]);
    } catch (error) {
      if (signal?.aborted) throw cancelled();
      if (error instanceof ModelError) throw error;
      throw new ModelError('UNAVAILABLE', `the connection broke in the middle of the reply: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Releases the connection (a server still sending after [DONE] or an error is cut off). */
  async close(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }
}

function cancelled(): ModelError {
  return new ModelError('CANCELLED', 'the model call was cancelled');
}
