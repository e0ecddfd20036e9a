import {
  events,
  type EventName,
  type EventPayload,
  type RouteInput,
  type RouteName,
  type RouteOutput,
  type SwitchboardBridge,
} from '../../../electron/shared/contract';
import { fail, type Result, type ResultError } from '../../../electron/shared/result';
import { LIMITS } from '../../../electron/shared/wire';
import type { ConnectionMonitor, ConnectionState } from './connection';
import { encodeClientFrame, parseServerFrame } from './frames';
import { PendingRequests } from './pending-requests';
import { errorMessage } from '../../../electron/shared/errors';

/** The part of the DOM WebSocket this client uses; tests pass a fake. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: () => void): void;
}

export type SocketConstructor = new (url: string) => SocketLike;

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export interface WsBridgeOptions {
  url: string;
  WebSocket: SocketConstructor;
  timers?: Timers;
  backoff?: Partial<BackoffOptions>;
  /** For the backoff jitter; [0, 1). */
  random?: () => number;
  warn?: (message: string, detail?: unknown) => void;
}

export interface WsBridge extends SwitchboardBridge {
  readonly connection: ConnectionMonitor;
  /** Closes the socket for good; pending requests resolve UNAVAILABLE. */
  close(): void;
}

const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 10_000, factor: 2 };

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/**
 * The browser host's bridge: requests and events over one WebSocket, reconnecting with backoff.
 * Requests made while the first socket is still opening are queued; once a socket is gone they
 * resolve UNAVAILABLE at once. The event subscription is re-sent after every (re)connect.
 */
export function createWsBridge(options: WsBridgeOptions): WsBridge {
  const client = new WsClient(options);
  client.connect();
  return {
    connection: client.connection,
    request<R extends RouteName>(route: R, input: RouteInput<R>): Promise<Result<RouteOutput<R>>> {
      return client.send(route, input) as Promise<Result<RouteOutput<R>>>;
    },
    on: (event, listener) => client.on(event, listener),
    close: () => client.close(),
  };
}

/** One bridge's socket, pending requests, event listeners and connection state. */
class WsClient {
  private readonly timers: Timers;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private readonly warn: (message: string, detail?: unknown) => void;
  private readonly pending = new PendingRequests();
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private state: ConnectionState = { status: 'connecting', failures: 0 };
  private socket: SocketLike | null = null;
  private open = false;
  private everOpened = false;
  private disposed = false;
  private retryTimer: unknown;
  private syncQueued = false;
  /** The subscription the server has (sorted names joined), or null when it has none from us yet. */
  private sentSubscription: string | null = null;

  readonly connection: ConnectionMonitor = {
    getState: () => this.state,
    subscribe: (listener) => {
      this.stateListeners.add(listener);
      return () => void this.stateListeners.delete(listener);
    },
    retryNow: () => {
      if (this.disposed || this.socket) return;
      this.timers.clearTimeout(this.retryTimer);
      this.connect();
    },
  };

  constructor(private readonly options: WsBridgeOptions) {
    this.timers = options.timers ?? defaultTimers;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.random = options.random ?? Math.random;
    this.warn = options.warn ?? ((message: string, detail?: unknown) => console.warn(`[switchboard] ${message}`, detail ?? ''));
  }

  private setState(next: ConnectionState): void {
    this.state = next;
    for (const listener of [...this.stateListeners]) {
      try {
        listener(this.state);
      } catch (error) {
        this.warn('connection listener failed', error);
      }
    }
  }

  connect(): void {
    this.retryTimer = undefined;
    let ws: SocketLike;
    try {
      ws = new this.options.WebSocket(this.options.url);
    } catch (error) {
      this.warn('cannot open the WebSocket', error);
      this.handleClose();
      return;
    }
    this.socket = ws;
    ws.addEventListener('open', () => this.socket === ws && this.handleOpen());
    ws.addEventListener('message', (event) => this.socket === ws && this.handleMessage(event.data));
    ws.addEventListener('close', () => this.socket === ws && this.handleClose());
    // 'error' carries no detail in browsers (not even a 401); the 'close' that follows does the work.
    ws.addEventListener('error', () => {});
  }

  private handleOpen(): void {
    this.open = true;
    this.everOpened = true;
    this.sentSubscription = null;
    // Subscribe before anything else, so state fetched by queued requests or by listeners reacting to
    // 'open' cannot miss a change made in between.
    this.syncSubscription();
    for (const frame of this.pending.unsent()) this.transmit(frame.id as number, encodeClientFrame(frame));
    this.setState({ status: 'open', failures: 0, lastError: this.state.lastError });
  }

