import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { eventsOf } from './ics';
import { slotsOf } from './overlap';
import { rangeOf } from './range';
import { referenceZone, zoneContext } from './schemas';
import { calendarFiles, loadCalendar, personPath } from './store';
import { clockMinutes, isoLocal, wallIn, WHEN_HELP, zonedMs } from './time';

const MAX_SLOTS = 500;
const MAX_WINDOW_DAYS = 366;

export const findFreeTime = defineApi({
  name: 'findFreeTime',
  description: `Find times when everyone named is free for a given duration: the gaps between all their events (calendar/<person>.ics each; a person without a calendar counts as free and is listed in noCalendar) inside the window from..to, optionally only within working hours on each day, optionally weekdays only. Whole-day events count as busy only with includeAllDay. Times are read and shown in timeZone (default UTC, where a local "10:30" and "10:30Z" are the same moment, as in OfficeBench files).
Inputs: people, durationMinutes, from, to (ISO 8601; a bare "to" date includes that day), workingHours { start: "09:00", end: "17:00" }, weekdaysOnly, includeAllDay, folder, timeZone.
Output: { slots: [{ start, end, minutes }] (free stretches at least durationMinutes long, earliest first, at most ${MAX_SLOTS}), first: { start, end } | null (the earliest slot cut to durationMinutes), noCalendar }. Times are local wall-clock ISO strings in timeZone ("2024-05-01T14:30:00"): pass them to calendar.createEvent as they are (with the same timeZone unless it is UTC).
Errors: INVALID_ARGUMENTS (no people, window over ${MAX_WINDOW_DAYS} days or reversed, bad dates, hours or zone), INVALID_FILE / TOO_LARGE (a broken calendar), PERMISSION_DENIED.`,
  parameters: z.object({
    people: z.array(z.string().min(1).max(64)).min(1).max(100).describe('whose calendars must all be free'),
    durationMinutes: z
      .number()
      .int()
      .positive()
      .max(60 * 24 * 14)
      .describe('how long the meeting is'),
    from: z.string().min(8).max(40).describe(`start of the search window: ${WHEN_HELP}`),
    to: z.string().min(8).max(40).describe('end of the search window ("2024-05-01" alone means the end of that day)'),
    workingHours: z
      .object({ start: z.string().describe('"09:00"'), end: z.string().describe('"17:00"') })
      .optional()
      .describe('only look between these times of day (in timeZone); omitted: any time in the window'),
    weekdaysOnly: z.boolean().default(false).describe('skip Saturdays and Sundays'),
    includeAllDay: z.boolean().default(false).describe('count whole-day events as busy'),
    folder: z.string().min(1).default('calendar').describe('the folder holding one .ics per person'),
    timeZone: referenceZone,
  }),
  returns: z.object({
    slots: z
      .array(
        z.object({
          start: z.string().describe('free from'),
          end: z.string().describe('free until'),
          minutes: z.number().describe('length of the free stretch'),
        }),
      )
      .describe('free stretches, earliest first'),
    first: z
      .object({ start: z.string().describe('meeting start'), end: z.string().describe('meeting end') })
      .nullable()
      .describe('the earliest fitting meeting time, or null when none fits'),
    noCalendar: z.array(z.string()).describe('people who have no calendar file (counted as free)'),
  }),
  examples: [
    `const free = await calendar.findFreeTime({
  people: ['Bob', 'Tom'], durationMinutes: 60, from: '2024-05-01', to: '2024-05-01',
  workingHours: { start: '09:00', end: '17:00' },
});
if (free.first) {
  for (const person of ['Bob', 'Tom']) {
    await calendar.createEvent({ person, title: 'Zoom meeting', start: free.first.start, end: free.first.end });
  }
}`,
  ],
  composition: "Then calendar.createEvent in each person's calendar with first.start and first.end (an overlap is refused unless allowOverlap: true).",
  effects: 'read',
  run: async (args, ctx) => {
    const zone = args.timeZone;
    const { fromMs, toMs } = rangeOf(args, zone) as { fromMs: number; toMs: number };
    if (toMs - fromMs > MAX_WINDOW_DAYS * 86_400_000) throw new ApiError('INVALID_ARGUMENTS', `the window is longer than ${MAX_WINDOW_DAYS} days`);
    const hours = args.workingHours
      ? [clockMinutes(args.workingHours.start, 'workingHours.start'), clockMinutes(args.workingHours.end, 'workingHours.end')]
      : undefined;
    if (hours && hours[1]! <= hours[0]!) throw new ApiError('INVALID_ARGUMENTS', 'workingHours.end must be after workingHours.start');
    const existing = new Set((await calendarFiles(ctx, args.folder)).map((f) => f.toLowerCase()));
    const busy: [number, number][] = [];
    const noCalendar: string[] = [];
    for (const person of args.people) {
      const path = await personPath(ctx, args.folder, person);
      if (!existing.has(path.slice(path.lastIndexOf('/') + 1).toLowerCase())) {
        noCalendar.push(person);
        continue;
      }
      const cal = await loadCalendar(ctx, path, person, true);
      const zc = zoneContext(zone, [cal]);
      for (const s of slotsOf(eventsOf(cal, zc), zc, { fromMs, toMs }, args.includeAllDay)) busy.push([s.startMs, s.endMs]);
    }
    busy.sort((a, b) => a[0] - b[0]);
    const need = args.durationMinutes * 60_000;
    const slots: { start: string; end: string; minutes: number }[] = [];
    for (const [winStart, winEnd] of windows(fromMs, toMs, zone, hours, args.weekdaysOnly)) {
      let cursor = winStart;
      for (const [s, e] of busy) {
        if (e <= cursor || s >= winEnd) continue;
        if (s - cursor >= need) slots.push(slot(cursor, s, zone));
        cursor = Math.max(cursor, e);
        if (cursor >= winEnd) break;
      }
      if (winEnd - cursor >= need) slots.push(slot(cursor, winEnd, zone));
      if (slots.length >= MAX_SLOTS) break;
    }
    const head = slots[0];
    const first = head ? { start: head.start, end: isoLocal(wallIn(zonedMs(parseLocal(head.start), zone) + need, zone)) } : null;
    return { slots: slots.slice(0, MAX_SLOTS), first, noCalendar };
  },
});

