import { z } from 'zod';
import { defineApi } from '../sdk';
import { eventsOf, occurrences } from './ics';
import { rangeFields, rangeOf } from './range';
import { eventOut, eventSchema, referenceZone, zoneContext, type EventOut } from './schemas';
import { calendarTarget, loadMany } from './store';

const MAX_LISTED = 5000;

export const listEvents = defineApi({
  name: 'listEvents',
  description: `List calendar events (.ics, RFC 5545), sorted by start: one person's calendar (calendar/<person>.ics), several people, any .ics file (path), or with none of these every calendar in the folder.
Filters: from/to (ISO 8601 dates or date-times; events overlapping the range), text (case-insensitive, in title, description, location and attendees). A recurring event (RRULE) is listed once per occurrence inside the range; without a range, once per occurrence for its first 100.
Inputs: person | people | path, folder, from, to, text, timeZone. Output: { events: [{ uid, title, start, end, allDay, timeZone, location, description, attendees, recurrence, calendar, durationMinutes }], calendars: [names read], truncated } (at most ${MAX_LISTED} events).
Errors: NOT_FOUND (no such calendar), INVALID_FILE (not iCalendar, a malformed date: nothing is read past the error), TOO_LARGE (over 10 MB or 20,000 events in a file), INVALID_ARGUMENTS (a date that is not ISO 8601, an unknown time zone), PERMISSION_DENIED.`,
  parameters: z.object({
    ...calendarTarget,
    people: z.array(z.string().min(1).max(64)).max(100).optional().describe("several people's calendars at once"),
    ...rangeFields,
    text: z.string().max(200).optional().describe('keep events whose title, description, location or attendees contain this (case-insensitive)'),
    timeZone: referenceZone,
  }),
  returns: z.object({
    events: z.array(eventSchema).describe('matching events, earliest first'),
    calendars: z.array(z.string()).describe('the calendars read'),
    truncated: z.boolean().describe(`true when more than ${MAX_LISTED} matched`),
  }),
  examples: [
    `const { events } = await calendar.listEvents({ person: 'Bob', from: '2024-05-01', to: '2024-05-01' });
for (const e of events) log(\`\${e.start} to \${e.end}: \${e.title}\`);`,
    `const { events } = await calendar.listEvents({ text: 'dinner' }); // every person's calendar
log(events.map((e) => \`\${e.calendar}: \${e.title}\`));`,
  ],
  composition:
    'Read before writing: use the uid from here with calendar.updateEvent or calendar.deleteEvent. calendar.findFreeTime finds common free slots; calendar.checkOverlaps lists conflicts. To put events in a sheet or document, map them into xlsx.createWorkbook rows or docx blocks.',
  effects: 'read',
  run: async (args, ctx) => {
    const calendars = await loadMany(ctx, args);
    const zc = zoneContext(args.timeZone, calendars);
    const { fromMs, toMs } = rangeOf(args, args.timeZone);
    const needle = args.text?.toLowerCase();
    const out: (EventOut & { at: number })[] = [];
    for (const cal of calendars) {
      for (const { component, record } of eventsOf(cal, zc)) {
        if (needle && ![record.title, record.description ?? '', record.location ?? '', ...record.attendees].some((t) => t.toLowerCase().includes(needle)))
          continue;
        for (const o of occurrences(component, record, zc, fromMs, toMs)) {
          const touches =
            (fromMs === undefined || o.endMs > fromMs || (o.endMs === o.startMs && o.startMs === fromMs)) && (toMs === undefined || o.startMs < toMs);
          if (touches) out.push({ ...eventOut(record, o), at: o.startMs });
        }
      }
    }
    out.sort((a, b) => a.at - b.at || a.calendar.localeCompare(b.calendar));
    return { events: out.slice(0, MAX_LISTED).map(({ at: _at, ...e }) => e), calendars: calendars.map((c) => c.label), truncated: out.length > MAX_LISTED };
  },
});
