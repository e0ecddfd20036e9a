import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../electron/shared/contract';
import { createWsBridge, type SocketLike, type Timers } from './ws-client';

type Listener = (event: never) => void;

class FakeSocket implements SocketLike {
  readonly sent: string[] = [];
  closedWith: { code?: number; reason?: string } | undefined;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
  }

  // --- test controls ---
  emit(type: 'open' | 'error'): void;
  emit(type: 'message', event: { data: unknown }): void;
  emit(type: 'close', event: { code: number; reason: string }): void;
  emit(type: string, event?: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) (listener as (e: unknown) => void)(event);
  }

  receive(frame: unknown): void {
    this.emit('message', { data: JSON.stringify(frame) });
  }

  drop(): void {
    this.emit('close', { code: 1006, reason: '' });
  }

  frames(): Array<{ type: string; id: number; route: string; input: unknown }> {
    return this.sent.map((s) => JSON.parse(s));
  }
}

class FakeTimers implements Timers {
  readonly scheduled: Array<{ callback: () => void; ms: number }> = [];

  setTimeout(callback: () => void, ms: number): unknown {
    const handle = { callback, ms };
    this.scheduled.push(handle);
    return handle;
  }

  clearTimeout(handle: unknown): void {
    const index = this.scheduled.indexOf(handle as (typeof this.scheduled)[number]);
    if (index >= 0) this.scheduled.splice(index, 1);
  }

