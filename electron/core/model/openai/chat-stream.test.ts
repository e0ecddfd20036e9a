import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isModelError, type ChatRequest, type ModelError } from '../provider';
import { SseParser } from './chat-stream';
import { OpenAiProvider } from './openai-provider';

/** A raw HTTP server on 127.0.0.1 whose handler writes exactly the bytes a test wants, split as it wants. */
type Handler = (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) => void | Promise<void>;
let server: Server | undefined;
let closed: Promise<void> | undefined;
const sockets = new Set<Socket>();

async function serve(handler: Handler): Promise<string> {
  let onClose!: () => void;
  closed = new Promise((resolve) => (onClose = resolve));
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => void handler(req, res, JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') as Record<string, unknown>));
    res.on('close', onClose);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

afterEach(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function provider(baseURL: string, timeoutMs = 10_000): OpenAiProvider {
  return new OpenAiProvider({
    baseURL,
    models: { planner: 'm' },
    capabilities: { vision: false, jsonSchema: true, embeddings: false, transcription: false },
    maxRetries: 0,
    timeoutMs,
  });
}

const event = (delta: object, finish: string | null = null, extra: object = {}) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'served-model', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
const sseHead = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/event-stream' });
const tick = () => new Promise((resolve) => setTimeout(resolve, 15));

async function failure(work: Promise<unknown>): Promise<ModelError> {
  try {
    await work;
  } catch (error) {
    if (isModelError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const ask = (extra: Partial<ChatRequest> = {}): ChatRequest & { tokens: string[] } => {
  const tokens: string[] = [];
  return { messages: [{ role: 'user', content: 'write' }], onToken: (t) => tokens.push(t), tokens, ...extra };
};

describe('streamed chat completions over real HTTP', () => {
  it('reads a well-formed stream: pieces in order, usage and the served model name', async () => {
    const url = await serve((_req, res, body) => {
      expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
      sseHead(res);
      res.write(': keep-alive\n\n');
      res.write(event({ role: 'assistant', content: '' }));
      for (const piece of ['{"program":', '"await x()"', ',"summary":"s"}']) res.write(event({ content: piece }));
      res.write(event({}, 'stop'));
      res.write(`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 9 } })}\n\n`);
      res.end('data: [DONE]\n\n');
    });
    const request = ask({ jsonSchema: { name: 'program', schema: { type: 'object' } } });
    const result = await provider(url).chat(request);
    expect(request.tokens).toEqual(['{"program":', '"await x()"', ',"summary":"s"}']);
    expect(result).toMatchObject({
      text: '{"program":"await x()","summary":"s"}',
      json: { program: 'await x()', summary: 's' },
      usage: { promptTokens: 7, completionTokens: 9 },
      finishReason: 'stop',
      model: 'served-model',
    });
  });

  it('reassembles events split at odd places across TCP writes: inside a line, a CRLF, a UTF-8 character', async () => {
    const text = 'Grüße — 東京 ✓ done';
    const bytes = Buffer.from(
      [event({ content: text.slice(0, 8) }), event({ content: text.slice(8) }), event({}, 'stop'), 'data: [DONE]\n\n'].join('').replace(/\n/g, '\r\n'),
    );
    const url = await serve(async (_req, res) => {
      sseHead(res);
      res.flushHeaders();
      // Three-byte writes, each its own TCP segment: cuts inside "data:", inside CRLF and inside multi-byte characters.
      for (let i = 0; i < bytes.length; i += 3) {
        res.write(bytes.subarray(i, i + 3));
        if (i % 30 === 0) await tick();
      }
      res.end();
    });
    const request = ask();
    const result = await provider(url).chat(request);
    expect(result.text).toBe(text);
    expect(request.tokens.join('')).toBe(text);
  });

  it('falls back to one JSON body when the endpoint ignores stream: true', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'x',
          object: 'chat.completion',
          model: 'plain',
          choices: [{ index: 0, message: { role: 'assistant', content: '{"a":1}' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 3, completion_tokens: 4 },
        }),
      );
    });
    const request = ask({ jsonSchema: { name: 'o', schema: { type: 'object' } } });
    const result = await provider(url).chat(request);
    expect(result).toMatchObject({ text: '{"a":1}', json: { a: 1 }, usage: { promptTokens: 3, completionTokens: 4 }, model: 'plain' });
    expect(request.tokens).toEqual(['{"a":1}']);
  });

  it('a malformed event is a clear BAD_RESPONSE', async () => {
    const url = await serve((_req, res) => {
      sseHead(res);
      res.write(event({ content: 'ok ' }));
      res.write('data: {"choices": [{"delta": {"content": "bro\n\n');
      // The connection stays open: the error must not wait for it.
    });
    const error = await failure(provider(url).chat(ask()));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.message).toMatch(/stream event that is not JSON/);
  });

  it('an event that is JSON but not a chunk is a clear BAD_RESPONSE', async () => {
    const url = await serve((_req, res) => {
      sseHead(res);
      res.end('data: {"choices": "nope"}\n\n');
    });
    expect((await failure(provider(url).chat(ask()))).message).toMatch(/not a chat completion chunk/);
  });

  it('an error object mid-stream is reported with the server message', async () => {
    const url = await serve((_req, res) => {
      sseHead(res);
      res.write(event({ content: 'a' }));
      res.end(`data: ${JSON.stringify({ error: { message: 'the GPU fell over' } })}\n\n`);
    });
    const error = await failure(provider(url).chat(ask()));
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    expect(error.message).toContain('the GPU fell over');
  });

  it('a stream closed early (no finish reason, no [DONE]) is UNAVAILABLE, not a short reply', async () => {
    const url = await serve((_req, res) => {
      sseHead(res);
      res.write(event({ content: '{"program":"aw' }));
      res.end();
    });
    const error = await failure(provider(url).chat(ask()));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/closed the stream before the reply was complete/);
  });

  it('a connection destroyed mid-reply is UNAVAILABLE', async () => {
    const url = await serve(async (_req, res) => {
      sseHead(res);
      res.write(event({ content: 'half' }));
      await tick();
      res.socket?.destroy();
    });
    expect((await failure(provider(url).chat(ask()))).code).toBe('UNAVAILABLE');
  });

  it('a stalled stream ends at the time-out instead of hanging', async () => {
    const url = await serve((_req, res) => {
      sseHead(res);
      res.write(event({ content: 'started' }));
    });
    const started = Date.now();
    const error = await failure(provider(url, 400).chat(ask()));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/sent nothing for .* \(the time-out\)/);
    expect(Date.now() - started).toBeLessThan(8_000);
    await closed;
  });

  it('keep-alive comments are not silence; a finished reply whose [DONE] never comes is taken after a short wait', async () => {
    const url = await serve(async (_req, res) => {
      sseHead(res);
      for (let i = 0; i < 4; i++) {
        res.write(': keep-alive\n\n');
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      res.write(event({ content: 'complete' }, 'stop'));
      // No [DONE] and the connection stays open.
    });
    const result = await provider(url, 400).chat(ask());
    expect(result).toMatchObject({ text: 'complete', finishReason: 'stop' });
  });

  it('cancelling mid-stream rejects CANCELLED at once and closes the connection', async () => {
    const controller = new AbortController();
    const url = await serve((_req, res) => {
      sseHead(res);
      res.write(event({ content: 'first' }));
    });
    const request = ask({ signal: controller.signal, onToken: () => controller.abort() });
    const error = await failure(provider(url).chat(request));
    expect(error.code).toBe('CANCELLED');
    await closed;
  });

  it('a reply far past max_tokens (an endpoint that ignores the limit) is refused while it streams', async () => {
    let written = 0;
    const url = await serve(async (_req, res) => {
      sseHead(res);
      for (; written < 200 && !res.destroyed; written++) {
        res.write(event({ content: 'x'.repeat(50) }));
        await tick();
      }
      res.end();
    });
    const error = await failure(provider(url).chat(ask({ maxTokens: 20 })));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.message).toMatch(/ran longer than max_tokens \(20\)/);
    await closed;
    expect(written).toBeLessThan(200);
  });

  it('a JSON reply cut at max_tokens says so', async () => {
    const url = await serve((_req, res) => {
      sseHead(res);
      res.write(event({ content: '{"program":"await a();' }));
      res.write(event({}, 'length'));
      res.end('data: [DONE]\n\n');
    });
    const error = await failure(provider(url).chat(ask({ maxTokens: 30, jsonSchema: { name: 'o', schema: { type: 'object' } } })));
    expect(error.message).toMatch(/reached its budget of 30 tokens before its JSON was complete/);
  });

  it('a reply of another content type is refused', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>proxy login</html>');
    });
    expect((await failure(provider(url).chat(ask()))).message).toMatch(/text\/html, not text\/event-stream/);
  });
});

describe('SseParser', () => {
  it('joins data lines, skips comments and other fields, and accepts LF, CR and CRLF', () => {
    const parser = new SseParser(1000);
    expect(parser.feed('event: x\ndata: a\ndata:b\r\n\r\n: note\rdata: c\r\r')).toEqual(['a\nb', 'c']);
    expect(parser.end('data: tail')).toEqual(['tail']);
  });

  it('takes a CRLF split across two reads as one line end, not a blank line', () => {
    const parser = new SseParser(1000);
    expect(parser.feed('data: a\r')).toEqual([]);
    expect(parser.feed('\ndata: b\r')).toEqual([]);
    expect(parser.feed('\n\r\n')).toEqual(['a\nb']);
  });

  it('refuses a line longer than its bound, even one that never ends', () => {
    const parser = new SseParser(64);
    expect(() => {
      for (let i = 0; i < 10; i++) parser.feed(`data: ${'y'.repeat(20)}`);
    }).toThrow(/longer than 64 characters/);
  });
});
