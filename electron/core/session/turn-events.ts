import type { z } from 'zod';
import type { TurnEventName, turnEventSchemas } from '../../shared/turn';

/** One event of a planner turn, tagged with its contract event name. */
export type TurnEvent = { [E in TurnEventName]: { type: E } & z.output<(typeof turnEventSchemas)[E]> }[TurnEventName];

export type TurnFinished = z.output<(typeof turnEventSchemas)['turn.finished']>;

/** Splits an event into its contract name and payload (what the EventBus carries). */
export function turnEventPayload(event: TurnEvent): { name: TurnEventName; payload: Omit<TurnEvent, 'type'> } {
  const { type, ...payload } = event;
  return { name: type, payload };
}
