import { z } from 'zod';
import { defineApi } from '../sdk';
import { eventsOf } from './ics';
import { overlappingPairs, slotsOf, type Slot } from './overlap';
import { rangeFields, rangeOf } from './range';
import { eventSchema, referenceZone, zoneContext } from './schemas';
import { calendarTarget, loadMany } from './store';

const MAX_CONFLICTS = 1000;

export const checkOverlaps = defineApi({
  name: 'checkOverlaps',
  description: `Find conflicts: pairs of events that share time, in one person's calendar, several people's (clashes between them included by default; across: false checks each alone), an .ics file, or every calendar in the folder. Events that only touch (one ends when the next starts) do not conflict; whole-day events are left out unless includeAllDay. Recurring events are expanded (inside from/to, or their first 100 occurrences).
Inputs: person | people | path, folder, from, to, across, includeAllDay, timeZone. Output: { conflicts: [{ calendar, first, second, overlapMinutes }], events } (events: how many occurrences were checked; at most ${MAX_CONFLICTS} conflicts).
Errors: NOT_FOUND, INVALID_FILE, TOO_LARGE, INVALID_ARGUMENTS (bad dates or zone), PERMISSION_DENIED.`,
  parameters: z.object({
    ...calendarTarget,
    people: z.array(z.string().min(1).max(64)).max(100).optional().describe("several people's calendars"),
    ...rangeFields,
    across: z
      .boolean()
      .optional()
      .describe("also report conflicts between different people's events (one merged timeline); default true when people names more than one"),
    includeAllDay: z.boolean().default(false).describe('count whole-day events as busy'),
    timeZone: referenceZone,
  }),
  returns: z.object({
    conflicts: z
      .array(
        z.object({
          calendar: z.string().describe('whose calendar (for across: "A + B")'),
          first: eventSchema.describe('the event that starts first'),
          second: eventSchema.describe('the event it overlaps'),
          overlapMinutes: z.number().describe('minutes shared'),
        }),
      )
      .describe('conflicting pairs, earliest first'),
    events: z.number().describe('event occurrences checked'),
  }),
  examples: [
    `const { conflicts } = await calendar.checkOverlaps({ person: 'Alice' });
for (const c of conflicts) log(\`\${c.first.title} overlaps \${c.second.title} by \${c.overlapMinutes} min\`);`,
  ],
  composition:
    'Resolve a conflict with calendar.updateEvent (move one) or calendar.deleteEvent; find a free slot with calendar.findFreeTime. calendar.createEvent refuses to add one unless allowOverlap: true.',
  effects: 'read',
  run: async (args, ctx) => {
    const calendars = await loadMany(ctx, args);
    const zc = zoneContext(args.timeZone, calendars);
    const range = rangeOf(args, args.timeZone);
    const groups: Slot[][] = calendars.map((cal) => slotsOf(eventsOf(cal, zc), zc, range, args.includeAllDay));
    const across = args.across ?? (args.people?.length ?? 0) > 1;
    const timelines = across ? [groups.flat().sort((a, b) => a.startMs - b.startMs)] : groups;
    const conflicts = timelines.flatMap((slots) =>
      overlappingPairs(slots, MAX_CONFLICTS).map(([a, b]) => ({
        calendar: a.record.calendar === b.record.calendar ? a.record.calendar : `${a.record.calendar} + ${b.record.calendar}`,
        first: a.out,
        second: b.out,
        overlapMinutes: Math.round((Math.min(a.endMs, b.endMs) - b.startMs) / 60_000),
      })),
    );
    return { conflicts: conflicts.slice(0, MAX_CONFLICTS), events: groups.reduce((n, g) => n + g.length, 0) };
  },
});
