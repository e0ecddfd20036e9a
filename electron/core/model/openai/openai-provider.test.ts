import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deterministicVector, startOpenAiServer, type ScriptedOpenAiServer } from '../../../../test/helpers/openai-server';
import { sharedModel } from '../../../../test/helpers/shared-models';
import { isModelError, type ModelErrorCode } from '../provider';
import { OpenAiProvider, type OpenAiProviderOptions } from './openai-provider';

let server: ScriptedOpenAiServer;
beforeEach(async () => (server = await startOpenAiServer()));
afterEach(() => server.close());

const KEY = 'sk-test-0123456789abcdef';

function provider(overrides: Partial<OpenAiProviderOptions> = {}): OpenAiProvider {
  return new OpenAiProvider({
    baseURL: server.baseURL,
    apiKey: KEY,
    models: { planner: 'plan-model', coder: 'code-model', vision: 'see-model', embeddings: 'embed-model', transcription: 'whisper-x' },
    capabilities: { vision: true, jsonSchema: true, embeddings: true, transcription: true },
    maxRetries: 0,
    ...overrides,
  });
}

async function codeOf(work: Promise<unknown>): Promise<ModelErrorCode | 'resolved'> {
  try {
    await work;
    return 'resolved';
  } catch (error) {
    if (isModelError(error)) return error.code;
    throw error;
  }
}

describe('OpenAiProvider against the scripted server', () => {
  it('streams tokens in order and reports the usage the server sent', async () => {
    server.queueChat({ chunks: ['Hel', 'lo', ' there'], usage: { prompt_tokens: 11, completion_tokens: 3 } });
    const tokens: string[] = [];
    const result = await provider().chat({
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi' },
      ],
      onToken: (t) => tokens.push(t),
      stop: ['\n\n'],
    });
    expect(tokens).toEqual(['Hel', 'lo', ' there']);
    expect(result).toMatchObject({ text: 'Hello there', usage: { promptTokens: 11, completionTokens: 3 }, finishReason: 'stop', model: 'plan-model' });
    const [body] = server.chatRequests();
    expect(body).toMatchObject({ model: 'plan-model', stream: true, stream_options: { include_usage: true }, stop: ['\n\n'] });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('asks for JSON-schema output and parses the reply', async () => {
    const schema = { type: 'object', properties: { steps: { type: 'array', items: { type: 'string' } } }, required: ['steps'], additionalProperties: false };
    server.queueChat({ content: '{"steps":["open","edit"]}', finishReason: 'stop' });
    const result = await provider().chat({
      role: 'coder',
      messages: [{ role: 'user', content: 'plan' }],
      jsonSchema: { name: 'outline', schema },
      maxTokens: 50,
      temperature: 0,
    });
    expect(result.json).toEqual({ steps: ['open', 'edit'] });
    expect(server.chatRequests()[0]).toMatchObject({
      model: 'code-model',
      max_tokens: 50,
      temperature: 0,
      response_format: { type: 'json_schema', json_schema: { name: 'outline', schema, strict: true } },
    });
  });

  it('reports a reply that is not the JSON asked for', async () => {
    server.queueChat({ content: 'Sure! Here is the plan:' });
    expect(await codeOf(provider().chat({ messages: [{ role: 'user', content: 'x' }], jsonSchema: { name: 'o', schema: { type: 'object' } } }))).toBe(
      'BAD_RESPONSE',
    );
  });

  it('sends images as image_url parts to the vision model, and refuses them without vision', async () => {
    const png = `data:image/png;base64,${Buffer.from('not really a png').toString('base64')}`;
    server.queueChat({ content: 'a chart' });
    await provider().chat({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this?' },
            { type: 'image', url: png, detail: 'low' },
          ],
        },
      ],
    });
    const [body] = server.chatRequests();
    expect(body?.model).toBe('see-model');
    expect(body?.messages[0]?.content).toEqual([
      { type: 'text', text: 'what is this?' },
      { type: 'image_url', image_url: { url: png, detail: 'low' } },
    ]);

    const blind = provider({ capabilities: { vision: false, jsonSchema: true, embeddings: true, transcription: true } });
    expect(await codeOf(blind.chat({ messages: [{ role: 'user', content: [{ type: 'image', url: png }] }] }))).toBe('UNSUPPORTED');
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('embeds a batch in order', async () => {
    const result = await provider().embed({ input: ['alpha', 'beta'] });
    expect(result.vectors).toEqual([deterministicVector('alpha', 8), deterministicVector('beta', 8)]);
    expect(result.model).toBe('embed-model');
    expect(server.requests[0]?.body).toMatchObject({ model: 'embed-model', input: ['alpha', 'beta'], encoding_format: 'float' });
  });

  it('uploads the audio bytes unchanged for transcription (a 16 kHz mono 16-bit WAV arrives as such)', async () => {
    const wav = await readFile(sharedModel('jfk.wav'));
    server.script({ transcription: [{ text: 'ask not what your country can do for you' }] });
    const result = await provider().transcribe({ audio: wav, fileName: 'jfk.wav', language: 'en' });
    expect(result.text).toContain('ask not');
    const [request] = server.transcriptionRequests();
    expect(request?.model).toBe('whisper-x');
    expect(request?.fields.language).toBe('en');
    const got = request!.file.data;
    expect(Buffer.compare(got, wav)).toBe(0);
    expect(got.toString('ascii', 0, 4)).toBe('RIFF');
    expect(got.toString('ascii', 8, 12)).toBe('WAVE');
    expect({ channels: got.readUInt16LE(22), rate: got.readUInt32LE(24), bits: got.readUInt16LE(34) }).toEqual({ channels: 1, rate: 16_000, bits: 16 });
  });

  it('maps HTTP errors to codes: a wrong key is AUTH, 429 is RATE_LIMITED, 500 is UNAVAILABLE', async () => {
    server.script({ apiKey: 'sk-the-right-one-123456', chat: [] });
    expect(await codeOf(provider().chat({ messages: [{ role: 'user', content: 'x' }] }))).toBe('AUTH');
    server.script({ chat: [{ error: { status: 429, message: 'slow down' } }, { error: { status: 500, message: 'boom' } }] });
    expect(await codeOf(provider().chat({ messages: [{ role: 'user', content: 'x' }] }))).toBe('RATE_LIMITED');
    expect(await codeOf(provider().chat({ messages: [{ role: 'user', content: 'x' }] }))).toBe('UNAVAILABLE');
  });

  it('cancels a call in flight through the AbortSignal', async () => {
    server.queueChat({ content: 'late', delayMs: 10_000 });
    const controller = new AbortController();
    const call = provider().chat({ messages: [{ role: 'user', content: 'x' }], signal: controller.signal, onToken: () => undefined });
    setTimeout(() => controller.abort(), 50);
    expect(await codeOf(call)).toBe('CANCELLED');
  });

  it('fails a stream the server drops half way instead of returning part of it as complete', async () => {
    server.queueChat({ chunks: ['a ', 'b ', 'c '], dropAfterChunks: 1 });
    const code = await codeOf(provider().chat({ messages: [{ role: 'user', content: 'x' }], onToken: () => undefined }));
    expect(code).toBe('UNAVAILABLE');
  });

  it('lists the endpoint’s models (the connection test) and says which role lacks a model', async () => {
    server.script({ models: ['m1', 'm2'] });
    expect(await provider().listModels()).toEqual(['m1', 'm2']);
    expect(await codeOf(provider({ models: {} }).chat({ messages: [{ role: 'user', content: 'x' }] }))).toBe('NOT_CONFIGURED');
  });
});
