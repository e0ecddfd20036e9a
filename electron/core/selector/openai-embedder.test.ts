import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiEmbedder } from './openai-embedder';

/** A loopback OpenAI-compatible /v1/embeddings endpoint: 3-d vectors from letter counts. */
function fakeEndpoint(): Promise<{ server: Server; url: string; requests: unknown[] }> {
  const requests: unknown[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const parsed = JSON.parse(body) as { input: string[]; model: string };
      requests.push({ url: req.url, auth: req.headers.authorization, ...parsed });
      if (parsed.model === 'broken') {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'model crashed' } }));
        return;
      }
      const data = parsed.input.map((text, index) => ({ object: 'embedding', index, embedding: [text.length, (text.match(/a/g) ?? []).length, 1] })).reverse();
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ object: 'list', data, model: parsed.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, requests })),
  );
}

describe('OpenAiEmbedder', () => {
  let endpoint: Awaited<ReturnType<typeof fakeEndpoint>>;
  beforeEach(async () => (endpoint = await fakeEndpoint()));
  afterEach(() => new Promise<void>((resolve) => endpoint.server.close(() => resolve())));

  it('learns the dimension, batches, restores order and normalizes through the real openai client', async () => {
    const embedder = await OpenAiEmbedder.open({ baseURL: endpoint.url, apiKey: 'sk-test', model: 'nomic-embed-text', batchSize: 2 });
    expect(embedder.dimension).toBe(3);
    expect(embedder.id).toBe('openai:nomic-embed-text');
    const vectors = await embedder.embed(['a', 'banana', '']);
    expect(vectors).toHaveLength(3);
    const [a, banana] = vectors;
    expect(Math.hypot(...a!)).toBeCloseTo(1);
    expect(banana![1]! / banana![0]!).toBeCloseTo(3 / 6);
    expect(endpoint.requests.at(-1)).toMatchObject({ url: '/v1/embeddings', auth: 'Bearer sk-test', input: [' '] });
    expect(endpoint.requests).toHaveLength(3); // probe + two batches
  });

  it('throws when the endpoint fails or is unreachable', async () => {
    const broken = await OpenAiEmbedder.open({ baseURL: endpoint.url, model: 'broken', dimension: 3 });
    await expect(broken.embed(['x'])).rejects.toThrow(/model crashed|500/);
    const gone = await OpenAiEmbedder.open({ baseURL: 'http://127.0.0.1:1/v1', model: 'm', dimension: 3, timeoutMs: 2000 });
    await expect(gone.embed(['x'])).rejects.toThrow();
  });
});
