import type { EventName, EventPayload } from '../../shared/contract';
import type { EventBus } from '../events';
import type { Disposable } from '../lifecycle';
import type { Logger } from '../log/logger';

/** What the loop tells the selector (the core's SelectorService.recordFeedback). */
export interface FeedbackSink {
  recordFeedback(entry: { request: string; apis: readonly string[]; outcome: 'applied' | 'discarded' }): Promise<unknown>;
}

/** Runs remembered at most; older ones are forgotten (their Apply then teaches nothing). */
const MAX_RUNS = 500;

/**
 * Closes TaskMatrix's feedback loop: when the person applies or discards what a planner turn's run staged,
 * the request and the APIs the run called go to the selector (which learns from them and updates the usage
 * figures). Runs started outside a turn (exec, run.start) carry no request and teach nothing.
 */
export class FeedbackLoop implements Disposable {
  private readonly requests = new Map<string, string>();
  private readonly runs = new Map<string, { request: string; apis: Set<string> }>();
  private readonly subscription: Disposable;

  constructor(
    bus: EventBus,
    private readonly sink: FeedbackSink,
    private readonly logger: Logger,
  ) {
    this.subscription = bus.onAny((event, payload) => this.observe(event, payload));
  }

  /** Call after run.apply or run.discard succeeded. */
  async settled(runId: string, outcome: 'applied' | 'discarded'): Promise<void> {
    const run = this.runs.get(runId);
    this.runs.delete(runId);
    if (!run || run.apis.size === 0) return;
    try {
      await this.sink.recordFeedback({ request: run.request, apis: [...run.apis], outcome });
    } catch (error) {
      this.logger.warn('could not record feedback', { runId, outcome, error });
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private observe<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (event === 'turn.started') {
      const p = payload as EventPayload<'turn.started'>;
      remember(this.requests, p.turnId, p.request);
    } else if (event === 'turn.run') {
      const p = payload as EventPayload<'turn.run'>;
      const request = this.requests.get(p.turnId);
      if (request !== undefined) remember(this.runs, p.runId, { request, apis: new Set() });
    } else if (event === 'run.api.called') {
      const p = payload as EventPayload<'run.api.called'>;
      this.runs.get(p.runId)?.apis.add(p.api);
    } else if (event === 'turn.finished') {
      this.requests.delete((payload as EventPayload<'turn.finished'>).turnId);
    }
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.set(key, value);
  if (map.size > MAX_RUNS) map.delete(map.keys().next().value!);
}
