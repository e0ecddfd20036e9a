import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import { ApiError, type ApiContext } from '../sdk';
import { emptyCalendar, eventsOf, ICS_LIMITS, parseIcs, serializeIcs, type Calendar, type EventRecord, type ZoneContext } from './ics';
import type ICAL from 'ical.js';

/** The fields every calendar API takes to say which calendar: a person's file in the folder, or any .ics path. */
export const calendarTarget = {
  person: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('whose calendar: the file <folder>/<person>.ics (OfficeBench layout), matched case-insensitively; created when missing by writing APIs'),
  path: z.string().min(1).optional().describe('any .ics file instead of a person\'s calendar (e.g. "data/meeting.ics")'),
  folder: z.string().min(1).default('calendar').describe('the folder holding one .ics per person'),
};

const PERSON = /^[\p{L}\p{N}][\p{L}\p{N} ._'-]{0,63}$/u;

async function existsInRun(ctx: ApiContext, path: string): Promise<boolean> {
  try {
    await ctx.staging.readPath(path);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') return false;
    throw error;
  }
}

/** The .ics file names in the calendar folder, real or staged in this run (deleted ones dropped). */
export async function calendarFiles(ctx: ApiContext, folder: string): Promise<string[]> {
  const dir = await ctx.staging.resolve(folder);
  const names = new Set<string>();
  try {
    for (const entry of await readdir(dir, { withFileTypes: true })) if (entry.isFile() && /\.ics$/i.test(entry.name)) names.add(entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const entry of ctx.staging.entries()) {
    if (dirname(entry.target) !== dir || !/\.ics$/i.test(entry.target)) continue;
    if (entry.action === 'write') names.add(basename(entry.target));
    else names.delete(basename(entry.target));
  }
  return [...names].sort();
}

/** The path of `person`'s calendar: an existing file whose name matches case-insensitively, else <folder>/<person>.ics. */
export async function personPath(ctx: ApiContext, folder: string, person: string): Promise<string> {
  const name = person.trim().replace(/\.ics$/i, '');
  if (!PERSON.test(name)) throw new ApiError('INVALID_ARGUMENTS', `person "${person}" is not a name: letters, digits, spaces, . _ ' - only (no slashes)`);
  const files = await calendarFiles(ctx, folder);
  const match = files.find((f) => f.toLowerCase() === `${name.toLowerCase()}.ics`);
  return `${folder.replace(/\/+$/, '')}/${match ?? `${name}.ics`}`;
}

/** Which file the arguments name; exactly one of person and path is required. */
export async function targetPath(
  ctx: ApiContext,
  args: { person?: string | undefined; path?: string | undefined; folder: string },
): Promise<{ path: string; label: string }> {
  if (args.person && args.path) throw new ApiError('INVALID_ARGUMENTS', 'give person or path, not both');
  if (args.path) {
    if (!/\.ics$/i.test(args.path)) throw new ApiError('INVALID_ARGUMENTS', `${args.path} is not an .ics file`);
    return { path: args.path, label: args.path };
  }
  if (!args.person) throw new ApiError('INVALID_ARGUMENTS', 'say whose calendar: person (e.g. "Bob") or path (an .ics file)');
  const path = await personPath(ctx, args.folder, args.person);
  return { path, label: basename(path, '.ics') };
}

/** Reads and checks the .ics at `path` (this run's staged version first). Missing: an empty calendar unless `mustExist`. */
export async function loadCalendar(ctx: ApiContext, path: string, label: string, mustExist: boolean): Promise<Calendar> {
  if (!(await existsInRun(ctx, path))) {
    if (mustExist) throw new ApiError('NOT_FOUND', `${path} does not exist`);
    await ctx.staging.resolve(path);
    return { path, label, root: emptyCalendar(), exists: false };
  }
  const file = await ctx.staging.readPath(path);
  const size = (await stat(file)).size;
  if (size > ICS_LIMITS.maxBytes) throw new ApiError('TOO_LARGE', `${path} is ${size} bytes; the limit is ${ICS_LIMITS.maxBytes}`);
  return { path, label, root: parseIcs(await readFile(file, 'utf8'), path), exists: true };
}

/** Loads the calendars the arguments name: one person or path, several people, or every calendar in the folder. */
export async function loadMany(
  ctx: ApiContext,
  args: { person?: string | undefined; people?: string[] | undefined; path?: string | undefined; folder: string },
): Promise<Calendar[]> {
  if (args.path || args.person) {
    const { path, label } = await targetPath(ctx, args);
    return [await loadCalendar(ctx, path, label, true)];
  }
  const names = args.people?.length ? args.people : (await calendarFiles(ctx, args.folder)).map((f) => f.replace(/\.ics$/i, ''));
  const out: Calendar[] = [];
  for (const person of names) {
    const path = await personPath(ctx, args.folder, person);
    out.push(await loadCalendar(ctx, path, basename(path, '.ics'), true));
  }
  return out;
}

/** Stages the calendar's text. Call last, after every check passed. */
export async function saveCalendar(ctx: ApiContext, calendar: Calendar): Promise<void> {
  const staged = await ctx.staging.stageFile(calendar.path, 'other');
  await writeFile(staged, serializeIcs(calendar.root));
}

/** The event with `uid`, or NOT_FOUND listing what the calendar holds. */
export function findEvent(calendar: Calendar, uid: string, zc: ZoneContext): { component: ICAL.Component; record: EventRecord } {
  const all = eventsOf(calendar, zc);
  const hit = all.find((e) => e.record.uid === uid);
  if (hit) return hit;
  const known = all.slice(0, 10).map((e) => `${e.record.uid} (${e.record.title})`);
  throw new ApiError('NOT_FOUND', `${calendar.path} has no event with uid ${uid}${known.length ? `; it holds ${known.join(', ')}` : ''}`);
}
