import { ApiError } from '../sdk';

/**
 * Dates as people and models write them (ISO 8601), and wall-clock arithmetic in IANA zones through Intl
 * (Node ships full ICU), so no zone database is bundled twice.
 */

export interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A parsed input: an all-day date, a floating local time, or an exact instant (Z or an offset). */
export type When = { kind: 'date'; wall: Wall } | { kind: 'local'; wall: Wall } | { kind: 'instant'; ms: number };

export const WHEN_HELP =
  'ISO 8601: "2024-05-17T10:30" or "2024-05-17 10:30:00" (local wall-clock time), "2024-05-17T10:30:00Z" (UTC), "2024-05-17T10:30:00+02:00" (an offset, stored as UTC) or "2024-05-17" (a whole day); the compact form 20240517T103000 is accepted too';

const PATTERN = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses an ISO 8601 date or date-time; anything else is INVALID_ARGUMENTS naming the field and the forms accepted. */
export function parseWhen(input: string, field: string): When {
  const m = PATTERN.exec(input.trim());
  const bad = (why: string) => new ApiError('INVALID_ARGUMENTS', `${field} "${input}" ${why}; write ${WHEN_HELP}`);
  if (!m) throw bad('is not an ISO 8601 date or date-time');
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) throw bad('is not a real calendar date');
  if (m[4] === undefined) {
    if (m[7]) throw bad('has an offset but no time');
    return { kind: 'date', wall: { year, month, day, hour: 0, minute: 0, second: 0 } };
  }
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) throw bad('has an impossible time of day');
  const wall = { year, month, day, hour, minute, second };
  const zone = m[7];
  if (!zone) return { kind: 'local', wall };
  if (/^z$/i.test(zone)) return { kind: 'instant', ms: wallMs(wall) };
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
  if (Math.abs(offset) > 18 * 60) throw bad('has an offset beyond ±18:00');
  return { kind: 'instant', ms: wallMs(wall) - offset * 60_000 };
}

/** The wall clock read as if it were UTC, in ms. */
export function wallMs(w: Wall): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

export function msWall(ms: number): Wall {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Whether `zone` is a time zone Intl knows ("Europe/Paris", "UTC"). */
export function isZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The checked IANA zone name, or INVALID_ARGUMENTS. */
export function checkZone(zone: string, field = 'timeZone'): string {
  if (!isZone(zone)) throw new ApiError('INVALID_ARGUMENTS', `${field} "${zone}" is not an IANA time zone such as "Europe/Paris", "America/New_York" or "UTC"`);
  return zone;
}

/** The wall clock in `zone` at the instant `ms`. */
export function wallIn(ms: number, zone: string): Wall {
  if (zone === 'UTC') return msWall(ms);
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The instant a wall-clock time in `zone` names (a time skipped by a DST jump moves forward by the gap). */
export function zonedMs(w: Wall, zone: string): number {
  const guess = wallMs(w);
  if (zone === 'UTC') return guess;
  const first = guess - (wallMs(wallIn(guess, zone)) - guess);
  const second = guess - (wallMs(wallIn(first, zone)) - first);
  return second;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function isoDate(w: Wall): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

export function isoLocal(w: Wall): string {
  return `${isoDate(w)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** "09:00" → minutes after midnight. */
export function clockMinutes(text: string, field: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59 || (Number(m[1]) === 24 && Number(m[2]) > 0))
    throw new ApiError('INVALID_ARGUMENTS', `${field} "${text}" is not a time of day such as "09:00" or "17:30"`);
  return Number(m[1]) * 60 + Number(m[2]);
}
