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
  const timers = options.timers ?? defaultTimers;
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const random = options.random ?? Math.random;
  const warn = options.warn ?? ((message: string, detail?: unknown) => console.warn(`[switchboard] ${message}`, detail ?? ''));

  const pending = new PendingRequests();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = { status: 'connecting', failures: 0 };
  let socket: SocketLike | null = null;
  let open = false;
  let everOpened = false;
  let disposed = false;
  let retryTimer: unknown;
  let syncQueued = false;
  /** The subscription the server has (sorted names joined), or null when it has none from us yet. */
  let sentSubscription: string | null = null;

  function setState(next: ConnectionState): void {
    state = next;
    for (const listener of [...stateListeners]) {
      try {
        listener(state);
      } catch (error) {
        warn('connection listener failed', error);
      }
    }
  }

  function connect(): void {
    retryTimer = undefined;
    let ws: SocketLike;
    try {
      ws = new options.WebSocket(options.url);
    } catch (error) {
      warn('cannot open the WebSocket', error);
      handleClose();
      return;
    }
    socket = ws;
    ws.addEventListener('open', () => socket === ws && handleOpen());
    ws.addEventListener('message', (event) => socket === ws && handleMessage(event.data));
    ws.addEventListener('close', () => socket === ws && handleClose());
    // 'error' carries no detail in browsers (not even a 401); the 'close' that follows does the work.
    ws.addEventListener('error', () => {});
  }

  function handleOpen(): void {
    open = true;
    everOpened = true;
    sentSubscription = null;
    // Subscribe before anything else, so state fetched by queued requests or by listeners reacting to
    // 'open' cannot miss a change made in between.
    syncSubscription();
    for (const frame of pending.unsent()) transmit(frame.id as number, encodeClientFrame(frame));
    setState({ status: 'open', failures: 0, lastError: state.lastError });
  }

  function handleMessage(data: unknown): void {
    const frame = parseServerFrame(data);
    switch (frame.type) {
      case 'response':
        if (!pending.settle(frame.id, frame.result)) warn(`response for unknown request ${String(frame.id)}`);
        return;
      case 'event':
        return dispatchEvent(frame.event, frame.payload);
      case 'error':
        warn(`host reported ${frame.error.code}: ${frame.error.message}`);
        return setState({ ...state, lastError: frame.error });
      case 'invalid':
        return warn(`dropped a frame: ${frame.reason}`);
    }
  }

  function dispatchEvent(event: EventName, payload: unknown): void {
    const set = listeners.get(event);
    if (!set) return;
    const parsed = events[event].safeParse(payload);
    if (!parsed.success) return warn(`dropped ${event}: payload outside the contract`, parsed.error.issues);
    for (const listener of [...set]) {
      try {
        listener(parsed.data);
      } catch (error) {
        warn(`listener for ${event} failed`, error);
      }
    }
  }

  function handleClose(): void {
    const wasOpen = open;
    socket = null;
    open = false;
    sentSubscription = null;
    pending.failAll(unavailable(wasOpen ? 'the connection to Switchboard was lost' : 'cannot connect to Switchboard').error);
    if (disposed) return;
    const failures = state.failures + 1;
    const retryInMs = backoffDelay(failures);
    setState({ status: everOpened ? 'reconnecting' : 'unreachable', failures, retryInMs, lastError: state.lastError });
    retryTimer = timers.setTimeout(connect, retryInMs);
  }

  function backoffDelay(failures: number): number {
    const base = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** (failures - 1));
    return Math.round(Math.min(backoff.maxMs, base * (0.75 + random() * 0.5)));
  }

  function transmit(id: number, text: string): void {
    try {
      socket?.send(text);
      pending.markSent(id);
    } catch (error) {
      pending.settle(id, unavailable(`sending failed: ${errorMessage(error)}`));
    }
  }

  function send(route: string, input: unknown): Promise<Result<unknown>> {
    if (disposed) return Promise.resolve(unavailable('the connection to Switchboard is closed'));
    if (!socket) return Promise.resolve(unavailable('not connected to Switchboard; reconnecting'));
    const { frame, result } = pending.add(route, input);
    const id = frame.id as number;
    let text: string;
    try {
      text = encodeClientFrame(frame);
    } catch {
      pending.settle(id, fail('INVALID_INPUT', `the input for ${route} cannot be sent as JSON`));
      return result;
    }
    const bytes = utf8Length(text);
    if (bytes > LIMITS.maxRequestBytes) {
      pending.settle(id, fail('PAYLOAD_TOO_LARGE', `request of ${bytes} bytes exceeds the limit of ${LIMITS.maxRequestBytes} bytes`));
    } else if (open) {
      transmit(id, text);
    }
    return result;
  }

  function queueSubscriptionSync(): void {
    if (syncQueued) return;
    syncQueued = true;
    queueMicrotask(() => {
      syncQueued = false;
      syncSubscription();
    });
  }

  function syncSubscription(): void {
    if (!open) return;
    const names = [...listeners.keys()].sort();
    const key = names.join(',');
    if (key === sentSubscription || (sentSubscription === null && names.length === 0)) return;
    sentSubscription = key;
    void send('events.subscribe', { events: names }).then((result) => {
      if (result.ok) return;
      warn(`events.subscribe failed: ${result.error.message}`);
      if (sentSubscription === key) sentSubscription = null;
      setState({ ...state, lastError: result.error });
    });
  }

  const connection: ConnectionMonitor = {
    getState: () => state,
    subscribe(listener) {
      stateListeners.add(listener);
      return () => void stateListeners.delete(listener);
    },
    retryNow() {
      if (disposed || socket) return;
      timers.clearTimeout(retryTimer);
      connect();
    },
  };

  connect();

  return {
    connection,
    request<R extends RouteName>(route: R, input: RouteInput<R>): Promise<Result<RouteOutput<R>>> {
      return send(route, input) as Promise<Result<RouteOutput<R>>>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      // Wrapped so the same function registered twice is two subscriptions, each removed once.
      const entry = (payload: unknown) => listener(payload as EventPayload<E>);
      set.add(entry);
      if (set.size === 1) queueSubscriptionSync();
      return () => {
        if (!set.delete(entry) || set.size > 0) return;
        listeners.delete(event);
        queueSubscriptionSync();
      };
    },
    close() {
      if (disposed) return;
      disposed = true;
      timers.clearTimeout(retryTimer);
      const ws = socket;
      socket = null;
      open = false;
      pending.failAll(unavailable('the connection to Switchboard is closed').error);
      ws?.close(1000, 'client closed');
      listeners.clear();
      setState({ ...state, status: 'closed', retryInMs: undefined });
    },
  };
}

function unavailable(message: string): { ok: false; error: ResultError } {
  return fail('UNAVAILABLE', message);
}

function utf8Length(text: string): number {
  // Every UTF-16 unit is at most 3 UTF-8 bytes; only count exactly near the limit.
  return text.length * 3 <= LIMITS.maxRequestBytes ? text.length : new TextEncoder().encode(text).byteLength;
}
