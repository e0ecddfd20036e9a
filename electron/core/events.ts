import type { EventName, EventPayload } from '../shared/contract';
import type { Disposable } from './lifecycle';
import { redactStrings } from './log/redact';

export type AnyEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Typed in-process event bus: core services emit, hosts forward to their clients. */
export class EventBus implements Disposable {
  private readonly listeners = new Set<AnyEventListener>();

  emit<E extends EventName>(event: E, original: EventPayload<E>): void {
    // A turn's texts (answers, errors, diagnostics) may carry what an endpoint echoed, such as a key.
    const payload = event.startsWith('turn.') ? redactStrings(original) : original;
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
