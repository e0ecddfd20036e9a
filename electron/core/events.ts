import type { EventName, EventPayload } from '../shared/contract';
import type { Disposable } from './lifecycle';

export type AnyEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Typed in-process event bus: core services emit, hosts forward to their clients. */
export class EventBus implements Disposable {
  private readonly listeners = new Set<AnyEventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event, payload);
      } catch {
        // A failing listener must not stop delivery to the others.
      }
    }
  }

  /** Listens to every event; returns the handle that stops listening. */
  onAny(listener: AnyEventListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  dispose(): void {
    this.listeners.clear();
  }
}
