import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { z } from 'zod';
import { ApiError } from '../sdk';
import { checkZone, isoLocal, msWall, parseWhen, wallIn, wallMs, WHEN_HELP, zonedMs, type Wall, type When } from './time';

/** The event fields createEvent and updateEvent share; every .describe() here is the APIs' documentation. */
export const eventFields = {
  title: z.string().min(1).max(1000).describe('the event\'s title (SUMMARY), e.g. "Meeting" or "dinner"'),
  start: z
    .string()
    .min(8)
    .max(40)
    .describe(`when it starts, ${WHEN_HELP}. A local time stays local (DTSTART:20240517T103000, as OfficeBench files write it) unless timeZone is given`),
  end: z
    .string()
    .min(8)
    .max(40)
    .optional()
    .describe('when it ends, in the same forms as start; for a whole-day event, the LAST day (inclusive: "2024-06-23" for a trip ending that day)'),
  durationMinutes: z
    .number()
    .int()
    .positive()
    .max(60 * 24 * 366)
    .optional()
    .describe('length in minutes, instead of end (timed events only); with neither, a timed event lasts 60 minutes and a whole-day event one day'),
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('IANA time zone of start/end ("Europe/Paris", "America/New_York"): written as TZID with a VTIMEZONE; "UTC" writes times with Z'),
  location: z.string().max(1000).optional().describe('where (LOCATION)'),
  description: z.string().max(100_000).optional().describe('notes (DESCRIPTION)'),
  attendees: z.array(z.string().min(1).max(320)).max(500).optional().describe('people invited: "Name <email>", an email, or a bare name'),
  recurrence: z.string().max(500).optional().describe('an RFC 5545 RRULE such as "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10" or "FREQ=DAILY;UNTIL=20240630T000000Z"'),
};

export interface TimeArgs {
  start: string;
  end?: string | undefined;
  durationMinutes?: number | undefined;
  timeZone?: string | undefined;
}

/** How the event's times are written: whole days, floating local, UTC (Z), or local in a TZID. */
type Mode = { kind: 'date' } | { kind: 'floating' } | { kind: 'utc' } | { kind: 'zone'; zone: string };

export interface PlannedTimes {
  start: ICAL.Time;
  end: ICAL.Time;
  tzid: string | undefined;
}

function icalTime(w: Wall, mode: Mode): ICAL.Time {
  const date = mode.kind === 'date';
  const data = { year: w.year, month: w.month, day: w.day, hour: date ? 0 : w.hour, minute: date ? 0 : w.minute, second: date ? 0 : w.second, isDate: date };
  return mode.kind === 'utc' ? ICAL.Time.fromData(data, ICAL.Timezone.utcTimezone) : ICAL.Time.fromData(data);
}

/** The wall clock `when` names in `mode` (an instant is converted into the mode's zone). */
function wallFor(when: When, mode: Mode, field: string): Wall {
  if (when.kind === 'instant') {
    if (mode.kind === 'utc') return msWall(when.ms);
    if (mode.kind === 'zone') return wallIn(when.ms, mode.zone);
    throw new ApiError('INVALID_ARGUMENTS', `${field} has an offset but start is a local time; write both with or both without an offset`);
  }
  if (when.kind === 'date' && mode.kind !== 'date')
    throw new ApiError('INVALID_ARGUMENTS', `${field} is a date but start has a time; give ${field} a time too ("2024-05-17T11:00")`);
  if (when.kind !== 'date' && mode.kind === 'date')
    throw new ApiError('INVALID_ARGUMENTS', `${field} has a time but start is a whole day; give both as dates or both with times`);
  return when.wall;
}

/** Adds minutes to a wall clock in the mode's zone (across DST changes for a TZID). */
function addMinutes(w: Wall, minutes: number, mode: Mode): Wall {
  if (mode.kind === 'zone') return wallIn(zonedMs(w, mode.zone) + minutes * 60_000, mode.zone);
  return msWall(wallMs(w) + minutes * 60_000);
}

/** Turns start/end/duration/timeZone into the DTSTART and DTEND to write, refusing contradictions. */
export function planTimes(args: TimeArgs): PlannedTimes {
  const start = parseWhen(args.start, 'start');
  if (args.end !== undefined && args.durationMinutes !== undefined) throw new ApiError('INVALID_ARGUMENTS', 'give end or durationMinutes, not both');
  const zone = args.timeZone === undefined ? undefined : checkZone(args.timeZone);
  const mode: Mode =
    start.kind === 'date'
      ? { kind: 'date' }
      : zone === 'UTC' || (start.kind === 'instant' && !zone)
        ? { kind: 'utc' }
        : zone
          ? { kind: 'zone', zone }
          : { kind: 'floating' };
  const startWall = wallFor(start, mode, 'start');
  let endWall: Wall;
  if (mode.kind === 'date') {
    if (args.durationMinutes !== undefined) throw new ApiError('INVALID_ARGUMENTS', 'a whole-day event takes end (its last day), not durationMinutes');
    const last = args.end === undefined ? startWall : wallFor(parseWhen(args.end, 'end'), mode, 'end');
    if (wallMs(last) < wallMs(startWall)) throw new ApiError('INVALID_ARGUMENTS', `end ${args.end} is before start ${args.start}`);
    endWall = msWall(wallMs(last) + 86_400_000);
  } else if (args.end !== undefined) {
    endWall = wallFor(parseWhen(args.end, 'end'), mode, 'end');
    const length = mode.kind === 'zone' ? zonedMs(endWall, mode.zone) - zonedMs(startWall, mode.zone) : wallMs(endWall) - wallMs(startWall);
    if (length <= 0) throw new ApiError('INVALID_ARGUMENTS', `end ${args.end} is not after start ${args.start}`);
  } else {
    endWall = addMinutes(startWall, args.durationMinutes ?? 60, mode);
  }
  return { start: icalTime(startWall, mode), end: icalTime(endWall, mode), tzid: mode.kind === 'zone' ? mode.zone : undefined };
}

