import { afterEach, describe, expect, it } from 'vitest';
import { testCore } from '../../../test/helpers/core';
import type { Core } from '../create-core';

let env: Awaited<ReturnType<typeof testCore>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

async function core(): Promise<Core> {
  env = await testCore();
  return env.core;
}

describe('ClientConnection', () => {
  it('delivers only the events the client subscribed to', async () => {
    const c = await core();
    const received: string[] = [];
    const connection = c.connect('a', (event) => received.push(event));
    await connection.request(1, 'chat.send', { text: 'before subscribing' });
    expect(received).toEqual([]);
    await connection.request(2, 'events.subscribe', { events: ['chat.message'] });
    await connection.request(3, 'settings.set', { privacy: { offline: true } });
    await connection.request(4, 'chat.send', { text: 'hi' });
    expect(received).toEqual(['chat.message', 'chat.message']);
  });

  it('refuses a request over the size limit with PAYLOAD_TOO_LARGE and keeps serving', async () => {
    const connection = (await core()).connect('a', () => undefined, { maxRequestBytes: 1000 });
    const big = await connection.request(1, 'chat.send', { text: 'x'.repeat(2000) });
    expect(big).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect((await connection.request(2, 'app.info', {})).ok).toBe(true);
  });

  it('rate-limits a flood and recovers as tokens refill', async () => {
    let now = 0;
    const c = await core();
    const connection = c.connect('a', () => undefined, { requestsPerSecond: 10, requestBurst: 5 });
    // The clock is not injectable through connect(); build one directly for a deterministic check.
    const { ClientConnection } = await import('./client-connection');
    const timed = new ClientConnection({
      id: 't',
      router: c.router,
      bus: c.bus,
      sendEvent: () => undefined,
      limits: { requestsPerSecond: 10, requestBurst: 5 },
      now: () => now,
    });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => timed.request(i, 'app.info', {})));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED')).toHaveLength(3);
    now += 1000;
    expect((await timed.request(100, 'app.info', {})).ok).toBe(true);
    timed.dispose();
    expect((await connection.request(1, 'app.info', {})).ok).toBe(true);
  });

  it('refuses a reused request id while the first is in flight', async () => {
    const c = await core();
    const connection = c.connect('a', () => undefined);
    const [first, second] = await Promise.all([connection.request(7, 'settings.set', { privacy: { offline: true } }), connection.request(7, 'app.info', {})]);
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, error: { code: 'MALFORMED_MESSAGE' } });
  });

  it('answers UNAVAILABLE after disconnect and stops delivering events', async () => {
    const c = await core();
    const received: string[] = [];
    const connection = c.connect('a', (event) => received.push(event));
    await connection.request(1, 'events.subscribe', { events: ['chat.message'] });
    await c.disconnect(connection);
    await c.connect('b', () => undefined).request(1, 'chat.send', { text: 'hi' });
    expect(received).toEqual([]);
    expect(await connection.request(2, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });
});
