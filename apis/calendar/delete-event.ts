import { z } from 'zod';
import { defineApi } from '../sdk';
import { eventOut, eventSchema, zoneContext } from './schemas';
import { calendarTarget, findEvent, loadCalendar, saveCalendar, targetPath } from './store';

export const deleteEvent = defineApi({
  name: 'deleteEvent',
  description: `Delete an event (a recurring event: the whole series) by its uid from a person's calendar or an .ics file. Destructive: the person is asked before it runs, and the calendar changes only at Apply (Undo restores it). The calendar file itself stays, even when it becomes empty.
Inputs: person | path, folder, uid. Output: { path, deleted } (the event removed).
Errors: NOT_FOUND (no calendar, no event with that uid: the message lists the calendar's events), INVALID_FILE / TOO_LARGE (broken or oversized calendar), PERMISSION_DENIED.`,
  parameters: z.object({
    ...calendarTarget,
    uid: z.string().min(1).describe("the event's UID, from calendar.listEvents"),
  }),
  returns: z.object({ path: z.string().describe('the .ics file written'), deleted: eventSchema.describe('the event removed') }),
  examples: [
    `const { events } = await calendar.listEvents({ person: 'Bob', text: 'nap' });
for (const e of events) await calendar.deleteEvent({ person: 'Bob', uid: e.uid });`,
  ],
  composition: 'Find the uid with calendar.listEvents (text, from/to). Every VEVENT with that UID goes (a series with its changed occurrences).',
  effects: 'destructive',
  run: async (args, ctx) => {
    const { path, label } = await targetPath(ctx, args);
    const cal = await loadCalendar(ctx, path, label, true);
    const zc = zoneContext('UTC', [cal]);
    const { record } = findEvent(cal, args.uid, zc);
    for (const c of cal.root.getAllSubcomponents('vevent')) if (c.getFirstPropertyValue('uid') === args.uid) cal.root.removeSubcomponent(c);
    await saveCalendar(ctx, cal);
    return { path, deleted: eventOut(record) };
  },
});
