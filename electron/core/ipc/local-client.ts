import { randomUUID } from 'node:crypto';
import type { EventName, EventPayload, RouteInput, RouteName, RouteOutput, SwitchboardBridge } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { Core } from '../create-core';

/**
 * An in-process client speaking the same contract as the renderer (CLI, tests): every request goes
 * through the router, with the same validation and limits as a window or socket.
 */
export function createLocalClient(core: Core): SwitchboardBridge & { close(): Promise<void> } {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const connection = core.connect(`local-${randomUUID()}`, (event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  });
  let nextId = 0;
  return {
    request<R extends RouteName>(route: R, input: RouteInput<R>): Promise<Result<RouteOutput<R>>> {
      return connection.request(nextId++, route, input) as Promise<Result<RouteOutput<R>>>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      connection.setSubscriptions([...listeners.keys()]);
      return () => {
        set.delete(listener as (payload: unknown) => void);
        if (set.size === 0) listeners.delete(event);
        connection.setSubscriptions([...listeners.keys()]);
      };
    },
    close: () => core.disconnect(connection),
  };
}
