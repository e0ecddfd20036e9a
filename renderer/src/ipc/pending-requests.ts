import type { Result, ResultError } from '../../../electron/shared/result';
import type { ClientFrame } from '../../../electron/shared/wire';

type RequestFrame = Extract<ClientFrame, { type: 'request' }>;

interface Entry {
  frame: RequestFrame;
  sent: boolean;
  resolve: (result: Result<unknown>) => void;
}

/**
 * Requests waiting for their response frame, in the order they were made. Every entry is settled exactly
 * once: by its response or by {@link PendingRequests.failAll} when the connection goes away.
 */
export class PendingRequests {
  private readonly entries = new Map<number, Entry>();
  private nextId = 1;

  add(route: string, input: unknown): { frame: RequestFrame; result: Promise<Result<unknown>> } {
    const frame: RequestFrame = { type: 'request', id: this.nextId++, route, input };
    const result = new Promise<Result<unknown>>((resolve) => {
      this.entries.set(frame.id as number, { frame, sent: false, resolve });
    });
    return { frame, result };
  }

  markSent(id: number): void {
    const entry = this.entries.get(id);
    if (entry) entry.sent = true;
  }

  /** Requests made before the socket opened, oldest first. */
  unsent(): RequestFrame[] {
    return [...this.entries.values()].filter((e) => !e.sent).map((e) => e.frame);
  }

  /** Settles one request; false when the id is unknown (already settled, or never ours). */
  settle(id: number | string, result: Result<unknown>): boolean {
    if (typeof id !== 'number') return false;
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.entries.delete(id);
    entry.resolve(result);
    return true;
  }

  failAll(error: ResultError): void {
    const entries = [...this.entries.values()];
    this.entries.clear();
    for (const entry of entries) entry.resolve({ ok: false, error });
  }

  get size(): number {
    return this.entries.size;
  }
}
