import ICAL from 'ical.js';
import { ApiError } from '../sdk';
import { isZone, isoDate, isoLocal, wallMs, zonedMs, type Wall } from './time';

/**
 * Reading and writing iCalendar (RFC 5545) with ical.js (Mozilla's parser and serializer, used by
 * Thunderbird): limits are checked on the text before ical.js sees it, and every event is converted once
 * at load so a bad date fails the whole call before anything is staged.
 */

export const ICS_LIMITS = {
  /** Largest .ics read, in bytes. */
  maxBytes: 10 * 1024 * 1024,
  /** Most VEVENTs in one file. */
  maxEvents: 20_000,
  /** Occurrences of one recurring event expanded per call. */
  maxOccurrences: 1_000,
  /** Occurrences expanded for a recurring event when no date range is given. */
  occurrencesWithoutRange: 100,
  /** Deepest component nesting accepted. */
  maxDepth: 16,
} as const;

export const PRODID = '-//Switchboard//calendar 1.0//EN';

/** One event as the APIs return it (times as written in the file) plus its instants for comparisons. */
export interface EventRecord {
  uid: string;
  title: string;
  start: string;
  end: string;
  allDay: boolean;
  timeZone: string | null;
  location: string | null;
  description: string | null;
  attendees: string[];
  recurrence: string | null;
  calendar: string;
  /** Instants (ms) of the first occurrence; floating times read in the reference zone. */
  startMs: number;
  endMs: number;
}

export interface Calendar {
  /** The path as the program named it. */
  path: string;
  /** Person name or path, shown on every event. */
  label: string;
  root: ICAL.Component;
  /** Whether the file exists in this run (real or staged). */
  exists: boolean;
}

/** Parses .ics text into its VCALENDAR, refusing oversized, malformed and non-calendar input. */
export function parseIcs(text: string, what: string): ICAL.Component {
  if (text.length > ICS_LIMITS.maxBytes) throw new ApiError('TOO_LARGE', `${what} is ${text.length} characters; the limit is ${ICS_LIMITS.maxBytes}`);
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new ApiError('INVALID_FILE', `${what} is empty, not an iCalendar file`);
  if (!/^BEGIN:VCALENDAR\r?$/im.test(body.slice(0, 4096)))
    throw new ApiError('INVALID_FILE', `${what} is not an iCalendar file: it does not start with BEGIN:VCALENDAR`);
  const events = body.match(/^BEGIN:VEVENT\r?$/gim)?.length ?? 0;
  if (events > ICS_LIMITS.maxEvents) throw new ApiError('TOO_LARGE', `${what} holds ${events} events; the limit is ${ICS_LIMITS.maxEvents} per file`);
  let depth = 0;
  for (const m of body.matchAll(/^(BEGIN|END):/gim)) {
    depth += m[1]!.toUpperCase() === 'BEGIN' ? 1 : -1;
    // Real calendars nest three deep (VCALENDAR > VEVENT > VALARM); ical.js recurses per level when writing.
    if (depth > ICS_LIMITS.maxDepth)
      throw new ApiError('INVALID_FILE', `${what} nests components more than ${ICS_LIMITS.maxDepth} deep; real calendars nest three deep`);
  }
  let parsed: unknown;
  try {
    parsed = ICAL.parse(body);
  } catch (error) {
    throw new ApiError('INVALID_FILE', `${what} is not valid iCalendar: ${(error as Error).message}`);
  }
  // ical.js returns one jCal component, or an array of them when the text holds several.
  const list = parsed as unknown[];
  const first = (typeof list[0] === 'string' ? list : list[0]) as unknown[] | undefined;
  if (!Array.isArray(first) || first[0] !== 'vcalendar')
    throw new ApiError('INVALID_FILE', `${what} is not an iCalendar file: its top component is ${String(first?.[0] ?? 'missing')}, not VCALENDAR`);
  return new ICAL.Component(first);
}

/** A new, empty VCALENDAR. */
export function emptyCalendar(): ICAL.Component {
  const root = new ICAL.Component('vcalendar');
  root.addPropertyWithValue('version', '2.0');
  root.addPropertyWithValue('prodid', PRODID);
  return root;
}