function slot(s: number, e: number, zone: string): { start: string; end: string; minutes: number } {
  return { start: isoLocal(wallIn(s, zone)), end: isoLocal(wallIn(e, zone)), minutes: Math.round((e - s) / 60_000) };
}

function parseLocal(text: string) {
  const [d, t] = text.split('T') as [string, string];
  const [year, month, day] = d.split('-').map(Number) as [number, number, number];
  const [hour, minute, second] = t.split(':').map(Number) as [number, number, number];
  return { year, month, day, hour, minute, second };
}

/** The searchable stretches: the whole window, or each day's working hours inside it. */
function windows(fromMs: number, toMs: number, zone: string, hours: number[] | undefined, weekdaysOnly: boolean): [number, number][] {
  if (!hours && !weekdaysOnly) return [[fromMs, toMs]];
  const out: [number, number][] = [];
  const startDay = wallIn(fromMs, zone);
  for (let d = Date.UTC(startDay.year, startDay.month - 1, startDay.day); ; d += 86_400_000) {
    const date = new Date(d);
    const day = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
    const midnight = zonedMs({ ...day, hour: 0, minute: 0, second: 0 }, zone);
    if (midnight >= toMs) break;
    if (weekdaysOnly && (date.getUTCDay() === 0 || date.getUTCDay() === 6)) continue;
    const [a, b] = hours ?? [0, 24 * 60];
    const at = (minutes: number) =>
      minutes >= 24 * 60
        ? zonedMs({ ...nextDay(d), hour: 0, minute: 0, second: 0 }, zone)
        : zonedMs({ ...day, hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0 }, zone);
    const s = Math.max(fromMs, at(a!));
    const e = Math.min(toMs, at(b!));
    if (e > s) out.push([s, e]);
  }
  return out;
}

function nextDay(d: number): { year: number; month: number; day: number } {
  const n = new Date(d + 86_400_000);
  return { year: n.getUTCFullYear(), month: n.getUTCMonth() + 1, day: n.getUTCDate() };
}