function setTime(event: ICAL.Component, name: string, time: ICAL.Time, tzid: string | undefined): void {
  event.removeAllProperties(name);
  const prop = event.addPropertyWithValue(name, time);
  if (tzid) prop.setParameter('tzid', tzid);
}

/** Writes DTSTART/DTEND (dropping DURATION) and makes sure the calendar defines the TZID used. */
export function applyTimes(root: ICAL.Component, event: ICAL.Component, times: PlannedTimes): void {
  event.removeAllProperties('duration');
  setTime(event, 'dtstart', times.start, times.tzid);
  setTime(event, 'dtend', times.end, times.tzid);
  if (times.tzid && !root.getAllSubcomponents('vtimezone').some((c) => c.getFirstPropertyValue('tzid') === times.tzid)) {
    root.addSubcomponent(vtimezone(times.tzid, times.start.year));
  }
}

function offsetAt(ms: number, zone: string): number {
  return Math.round((wallMs(wallIn(ms, zone)) - ms) / 60_000);
}

function utcOffset(minutes: number): ICAL.UtcOffset {
  return ICAL.UtcOffset.fromSeconds(minutes * 60);
}

/**
 * A VTIMEZONE for an IANA zone, built from Intl: one observance per offset change from two years before
 * `year` to eight after (RFC 5545 wants one for every TZID used; readers without a zone database need it).
 */
export function vtimezone(zone: string, year: number): ICAL.Component {
  const vtz = new ICAL.Component('vtimezone');
  vtz.addPropertyWithValue('tzid', zone);
  vtz.addPropertyWithValue('x-lic-location', zone);
  const from = Date.UTC(year - 2, 0, 1);
  const to = Date.UTC(year + 8, 0, 1);
  const first = offsetAt(from, zone);
  const transitions: { ms: number; before: number; after: number }[] = [];
  let previous = first;
  for (let t = from + 86_400_000; t <= to; t += 86_400_000) {
    const now = offsetAt(t, zone);
    if (now === previous) continue;
    let lo = t - 86_400_000;
    let hi = t;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetAt(mid, zone) === previous) lo = mid;
      else hi = mid;
    }
    transitions.push({ ms: hi, before: previous, after: now });
    previous = now;
  }
  const standard = Math.min(first, ...transitions.map((t) => t.after));
  const observance = (ms: number, before: number, after: number) => {
    const c = new ICAL.Component(after > standard ? 'daylight' : 'standard');
    c.addPropertyWithValue('dtstart', ICAL.Time.fromDateTimeString(isoLocal(msWall(ms + before * 60_000))));
    c.addPropertyWithValue('tzoffsetfrom', utcOffset(before));
    c.addPropertyWithValue('tzoffsetto', utcOffset(after));
    vtz.addSubcomponent(c);
  };
  observance(Date.UTC(1970, 0, 1), first, first);
  for (const t of transitions) observance(t.ms, t.before, t.after);
  return vtz;
}

/** "Name <email>" / email / name → ATTENDEE (a bare name gets Thunderbird's invalid:nomail address). */
export function setAttendees(event: ICAL.Component, attendees: readonly string[]): void {
  event.removeAllProperties('attendee');
  for (const raw of attendees) {
    const m = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(raw);
    const email = m ? m[2]! : /^[^\s@]+@[^\s@]+$/.test(raw.trim()) ? raw.trim() : undefined;
    const name = m ? m[1]!.replace(/^"|"$/g, '') : email ? undefined : raw.trim();
    const prop = event.addPropertyWithValue('attendee', email ? `mailto:${email}` : 'invalid:nomail');
    if (name) prop.setParameter('cn', name);
  }
}

/** Checks an RRULE and writes it (an empty string removes it). */
export function setRecurrence(event: ICAL.Component, rule: string): void {
  event.removeAllProperties('rrule');
  const text = rule.trim().replace(/^RRULE:/i, '');
  if (text === '') return;
  let recur: ICAL.Recur;
  try {
    recur = ICAL.Recur.fromString(text);
  } catch (error) {
    throw new ApiError('INVALID_ARGUMENTS', `recurrence "${rule}" is not an RRULE: ${(error as Error).message}`);
  }
  if (!recur.freq) throw new ApiError('INVALID_ARGUMENTS', `recurrence "${rule}" has no FREQ (write e.g. "FREQ=WEEKLY;COUNT=4")`);
  event.addPropertyWithValue('rrule', recur);
}

export function setText(event: ICAL.Component, name: string, value: string | undefined): void {
  if (value === undefined) return;
  event.removeAllProperties(name);
  if (value !== '') event.addPropertyWithValue(name, value);
}

/** Marks a change: DTSTAMP and LAST-MODIFIED now, SEQUENCE bumped on updates. */
export function stamp(event: ICAL.Component, created: boolean): void {
  const now = ICAL.Time.fromJSDate(new Date(Math.floor(Date.now() / 1000) * 1000), true);
  event.updatePropertyWithValue('dtstamp', now);
  if (created) {
    event.updatePropertyWithValue('uid', `${randomUUID()}@switchboard`);
    return;
  }
  event.updatePropertyWithValue('last-modified', now);
  const sequence = Number(event.getFirstPropertyValue('sequence') ?? 0);
  event.updatePropertyWithValue('sequence', Number.isFinite(sequence) ? sequence + 1 : 1);
}