/** The .ics text of a calendar: CRLF lines folded at 75 octets, as RFC 5545 writes them. */
export function serializeIcs(root: ICAL.Component): string {
  // ical.js puts foldLength octets after the leading space of a continuation line: 74 keeps every line within RFC 5545's 75.
  ICAL.foldLength = 74;
  return `${root.toString()}\r\n`;
}

function wallOf(t: ICAL.Time): Wall {
  return { year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second };
}

/** Time zones a file defines itself (VTIMEZONE), for TZIDs that are not IANA names (Outlook's "Pacific Standard Time"). */
export function fileZones(root: ICAL.Component): Map<string, ICAL.Timezone> {
  const zones = new Map<string, ICAL.Timezone>();
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const tzid = vtz.getFirstPropertyValue('tzid');
    if (typeof tzid === 'string') zones.set(tzid, new ICAL.Timezone(vtz));
  }
  return zones;
}

export interface ZoneContext {
  /** The zone floating times and all-day dates are read in. */
  reference: string;
  zones: Map<string, ICAL.Timezone>;
}

/** The instant an iCalendar time names. A TZID neither IANA nor defined in the file is read as floating. */
export function instantOf(t: ICAL.Time, tzid: string | undefined, zc: ZoneContext): number {
  const wall = wallOf(t);
  if (t.isDate) return zonedMs(wall, zc.reference);
  if (t.zone === ICAL.Timezone.utcTimezone || tzid === 'UTC' || t.zone?.tzid === 'UTC') return wallMs(wall);
  if (tzid) {
    // An IANA name is read through Intl (authoritative for every year); a file's own VTIMEZONE serves other TZIDs.
    if (isZone(tzid)) return zonedMs(wall, tzid);
    const defined = zc.zones.get(tzid);
    if (defined) return wallMs(wall) - defined.utcOffset(t) * 1000;
  }
  return zonedMs(wall, zc.reference);
}

/** An iCalendar time as the APIs show it: "2024-05-17", "2024-05-17T10:30:00" or "2024-05-17T10:30:00Z". */
export function showTime(t: ICAL.Time): string {
  if (t.isDate) return isoDate(wallOf(t));
  return isoLocal(wallOf(t)) + (t.zone === ICAL.Timezone.utcTimezone || t.zone?.tzid === 'UTC' ? 'Z' : '');
}

function text(event: ICAL.Component, name: string): string | null {
  const value = event.getFirstPropertyValue(name);
  return value === null || value === undefined ? null : String(value);
}

/** "Name <email>", "Name" or "email" for each ATTENDEE. */
export function attendeesOf(event: ICAL.Component): string[] {
  return event.getAllProperties('attendee').map((p) => {
    const cn = p.getParameter('cn');
    const name = Array.isArray(cn) ? cn[0] : cn;
    const address = String(p.getFirstValue() ?? '').replace(/^mailto:/i, '');
    const email = /^invalid:nomail$/i.test(address) || address === '' ? '' : address;
    return name && email ? `${name} <${email}>` : (name ?? email);
  });
}

const JCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:Z)?)?$/;

/** Whether an ical.js jCal date or date-time string names a real day and time. */
function realDate(text: string): boolean {
  const m = JCAL_TIME.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return false;
  return m[4] === undefined || (Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 61);
}

