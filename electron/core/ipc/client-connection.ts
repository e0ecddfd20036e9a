import type { EventName, RequestClient } from '../../shared/contract';
import { fail, type Result } from '../../shared/result';
import { LIMITS } from '../../shared/wire';
import type { EventBus } from '../events';
import type { Disposable } from '../lifecycle';
import { RateLimiter } from './rate-limiter';
import type { Router } from './router';

export interface ConnectionLimits {
  maxRequestBytes: number;
  requestsPerSecond: number;
  requestBurst: number;
  maxInFlight: number;
}

export interface ClientConnectionOptions {
  id: string;
  router: Router;
  bus: EventBus;
  /** Delivers one event to this client (WebSocket frame, webContents.send, ...). */
  sendEvent: (event: EventName, payload: unknown) => void;
  limits?: Partial<ConnectionLimits>;
  now?: () => number;
}

/**
 * One connected client (a window, a WebSocket): its event subscriptions, rate limit, in-flight cap and
 * cancellation. Shared by the Electron main process and the browser host so both enforce the same rules.
 */
export class ClientConnection implements RequestClient, Disposable {
  readonly id: string;
  private readonly router: Router;
  private readonly limits: ConnectionLimits;
  private readonly limiter: RateLimiter;
  private readonly inFlight = new Map<string | number, AbortController>();
  private readonly subscriptions = new Set<EventName>();
  private readonly busSubscription: Disposable;
  private disposed = false;

  constructor(options: ClientConnectionOptions) {
    this.id = options.id;
    this.router = options.router;
    this.limits = { ...LIMITS, ...options.limits };
    this.limiter = new RateLimiter(this.limits.requestsPerSecond, this.limits.requestBurst, options.now);
    this.busSubscription = options.bus.onAny((event, payload) => {
      if (!this.disposed && this.subscriptions.has(event)) options.sendEvent(event, payload);
    });
  }

  setSubscriptions(names: readonly EventName[]): void {
    this.subscriptions.clear();
    for (const name of names) this.subscriptions.add(name);
  }

  get subscribed(): readonly EventName[] {
    return [...this.subscriptions];
  }

  /**
   * Handles one request. `sizeBytes` is the request's encoded size when the transport knows it;
   * otherwise the input is measured as JSON.
   */
  async request(requestId: string | number, route: unknown, input: unknown, sizeBytes?: number): Promise<Result<unknown>> {
    if (this.disposed) return fail('UNAVAILABLE', 'the connection is closed');
    if (!this.limiter.tryTake()) return fail('RATE_LIMITED', 'too many requests; slow down and retry');
    const size = sizeBytes ?? measure(input);
    if (size > this.limits.maxRequestBytes) {
      return fail('PAYLOAD_TOO_LARGE', `request of ${size} bytes exceeds the limit of ${this.limits.maxRequestBytes} bytes`);
    }
    if (this.inFlight.size >= this.limits.maxInFlight) {
      return fail('RATE_LIMITED', `more than ${this.limits.maxInFlight} requests in flight`);
    }
    if (this.inFlight.has(requestId)) return fail('MALFORMED_MESSAGE', `request id ${String(requestId)} is already in use`);
    const controller = new AbortController();
    this.inFlight.set(requestId, controller);
    try {
      return await this.router.dispatch(route, input, { client: this, signal: controller.signal });
    } finally {
      this.inFlight.delete(requestId);
    }
  }

  /** Aborts one in-flight request; false when there is none with that id. */
  cancel(requestId: string | number): boolean {
    const controller = this.inFlight.get(requestId);
    controller?.abort();
    return controller !== undefined;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
    this.subscriptions.clear();
    void this.busSubscription.dispose();
  }
}

function measure(input: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(input) ?? '', 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
