import { randomUUID } from 'node:crypto';
import type { EventName, EventPayload, RouteInput, RouteName, RouteOutput, SwitchboardBridge } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { Core } from '../create-core';
import type { ConnectionLimits } from './client-connection';

// An in-process caller is the host itself: no rate limit, but the same size and in-flight caps.
const IN_PROCESS_LIMITS: Partial<ConnectionLimits> = { requestsPerSecond: Number.POSITIVE_INFINITY, requestBurst: Number.POSITIVE_INFINITY };

/**
 * An in-process client speaking the same contract as the renderer (CLI, tests): every request goes
 * through the router, with the same validation and limits as a window or socket.
 */
export function createLocalClient(core: Core, limits: Partial<ConnectionLimits> = IN_PROCESS_LIMITS): SwitchboardBridge & { close(): Promise<void> } {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const connection = core.connect(
    `local-${randomUUID()}`,
    (event, payload) => {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    limits,
  );
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