/** The event's start, end and zone, checked: a missing or malformed DTSTART/DTEND is INVALID_FILE. */
export function timesOf(event: ICAL.Component, what: string): { start: ICAL.Time; end: ICAL.Time; tzid: string | undefined } {
  const uid = text(event, 'uid') ?? '(no UID)';
  const read = (name: string): ICAL.Time | undefined => {
    const prop = event.getFirstProperty(name);
    if (!prop) return undefined;
    try {
      // ical.js rolls impossible fields over (month 13 → next January), so the text is checked first.
      const raw: unknown = prop.jCal[3];
      if (typeof raw === 'string' && !realDate(raw)) throw new Error('not a date');
      const value = prop.getFirstValue();
      if (!(value instanceof ICAL.Time) || !Number.isFinite(value.year) || value.month < 1 || value.month > 12 || value.day < 1 || value.day > 31)
        throw new Error('not a date');
      return value;
    } catch {
      throw new ApiError('INVALID_FILE', `${what}: event ${uid} has a malformed ${name.toUpperCase()} (${JSON.stringify(prop.toICALString().slice(0, 80))})`);
    }
  };
  const start = read('dtstart');
  if (!start) throw new ApiError('INVALID_FILE', `${what}: event ${uid} has no DTSTART`);
  let end = read('dtend');
  if (!end) {
    end = start.clone();
    const duration = event.getFirstPropertyValue('duration');
    if (duration instanceof ICAL.Duration) end.addDuration(duration);
    else if (start.isDate) end.day += 1;
  }
  const tzid = event.getFirstProperty('dtstart')?.getParameter('tzid');
  return { start, end, tzid: typeof tzid === 'string' ? tzid : undefined };
}

/** Converts one VEVENT; throws INVALID_FILE for bad dates or an end before the start. */
export function recordOf(event: ICAL.Component, calendar: Calendar, zc: ZoneContext): EventRecord {
  const { start, end, tzid } = timesOf(event, calendar.path);
  const endTzid = event.getFirstProperty('dtend')?.getParameter('tzid');
  const startMs = instantOf(start, tzid, zc);
  const endMs = instantOf(end, typeof endTzid === 'string' ? endTzid : tzid, zc);
  const uid = text(event, 'uid') ?? '';
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) throw new ApiError('INVALID_FILE', `${calendar.path}: event ${uid} has a date out of range`);
  if (endMs < startMs) throw new ApiError('INVALID_FILE', `${calendar.path}: event ${uid} ends before it starts`);
  const rrule = event.getFirstPropertyValue('rrule');
  const utc = start.zone === ICAL.Timezone.utcTimezone || tzid === 'UTC';
  return {
    uid,
    title: text(event, 'summary') ?? '',
    start: showTime(start),
    end: showTime(end),
    allDay: start.isDate,
    timeZone: start.isDate ? null : utc ? 'UTC' : (tzid ?? null),
    location: text(event, 'location'),
    description: text(event, 'description'),
    attendees: attendeesOf(event),
    recurrence: rrule instanceof ICAL.Recur ? rrule.toString() : null,
    calendar: calendar.label,
    startMs,
    endMs,
  };
}

/** Every VEVENT of a calendar as records (checked), with its component. */
export function eventsOf(calendar: Calendar, zc: ZoneContext): { component: ICAL.Component; record: EventRecord }[] {
  return calendar.root.getAllSubcomponents('vevent').map((component) => ({ component, record: recordOf(component, calendar, zc) }));
}

/**
 * The occurrences of an event inside [fromMs, toMs) (or its first occurrences when no range is given):
 * one entry for a single event, several for an RRULE series (EXDATEs honoured).
 */
export function occurrences(
  component: ICAL.Component,
  record: EventRecord,
  zc: ZoneContext,
  fromMs?: number,
  toMs?: number,
): { startMs: number; endMs: number; start: string; end: string }[] {
  const single = [{ startMs: record.startMs, endMs: record.endMs, start: record.start, end: record.end }];
  if (!record.recurrence) return single;
  const length = record.endMs - record.startMs;
  const { tzid, start, end } = timesOf(component, record.calendar);
  const span = end.subtractDate(start);
  const out: { startMs: number; endMs: number; start: string; end: string }[] = [];
  const iterator = new ICAL.Event(component).iterator();
  const limit = fromMs === undefined ? ICS_LIMITS.occurrencesWithoutRange : ICS_LIMITS.maxOccurrences;
  for (let next = iterator.next(), steps = 0; next && out.length < limit && steps < 100_000; next = iterator.next(), steps++) {
    const s = instantOf(next, tzid, zc);
    if (toMs !== undefined && s >= toMs) break;
    if (fromMs !== undefined && s + length <= fromMs && !(length === 0 && s === fromMs)) continue;
    const e = next.clone();
    e.addDuration(span);
    out.push({ startMs: s, endMs: s + length, start: showTime(next), end: showTime(e) });
  }
  return out;
}
