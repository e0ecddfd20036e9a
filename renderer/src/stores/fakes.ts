import type { EventName, EventPayload, RouteInput, RouteName, RouteOutput, SwitchboardBridge } from '../../../electron/shared/contract';
import { fail, type Result } from '../../../electron/shared/result';
import type { ConnectionMonitor, ConnectionState } from '../ipc/connection';

// Test doubles for the store's dependencies: a bridge answering from handlers, and a connection to move by hand.

export type Handler<R extends RouteName> = (input: RouteInput<R>) => Promise<Result<RouteOutput<R>>> | Result<RouteOutput<R>>;

export function fakeBridge(handlers: { [R in RouteName]?: Handler<R> }) {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const calls: Array<{ route: RouteName; input: unknown }> = [];
  const bridge: SwitchboardBridge = {
    async request<R extends RouteName>(route: R, input: RouteInput<R>) {
      calls.push({ route, input });
      const handler = handlers[route] as Handler<R> | undefined;
      return handler ? handler(input) : fail('UNKNOWN_ROUTE', route);
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => void set.delete(listener);
    },
  };
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const listener of listeners.get(event) ?? []) (listener as (p: EventPayload<E>) => void)(payload);
  };
  return { bridge, calls, emit, listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0) };
}

export function fakeConnection(initial: ConnectionState['status'] = 'open') {
  let state: ConnectionState = { status: initial, failures: 0 };
  const listeners = new Set<(s: ConnectionState) => void>();
  let retries = 0;
  const connection: ConnectionMonitor = {
    getState: () => state,
    subscribe: (l) => (listeners.add(l), () => void listeners.delete(l)),
    retryNow: () => void retries++,
  };
  const move = (status: ConnectionState['status']) => {
    state = { status, failures: 0 };
    for (const l of listeners) l(state);
  };
  return { connection, move, retries: () => retries };
}