  runNext(): number {
    const next = this.scheduled.shift();
    if (!next) throw new Error('no timer scheduled');
    next.callback();
    return next.ms;
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const timers = new FakeTimers();
  const warnings: string[] = [];
  const WebSocket = class extends FakeSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  };
  const bridge = createWsBridge({
    url: 'ws://127.0.0.1:4000/ws?token=t',
    WebSocket,
    timers,
    random: () => 0.5,
    backoff: { initialMs: 100, maxMs: 1000, factor: 2 },
    warn: (message) => warnings.push(message),
  });
  const socket = () => sockets.at(-1)!;
  return { bridge, sockets, socket, timers, warnings };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const message: ChatMessage = {
  id: 'm1',
  conversationId: 'c1',
  role: 'assistant',
  text: 'Echo: hi',
  createdAt: '2025-01-01T00:00:00.000Z',
};

describe('createWsBridge', () => {
  it('connects to the given URL and reports connecting, then open', () => {
    const { bridge, socket } = setup();
    expect(socket().url).toBe('ws://127.0.0.1:4000/ws?token=t');
    expect(bridge.connection.getState().status).toBe('connecting');
    const seen: string[] = [];
    bridge.connection.subscribe((s) => seen.push(s.status));
    socket().emit('open');
    expect(seen).toEqual(['open']);
  });

  it('queues requests made while connecting and resolves each from its response frame', async () => {
    const { bridge, socket } = setup();
    const info = bridge.request('app.info', {});
    const settings = bridge.request('settings.get', {});
    expect(socket().sent).toEqual([]);
    socket().emit('open');
    const [first, second] = socket().frames();
    expect(first).toEqual({ type: 'request', id: first!.id, route: 'app.info', input: {} });
    expect(second).toMatchObject({ type: 'request', route: 'settings.get' });
    expect(first!.id).not.toBe(second!.id);

    socket().receive({ type: 'response', id: second!.id, result: { ok: false, error: { code: 'INTERNAL', message: 'boom' } } });
    socket().receive({ type: 'response', id: first!.id, result: { ok: true, value: { name: 'Switchboard' } } });
    await expect(info).resolves.toEqual({ ok: true, value: { name: 'Switchboard' } });
    await expect(settings).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
  });

  it('sends at once when open', () => {
    const { bridge, socket } = setup();
    socket().emit('open');
    void bridge.request('chat.send', { text: 'hello' });
    expect(socket().frames()).toEqual([{ type: 'request', id: expect.any(Number), route: 'chat.send', input: { text: 'hello' } }]);
  });

  it('turns a malformed result into MALFORMED_MESSAGE and ignores unknown ids and junk frames', async () => {
    const { bridge, socket, warnings } = setup();
    socket().emit('open');
    const reply = bridge.request('app.info', {});
    const { id } = socket().frames()[0]!;
    socket().receive({ type: 'response', id: 999, result: { ok: true, value: 1 } });
    socket().emit('message', { data: 'not json' });
    socket().receive({ type: 'mystery' });
    socket().receive({ type: 'response', id, result: { ok: 'yes' } });
    await expect(reply).resolves.toMatchObject({ ok: false, error: { code: 'MALFORMED_MESSAGE' } });
    expect(warnings).toHaveLength(3);
  });

  it('subscribes to the events that have listeners, once per batch, and updates the subscription', async () => {
    const { bridge, socket } = setup();
    socket().emit('open');
    const received: ChatMessage[] = [];
    const offChat = bridge.on('chat.message', (m) => received.push(m));
    const offSettings = bridge.on('settings.changed', () => {});
    await tick();
    const subscribe = socket()
      .frames()
      .filter((f) => f.route === 'events.subscribe');
    expect(subscribe.map((f) => f.input)).toEqual([{ events: ['chat.message', 'settings.changed'] }]);

    socket().receive({ type: 'event', event: 'chat.message', payload: message });
    expect(received).toEqual([message]);

    offSettings();
    await tick();
    expect(socket().frames().at(-1)).toMatchObject({ route: 'events.subscribe', input: { events: ['chat.message'] } });
    offChat();
    await tick();
    expect(socket().frames().at(-1)).toMatchObject({ route: 'events.subscribe', input: { events: [] } });
    socket().receive({ type: 'event', event: 'chat.message', payload: message });
    expect(received).toHaveLength(1);
  });

  it('sends no subscription when nothing listens', async () => {
    const { bridge, socket } = setup();
    bridge.on('chat.message', () => {})();
    socket().emit('open');
    await tick();
    expect(socket().sent).toEqual([]);
  });

  it('drops event payloads outside the contract, and survives a throwing listener', () => {
    const { bridge, socket, warnings } = setup();
    socket().emit('open');
    const received: ChatMessage[] = [];
    bridge.on('chat.message', () => {
      throw new Error('listener bug');
    });
    bridge.on('chat.message', (m) => received.push(m));
    socket().receive({ type: 'event', event: 'chat.message', payload: { id: 'x' } });
    socket().receive({ type: 'event', event: 'chat.message', payload: message });
    expect(received).toEqual([message]);
    expect(warnings.some((w) => w.includes('outside the contract'))).toBe(true);
    expect(warnings.some((w) => w.includes('listener for chat.message failed'))).toBe(true);
  });

  it('keeps error frames as lastError without failing requests', async () => {
    const { bridge, socket } = setup();
    socket().emit('open');
    const reply = bridge.request('app.info', {});
    socket().receive({ type: 'error', error: { code: 'MALFORMED_MESSAGE', message: 'bad frame' } });
    expect(bridge.connection.getState().lastError).toEqual({ code: 'MALFORMED_MESSAGE', message: 'bad frame' });
    socket().receive({ type: 'response', id: socket().frames()[0]!.id, result: { ok: true, value: {} } });
    await expect(reply).resolves.toEqual({ ok: true, value: {} });
  });

  it('fails pending requests with UNAVAILABLE when the socket drops, then reconnects and resubscribes', async () => {
    const { bridge, sockets, socket, timers } = setup();
    socket().emit('open');
    bridge.on('chat.message', () => {});
    await tick();
    const inFlight = bridge.request('chat.send', { text: 'hi' });
    socket().drop();
    await expect(inFlight).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(bridge.connection.getState()).toMatchObject({ status: 'reconnecting', failures: 1 });

    // While waiting to reconnect there is no socket: requests fail at once instead of hanging.
    await expect(bridge.request('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });

    expect(timers.runNext()).toBe(100);
    expect(sockets).toHaveLength(2);
    socket().emit('open');
    expect(bridge.connection.getState()).toMatchObject({ status: 'open', failures: 0 });
    expect(socket().frames()).toEqual([{ type: 'request', id: expect.any(Number), route: 'events.subscribe', input: { events: ['chat.message'] } }]);
  });

  it('reports unreachable when no connection ever opened, backing off up to the maximum', () => {
    const { bridge, socket, timers } = setup();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      socket().drop();
      expect(bridge.connection.getState().status).toBe('unreachable');
      delays.push(timers.runNext());
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('ignores events from a socket it has replaced', () => {
    const { bridge, sockets, socket, timers } = setup();
    socket().drop();
    timers.runNext();
    const stale = sockets[0]!;
    stale.emit('open');
    expect(bridge.connection.getState().status).toBe('unreachable');
    socket().emit('open');
    expect(bridge.connection.getState().status).toBe('open');
  });

  it('retryNow skips the wait', () => {
    const { bridge, sockets, socket, timers } = setup();
    socket().drop();
    bridge.connection.retryNow();
    expect(sockets).toHaveLength(2);
    expect(timers.scheduled).toHaveLength(0);
  });

  it('close() fails pending requests, closes the socket and stops reconnecting', async () => {
    const { bridge, socket, timers } = setup();
    const queued = bridge.request('app.info', {});
    bridge.close();
    await expect(queued).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(socket().closedWith).toEqual({ code: 1000, reason: 'client closed' });
    expect(bridge.connection.getState().status).toBe('closed');
    expect(timers.scheduled).toHaveLength(0);
    await expect(bridge.request('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it('refuses a request larger than the wire limit without sending it', async () => {
    const { bridge, socket } = setup();
    socket().emit('open');
    const reply = await bridge.request('chat.send', { text: 'x'.repeat(9 * 1024 * 1024) });
    expect(reply).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(socket().sent).toEqual([]);
  });
});
