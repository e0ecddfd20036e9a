import { z } from 'zod';
import { fileZones, type Calendar, type EventRecord, type ZoneContext } from './ics';
import { checkZone } from './time';

/** An event as every calendar API returns it. */
export const eventSchema = z.object({
  uid: z.string().describe("the event's UID: pass it to calendar.updateEvent / calendar.deleteEvent"),
  title: z.string().describe('SUMMARY'),
  start: z
    .string()
    .describe(
      'as written in the file: "2024-05-17" (whole day), "2024-05-17T10:30:00" (local, or local in timeZone) or "2024-05-17T10:30:00Z" (UTC); for a listed occurrence of a series, that occurrence',
    ),
  end: z.string().describe('same form as start; for a whole-day event the day AFTER the last day (RFC 5545 DTEND is exclusive)'),
  allDay: z.boolean().describe('true for whole-day events'),
  timeZone: z.string().nullable().describe('"UTC", the TZID of the times, or null for floating local times and whole days'),
  location: z.string().nullable().describe('LOCATION'),
  description: z.string().nullable().describe('DESCRIPTION'),
  attendees: z.array(z.string()).describe('ATTENDEEs as "Name <email>", "Name" or "email"'),
  recurrence: z.string().nullable().describe('the RRULE ("FREQ=WEEKLY;COUNT=4") or null'),
  calendar: z.string().describe('whose calendar: the person (file name without .ics) or the .ics path'),
  durationMinutes: z.number().describe('length in minutes'),
});
export type EventOut = z.infer<typeof eventSchema>;

export function eventOut(record: EventRecord, occurrence?: { start: string; end: string; startMs: number; endMs: number }): EventOut {
  const { startMs, endMs, ...rest } = record;
  const o = occurrence ?? { start: record.start, end: record.end, startMs, endMs };
  return { ...rest, start: o.start, end: o.end, durationMinutes: Math.round((o.endMs - o.startMs) / 60_000) };
}

export const referenceZone = z
  .string()
  .min(1)
  .max(64)
  .default('UTC')
  .describe(
    'IANA zone that local (floating) times and whole days are read in when comparing with UTC or zoned times, and that returned free slots are shown in; default UTC, which reads "10:30" and "10:30Z" as the same moment (as OfficeBench does)',
  );

export function zoneContext(reference: string, calendars: readonly Calendar[]): ZoneContext {
  const zones = new Map(calendars.flatMap((c) => [...fileZones(c.root)]));
  return { reference: checkZone(reference), zones };
}
