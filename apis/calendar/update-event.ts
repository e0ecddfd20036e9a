import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { applyTimes, eventFields, planTimes, setAttendees, setRecurrence, setText, stamp } from './event-fields';
import { recordOf } from './ics';
import { eventOut, eventSchema, zoneContext } from './schemas';
import { calendarTarget, findEvent, loadCalendar, saveCalendar, targetPath } from './store';

export const updateEvent = defineApi({
  name: 'updateEvent',
  description: `Change an event found by its uid (from calendar.listEvents) in a person's calendar or an .ics file: only the fields given change. New times follow createEvent's rules (start alone keeps the event's length; end or durationMinutes alone keep its start; the event keeps its time zone, so a UTC event given a local start stays in UTC, unless timeZone is given). A recurring event changes as a whole series.
Inputs: person | path, folder, uid, and any of title, start, end, durationMinutes, timeZone, location, description, attendees (replaces the list), recurrence ("" removes it).
Output: { path, before, after } (the event before and after). Staged: the file reaches the disk at Apply.
Errors: NOT_FOUND (no calendar, no event with that uid: the message lists the calendar's events), INVALID_ARGUMENTS (as createEvent, or nothing to change), INVALID_FILE / TOO_LARGE (broken or oversized calendar), PERMISSION_DENIED.`,
  parameters: z.object({
    ...calendarTarget,
    uid: z.string().min(1).describe("the event's UID"),
    title: eventFields.title.optional(),
    start: eventFields.start.optional(),
    end: eventFields.end,
    durationMinutes: eventFields.durationMinutes,
    timeZone: eventFields.timeZone,
    location: eventFields.location,
    description: eventFields.description,
    attendees: eventFields.attendees,
    recurrence: eventFields.recurrence,
  }),
  returns: z.object({
    path: z.string().describe('the .ics file written'),
    before: eventSchema.describe('the event as it was'),
    after: eventSchema.describe('the event as written'),
  }),
  examples: [
    `const { events } = await calendar.listEvents({ person: 'Bob', text: 'dinner' });
await calendar.updateEvent({ person: 'Bob', uid: events[0].uid, start: '2024-05-01T20:00', location: 'Luigi\\'s' });`,
  ],
  composition:
    "Get the uid with calendar.listEvents first. To move an event to another person's calendar, calendar.createEvent there and calendar.deleteEvent here.",
  effects: 'stage',
  run: async (args, ctx) => {
    const changes = ['title', 'start', 'end', 'durationMinutes', 'timeZone', 'location', 'description', 'attendees', 'recurrence'] as const;
    if (!changes.some((k) => args[k] !== undefined)) throw new ApiError('INVALID_ARGUMENTS', `nothing to change: give one of ${changes.join(', ')}`);
    const { path, label } = await targetPath(ctx, args);
    const cal = await loadCalendar(ctx, path, label, true);
    const zc = zoneContext(args.timeZone ?? 'UTC', [cal]);
    const { component, record } = findEvent(cal, args.uid, zc);
    if (args.start !== undefined || args.end !== undefined || args.durationMinutes !== undefined || args.timeZone !== undefined) {
      const keepLength = args.end === undefined && args.durationMinutes === undefined;
      const times = planTimes({
        start: args.start ?? record.start,
        ...(args.end !== undefined ? { end: args.end } : {}),
        ...(args.durationMinutes !== undefined ? { durationMinutes: args.durationMinutes } : {}),
        ...(keepLength && !record.allDay ? { durationMinutes: Math.max(1, Math.round((record.endMs - record.startMs) / 60_000)) } : {}),
        ...(keepLength && record.allDay && (args.start === undefined || args.start.length <= 10) ? { end: lastDay(record.start, record.end, args.start) } : {}),
        ...(args.timeZone !== undefined ? { timeZone: args.timeZone } : record.timeZone && !/Z$/.test(args.start ?? '') ? { timeZone: record.timeZone } : {}),
      });
      applyTimes(cal.root, component, times);
    }
    setText(component, 'summary', args.title);
    setText(component, 'location', args.location);
    setText(component, 'description', args.description);
    if (args.attendees) setAttendees(component, args.attendees);
    if (args.recurrence !== undefined) setRecurrence(component, args.recurrence);
    stamp(component, false);
    const after = recordOf(component, cal, zoneContext(args.timeZone ?? 'UTC', [cal]));
    await saveCalendar(ctx, cal);
    return { path, before: eventOut(record), after: eventOut(after) };
  },
});

/** The inclusive last day of a whole-day event moved to `newStart`, keeping its number of days. */
function lastDay(start: string, end: string, newStart: string | undefined): string {
  const days = Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000);
  const from = Date.parse(`${(newStart ?? start).slice(0, 10)}T00:00:00Z`);
  return new Date(from + (Math.max(1, days) - 1) * 86_400_000).toISOString().slice(0, 10);
}
