import { writeFile } from 'node:fs/promises';
import type ICAL from 'ical.js';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { emptyCalendar, eventsOf, occurrences, serializeIcs } from './ics';
import { rangeFields, rangeOf } from './range';
import { referenceZone, zoneContext } from './schemas';
import { calendarTarget, loadMany } from './store';

export const exportIcs = defineApi({
  name: 'exportIcs',
  description: `Write chosen events to a standalone .ics file (to send as an invitation, or to import into Outlook, Google or Apple Calendar): from a person's calendar, several people's, an .ics path, or every calendar in the folder, filtered by from/to and text. Recurring events are exported whole (with their RRULE) when any occurrence matches; the VTIMEZONEs they use come along.
Inputs: output (.ics to write), person | people | path, folder, from, to, text, overwrite, timeZone.
Output: { output, events } (how many VEVENTs were written). Staged: the file reaches the disk at Apply.
Errors: INVALID_ARGUMENTS (output not .ics, output exists without overwrite, no event matches, bad dates), NOT_FOUND, INVALID_FILE, TOO_LARGE, PERMISSION_DENIED.`,
  parameters: z.object({
    output: z.string().min(1).describe('the .ics file to write, e.g. "data/meeting.ics"'),
    ...calendarTarget,
    people: z.array(z.string().min(1).max(64)).max(100).optional().describe("several people's calendars"),
    ...rangeFields,
    text: z.string().max(200).optional().describe('only events whose title, description, location or attendees contain this'),
    overwrite: z.boolean().default(false).describe('replace an existing output file'),
    timeZone: referenceZone,
  }),
  returns: z.object({ output: z.string().describe('the file written'), events: z.number().describe('VEVENTs written') }),
  examples: [`await calendar.exportIcs({ person: 'Bob', text: 'meeting', from: '2024-05-01', output: 'data/meeting.ics' });`],
  composition: 'Attach the file to an email, or bring it into another calendar with calendar.importIcs.',
  effects: 'stage',
  run: async (args, ctx) => {
    if (!/\.ics$/i.test(args.output)) throw new ApiError('INVALID_ARGUMENTS', `${args.output} must end in .ics`);
    const exists = await ctx.staging.readPath(args.output).then(
      () => true,
      (e: unknown) => (e instanceof ApiError && e.code === 'NOT_FOUND' ? false : Promise.reject(e)),
    );
    if (exists && !args.overwrite) throw new ApiError('INVALID_ARGUMENTS', `${args.output} exists; pass overwrite: true`);
    const calendars = await loadMany(ctx, args);
    const zc = zoneContext(args.timeZone, calendars);
    const { fromMs, toMs } = rangeOf(args, args.timeZone);
    const needle = args.text?.toLowerCase();
    const out = emptyCalendar();
    const tzids = new Set<string>();
    const chosen: ICAL.Component[] = [];
    for (const cal of calendars) {
      for (const { component, record } of eventsOf(cal, zc)) {
        if (needle && ![record.title, record.description ?? '', record.location ?? '', ...record.attendees].some((t) => t.toLowerCase().includes(needle)))
          continue;
        const hits = occurrences(component, record, zc, fromMs, toMs).filter(
          (o) => (fromMs === undefined || o.endMs > fromMs) && (toMs === undefined || o.startMs < toMs),
        );
        if (hits.length === 0) continue;
        chosen.push(component);
        if (record.timeZone && record.timeZone !== 'UTC') tzids.add(record.timeZone);
      }
      for (const vtz of cal.root.getAllSubcomponents('vtimezone')) {
        const id = String(vtz.getFirstPropertyValue('tzid'));
        if (tzids.has(id) && !out.getAllSubcomponents('vtimezone').some((c) => c.getFirstPropertyValue('tzid') === id)) out.addSubcomponent(vtz);
      }
    }
    for (const component of chosen) out.addSubcomponent(component);
    const count = chosen.length;
    if (count === 0) throw new ApiError('INVALID_ARGUMENTS', 'no event matches; nothing was written');
    const staged = await ctx.staging.stageFile(args.output, 'other');
    await writeFile(staged, serializeIcs(out));
    return { output: args.output, events: count };
  },
});
