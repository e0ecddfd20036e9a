import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { eventsOf } from './ics';
import { zoneContext } from './schemas';
import { calendarTarget, loadCalendar, saveCalendar, targetPath } from './store';

export const importIcs = defineApi({
  name: 'importIcs',
  description: `Import the events of any .ics file (an invitation, an export from Outlook, Google or Apple Calendar) into a person's calendar (created when missing) or another .ics file. The source is checked whole first (valid iCalendar, dates, limits); events whose UID the calendar already has are skipped (or replaced with replace: true); the time zones (VTIMEZONE) they use come along.
Inputs: source (.ics path), person | path (the calendar to import into), folder, replace.
Output: { path, imported, replaced, skipped } (counts). Staged: the file reaches the disk at Apply.
Errors: NOT_FOUND (no source), INVALID_FILE (source or target not valid iCalendar, malformed dates), TOO_LARGE (over 10 MB or 20,000 events), INVALID_ARGUMENTS (source not .ics, same file as the target), PERMISSION_DENIED.`,
  parameters: z.object({
    source: z.string().min(1).describe('the .ics file to import'),
    ...calendarTarget,
    replace: z.boolean().default(false).describe('replace events with the same UID instead of skipping them'),
  }),
  returns: z.object({
    path: z.string().describe('the calendar written'),
    imported: z.number().describe('new events added'),
    replaced: z.number().describe('events replaced (replace: true)'),
    skipped: z.number().describe('events already present, left as they were'),
  }),
  examples: [
    `const r = await calendar.importIcs({ source: 'data/invite.ics', person: 'Bob' });
log(\`\${r.imported} imported, \${r.skipped} already there\`);`,
  ],
  composition: 'calendar.listEvents({ path }) shows what a file holds before importing; calendar.checkOverlaps afterwards finds clashes the import made.',
  effects: 'stage',
  run: async (args, ctx) => {
    if (!/\.ics$/i.test(args.source)) throw new ApiError('INVALID_ARGUMENTS', `${args.source} is not an .ics file`);
    const { path, label } = await targetPath(ctx, args);
    if ((await ctx.staging.resolve(args.source)) === (await ctx.staging.resolve(path)))
      throw new ApiError('INVALID_ARGUMENTS', 'source and target are the same file');
    const source = await loadCalendar(ctx, args.source, args.source, true);
    const target = await loadCalendar(ctx, path, label, false);
    const zc = zoneContext('UTC', [source, target]);
    const incoming = eventsOf(source, zc);
    eventsOf(target, zc);
    const have = new Map<string, unknown>();
    for (const c of target.root.getAllSubcomponents('vevent')) have.set(String(c.getFirstPropertyValue('uid') ?? ''), c);
    let imported = 0;
    let replaced = 0;
    let skipped = 0;
    const replacedUids = new Set<string>();
    for (const { component, record } of incoming) {
      if (record.uid && have.has(record.uid) && !replacedUids.has(record.uid)) {
        if (!args.replace) {
          skipped++;
          continue;
        }
        for (const old of target.root.getAllSubcomponents('vevent')) if (old.getFirstPropertyValue('uid') === record.uid) target.root.removeSubcomponent(old);
        replacedUids.add(record.uid);
        replaced++;
      } else imported++;
      target.root.addSubcomponent(component);
    }
    const zones = new Set(target.root.getAllSubcomponents('vtimezone').map((c) => c.getFirstPropertyValue('tzid')));
    for (const vtz of source.root.getAllSubcomponents('vtimezone')) if (!zones.has(vtz.getFirstPropertyValue('tzid'))) target.root.addSubcomponent(vtz);
    await saveCalendar(ctx, target);
    return { path, imported, replaced, skipped };
  },
});