  private handleMessage(data: unknown): void {
    const frame = parseServerFrame(data);
    switch (frame.type) {
      case 'response':
        if (!this.pending.settle(frame.id, frame.result)) this.warn(`response for unknown request ${String(frame.id)}`);
        return;
      case 'event':
        return this.dispatchEvent(frame.event, frame.payload);
      case 'error':
        this.warn(`host reported ${frame.error.code}: ${frame.error.message}`);
        return this.setState({ ...this.state, lastError: frame.error });
      case 'invalid':
        return this.warn(`dropped a frame: ${frame.reason}`);
    }
  }

  private dispatchEvent(event: EventName, payload: unknown): void {
    const set = this.listeners.get(event);
    if (!set) return;
    const parsed = events[event].safeParse(payload);
    if (!parsed.success) return this.warn(`dropped ${event}: payload outside the contract`, parsed.error.issues);
    for (const listener of [...set]) {
      try {
        listener(parsed.data);
      } catch (error) {
        this.warn(`listener for ${event} failed`, error);
      }
    }
  }

  private handleClose(): void {
    const wasOpen = this.open;
    this.socket = null;
    this.open = false;
    this.sentSubscription = null;
    this.pending.failAll(unavailable(wasOpen ? 'the connection to Switchboard was lost' : 'cannot connect to Switchboard').error);
    if (this.disposed) return;
    const failures = this.state.failures + 1;
    const retryInMs = backoffDelay(this.backoff, failures, this.random());
    this.setState({ status: this.everOpened ? 'reconnecting' : 'unreachable', failures, retryInMs, lastError: this.state.lastError });
    this.retryTimer = this.timers.setTimeout(() => this.connect(), retryInMs);
  }

  private transmit(id: number, text: string): void {
    try {
      this.socket?.send(text);
      this.pending.markSent(id);
    } catch (error) {
      this.pending.settle(id, unavailable(`sending failed: ${errorMessage(error)}`));
    }
  }

  send(route: string, input: unknown): Promise<Result<unknown>> {
    if (this.disposed) return Promise.resolve(unavailable('the connection to Switchboard is closed'));
    if (!this.socket) return Promise.resolve(unavailable('not connected to Switchboard; reconnecting'));
    const { frame, result } = this.pending.add(route, input);
    const id = frame.id as number;
    let text: string;
    try {
      text = encodeClientFrame(frame);
    } catch {
      this.pending.settle(id, fail('INVALID_INPUT', `the input for ${route} cannot be sent as JSON`));
      return result;
    }
    const bytes = utf8Length(text);
    if (bytes > LIMITS.maxRequestBytes) {
      this.pending.settle(id, fail('PAYLOAD_TOO_LARGE', `request of ${bytes} bytes exceeds the limit of ${LIMITS.maxRequestBytes} bytes`));
    } else if (this.open) {
      this.transmit(id, text);
    }
    return result;
  }

  private queueSubscriptionSync(): void {
    if (this.syncQueued) return;
    this.syncQueued = true;
    queueMicrotask(() => {
      this.syncQueued = false;
      this.syncSubscription();
    });
  }

  private syncSubscription(): void {
    if (!this.open) return;
    const names = [...this.listeners.keys()].sort();
    const key = names.join(',');
    if (key === this.sentSubscription || (this.sentSubscription === null && names.length === 0)) return;
    this.sentSubscription = key;
    void this.send('events.subscribe', { events: names }).then((result) => {
      if (result.ok) return;
      this.warn(`events.subscribe failed: ${result.error.message}`);
      if (this.sentSubscription === key) this.sentSubscription = null;
      this.setState({ ...this.state, lastError: result.error });
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    // Wrapped so the same function registered twice is two subscriptions, each removed once.
    const entry = (payload: unknown) => listener(payload as EventPayload<E>);
    set.add(entry);
    if (set.size === 1) this.queueSubscriptionSync();
    return () => {
      if (!set.delete(entry) || set.size > 0) return;
      this.listeners.delete(event);
      this.queueSubscriptionSync();
    };
  }

  close(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.timers.clearTimeout(this.retryTimer);
    const ws = this.socket;
    this.socket = null;
    this.open = false;
    this.pending.failAll(unavailable('the connection to Switchboard is closed').error);
    ws?.close(1000, 'client closed');
    this.listeners.clear();
    this.setState({ ...this.state, status: 'closed', retryInMs: undefined });
  }
}

/** Exponential backoff with ±25% jitter (jitter in [0, 1)). */
function backoffDelay(backoff: BackoffOptions, failures: number, jitter: number): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** (failures - 1));
  return Math.round(Math.min(backoff.maxMs, base * (0.75 + jitter * 0.5)));
}

function unavailable(message: string): { ok: false; error: ResultError } {
  return fail('UNAVAILABLE', message);
}

function utf8Length(text: string): number {
  // Every UTF-16 unit is at most 3 UTF-8 bytes; only count exactly near the limit.
  return text.length * 3 <= LIMITS.maxRequestBytes ? text.length : new TextEncoder().encode(text).byteLength;
}
