import { request as httpRequest } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../electron/hosts/web-host';
import { testCore } from '../helpers/core';
import { openClient, type RawClient } from '../helpers/ws-client';

let env: Awaited<ReturnType<typeof testCore>>;
let host: WebHost;
const clients: RawClient[] = [];

beforeEach(async () => {
  env = await testCore();
  const rendererDir = join(env.home, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Switchboard</title>');
  host = await startWebHost({ core: env.core, rendererDir, limits: { maxRequestBytes: 64 * 1024, requestsPerSecond: 50, requestBurst: 20 } });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await host.close();
  await env.close();
});

const origin = (): string => `http://127.0.0.1:${host.port}`;
const wsUrl = (token = host.token): string => `ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(token)}`;
async function connect(): Promise<RawClient> {
  const client = await openClient(wsUrl(), { Origin: origin() });
  clients.push(client);
  return client;
}

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser host', () => {
  it('binds to 127.0.0.1 with a random port and a token in the URL', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=.{20,}$`));
    expect(host.port).toBeGreaterThan(0);
  });

  it('serves the renderer with a CSP and refuses traversal and foreign Host headers', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await get('/../../etc/passwd')).status).toBe(404);
    expect((await get('/', { Host: 'evil.example' })).status).toBe(421);
  });

  it('round-trips a chat message and pushes subscribed events', async () => {
    const client = await connect();
    expect(await client.request('events.subscribe', { events: ['chat.message'] })).toEqual({ ok: true, value: { events: ['chat.message'] } });
    const reply = await client.request('chat.send', { text: 'hello' });
    expect(reply).toMatchObject({ ok: true, value: { reply: { role: 'assistant', text: expect.stringMatching(/^No model is set up yet/) } } });
    const event = await client.next((f) => f.type === 'event' && (f.payload as { role?: string }).role === 'assistant');
    expect(event).toMatchObject({ event: 'chat.message', payload: { text: expect.stringMatching(/^No model is set up yet/) } });
  });

  it('refuses a wrong token (401), a wrong Origin (403), no Origin, and a wrong path', async () => {
    await expect(openClient(wsUrl('wrong'), { Origin: origin() })).rejects.toThrow('HTTP 401');
    await expect(openClient(wsUrl(), { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(openClient(wsUrl(), {})).rejects.toThrow('HTTP 403');
    await expect(openClient(`ws://127.0.0.1:${host.port}/other?token=${host.token}`, { Origin: origin() })).rejects.toThrow('HTTP 404');
    expect((await (await connect()).request('app.info', {})).ok).toBe(true);
  });

  it('answers malformed JSON, binary frames and non-frames with typed errors and keeps serving', async () => {
    const client = await connect();
    client.send('{not json');
    expect(await client.next((f) => f.type === 'error')).toMatchObject({ error: { code: 'MALFORMED_MESSAGE' } });
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await client.next((f) => f.type === 'error' && String((f.error as { message: string }).message).includes('binary'));
    client.send({ type: 'request', id: 99, route: 42 });
    expect(await client.next((f) => f.id === 99)).toMatchObject({ result: { ok: false, error: { code: 'MALFORMED_MESSAGE' } } });
    expect(await client.request('no.such.route', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ROUTE' } });
    expect(await client.request('chat.send', { text: 5 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await client.request('app.info', {})).ok).toBe(true);
  });

  it('answers an oversized request with PAYLOAD_TOO_LARGE and closes a socket that sends far more', async () => {
    const client = await connect();
    expect(await client.request('chat.send', { text: 'x'.repeat(100 * 1024) })).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
    client.send({ type: 'request', id: 1000, route: 'chat.send', input: { text: 'x'.repeat(1024 * 1024) } });
    expect(await closed).toBe(1009);
    expect((await (await connect()).request('app.info', {})).ok).toBe(true);
  });

  it('rate-limits a flood of requests, then keeps serving', async () => {
    const client = await connect();
    const results = await Promise.all(Array.from({ length: 60 }, () => client.request('app.info', {})));
    const limited = results.filter((r) => !r.ok && r.error?.code === 'RATE_LIMITED').length;
    expect(limited).toBeGreaterThan(0);
    expect(results.filter((r) => r.ok).length).toBeGreaterThanOrEqual(20);
    await new Promise((r) => setTimeout(r, 300));
    expect((await client.request('app.info', {})).ok).toBe(true);
  });

  it('releases a closed socket’s connection', async () => {
    const before = env.core.bus.listenerCount;
    const client = await connect();
    expect(env.core.bus.listenerCount).toBe(before + 1);
    await client.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(env.core.bus.listenerCount).toBe(before);
  });
});
