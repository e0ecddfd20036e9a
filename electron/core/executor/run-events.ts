import type { z } from 'zod';
import type { runEventSchemas, RunEventName } from '../../shared/run';

/** One event of a run, tagged with its contract event name. */
export type RunEvent = { [E in RunEventName]: { type: E } & z.output<(typeof runEventSchemas)[E]> }[RunEventName];

/** The run.finished payload: how a run ended, its value, artifacts and statistics. */
export type RunResult = z.output<(typeof runEventSchemas)['run.finished']>;

/** Splits an event into its contract name and payload (what the EventBus carries). */
export function eventPayload(event: RunEvent): { name: RunEventName; payload: Omit<RunEvent, 'type'> } {
  const { type, ...payload } = event;
  return { name: type, payload };
}
