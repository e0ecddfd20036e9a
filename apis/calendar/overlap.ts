import type ICAL from 'ical.js';
import { occurrences, type EventRecord, type ZoneContext } from './ics';
import { eventOut, type EventOut } from './schemas';

export interface Slot {
  record: EventRecord;
  out: EventOut;
  startMs: number;
  endMs: number;
}

/** Every occurrence of the events as slots (whole-day events only when asked). */
export function slotsOf(
  events: readonly { component: ICAL.Component; record: EventRecord }[],
  zc: ZoneContext,
  range: { fromMs?: number; toMs?: number },
  includeAllDay: boolean,
): Slot[] {
  const slots: Slot[] = [];
  for (const { component, record } of events) {
    if (record.allDay && !includeAllDay) continue;
    for (const o of occurrences(component, record, zc, range.fromMs, range.toMs)) {
      if (range.fromMs !== undefined && o.endMs <= range.fromMs) continue;
      if (range.toMs !== undefined && o.startMs >= range.toMs) continue;
      slots.push({ record, out: eventOut(record, o), startMs: o.startMs, endMs: o.endMs });
    }
  }
  return slots.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
}

/** Pairs of slots that share time (touching ends are not an overlap), by a sweep over start order. */
export function overlappingPairs(slots: readonly Slot[], limit: number): [Slot, Slot][] {
  const pairs: [Slot, Slot][] = [];
  const active: Slot[] = [];
  for (const slot of slots) {
    for (let i = active.length - 1; i >= 0; i--) if (active[i]!.endMs <= slot.startMs) active.splice(i, 1);
    for (const other of active) {
      if (slot.endMs > slot.startMs && other.endMs > other.startMs) pairs.push([other, slot]);
      if (pairs.length >= limit) return pairs;
    }
    active.push(slot);
  }
  return pairs;
}
