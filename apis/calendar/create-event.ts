import ICAL from 'ical.js';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { applyTimes, eventFields, planTimes, setAttendees, setRecurrence, setText, stamp } from './event-fields';
import { eventsOf, recordOf } from './ics';
import { overlappingPairs, slotsOf } from './overlap';
import { eventOut, eventSchema, zoneContext } from './schemas';
import { calendarTarget, loadCalendar, saveCalendar, targetPath } from './store';

export const createEvent = defineApi({
  name: 'createEvent',
  description: `Add an event to a person's calendar (calendar/<person>.ics, created when missing) or to any .ics file (path, created when missing). Written with ical.js as RFC 5545: a local time stays floating (DTSTART:20240517T103000), "UTC" or a Z time is written with Z, another timeZone as TZID=<zone> with a VTIMEZONE; a date alone ("2024-06-19") makes a whole-day event whose end is its last day.
Inputs: person | path, folder, title, start (ISO 8601), end or durationMinutes (default 60 minutes / one day), timeZone, location, description, attendees, recurrence (RRULE), allowOverlap.
Output: { uid, path, createdFile, event, overlaps } (overlaps: with allowOverlap, the existing events sharing time with the new one; whole-day events ignored). Staged: the file reaches the disk at Apply.
Errors: INVALID_ARGUMENTS (a date that is not ISO 8601, end not after start, both end and durationMinutes, an unknown zone, a bad RRULE, a person name with slashes, neither person nor path; a new event sharing time with an existing one in that calendar, naming them, unless allowOverlap: true), INVALID_FILE / TOO_LARGE (the existing calendar is broken or over the limits: nothing is staged), PERMISSION_DENIED.`,
  parameters: z.object({
    ...calendarTarget,
    ...eventFields,
    allowOverlap: z
      .boolean()
      .default(false)
      .describe(
        'add it even when it shares time with an existing event, e.g. when the request itself gives the times (default: an overlap is refused, nothing written)',
      ),
    refuseOverlap: z.boolean().optional().describe('older name: refuseOverlap: false is allowOverlap: true'),
  }),
  returns: z.object({
    uid: z.string().describe("the new event's UID"),
    path: z.string().describe('the .ics file written'),
    createdFile: z.boolean().describe('true when the calendar file did not exist before'),
    event: eventSchema.describe('the event as written'),
    overlaps: z.array(eventSchema).describe('existing events that share time with it'),
  }),
  examples: [
    `await calendar.createEvent({ person: 'Bob', title: 'Meeting', start: '2024-05-17T10:30', end: '2024-05-17T11:00' });`,
    `const r = await calendar.createEvent({
  person: 'Alice', title: 'Design review', start: '2024-06-03T14:00', durationMinutes: 45,
  timeZone: 'Europe/Paris', location: 'Room 4', attendees: ['Tom <tom@example.com>', 'Linda'],
  recurrence: 'FREQ=WEEKLY;COUNT=4',
});
log(r.uid);`,
    `await calendar.createEvent({ path: 'data/trip.ics', title: 'Travel to Florida', start: '2024-06-19', end: '2024-06-23' });`,
  ],
  composition:
    "Find a slot first with calendar.findFreeTime (people: [...]) and create the event in each person's calendar with the slot's start; an event already there is not added again. Keep the uid to change it later with calendar.updateEvent.",
  effects: 'stage',
  run: async (args, ctx) => {
    const { path, label } = await targetPath(ctx, args);
    const times = planTimes(args);
    const cal = await loadCalendar(ctx, path, label, false);
    const zc = zoneContext(args.timeZone ?? 'UTC', [cal]);
    const existing = eventsOf(cal, zc);
    const event = new ICAL.Component('vevent');
    stamp(event, true);
    setText(event, 'summary', args.title);
    applyTimes(cal.root, event, times);
    setText(event, 'location', args.location);
    setText(event, 'description', args.description);
    if (args.attendees) setAttendees(event, args.attendees);
    if (args.recurrence) setRecurrence(event, args.recurrence);
    cal.root.addSubcomponent(event);
    const record = recordOf(event, cal, zoneContext(args.timeZone ?? 'UTC', [cal]));
    const mine = slotsOf([{ component: event, record }], zc, {}, true);
    const first = mine[0]!;
    const last = mine[mine.length - 1]!;
    const others = slotsOf(existing, zc, { fromMs: first.startMs, toMs: last.endMs }, false);
    const overlaps = record.allDay
      ? []
      : overlappingPairs(
          [...mine, ...others].sort((a, b) => a.startMs - b.startMs),
          200,
        )
          .filter(([a, b]) => (a.record === record) !== (b.record === record))
          .map(([a, b]) => (a.record === record ? b : a).out);
    // A calendar does not double-book silently: the program sees the clash and picks a free slot, or says it means it.
    if (!(args.allowOverlap || args.refuseOverlap === false) && overlaps.length > 0) {
      throw new ApiError(
        'INVALID_ARGUMENTS',
        `${args.title} (${record.start} to ${record.end}) overlaps ${overlaps.map((o) => `${o.title} (${o.start} to ${o.end})`).join(', ')} in ${path}; nothing was written (find a free slot with calendar.findFreeTime, or pass allowOverlap: true to double-book)`,
      );
    }
    await saveCalendar(ctx, cal);
    return { uid: record.uid, path, createdFile: !cal.exists, event: eventOut(record), overlaps };
  },
});
