import { readFile, rm } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiContext, callApi } from '../../test/helpers/api-harness';
import { writeCalendarFixtures } from '../../test/helpers/calendar-fixtures';
import { events, prop, readIcsByHand, unescapeText } from '../../test/helpers/ics-reader';
import { testStaging } from '../../test/helpers/staging';
import type { ApiContext } from '../sdk';
import { calendarPack } from './pack';

let root: string;
let ctx: ApiContext;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- results are checked field by field
const call = (verb: string, args: unknown) => callApi(calendarPack, verb, args, ctx) as Promise<any>;
const staged = async (path: string) => readFile(await ctx.staging.readPath(path), 'utf8');

/** Both readers on one file: the hand parser (structure, folding, CRLF) and an ical.js parse → print → parse round trip. */
async function bothReaders(path: string) {
  const text = await staged(path);
  const hand = readIcsByHand(text);
  const once = new ICAL.Component(ICAL.parse(text));
  const twice = new ICAL.Component(ICAL.parse(once.toString()));
  expect(twice.toJSON()).toEqual(once.toJSON());
  return { text, hand, ical: once };
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'calendar-pack-'));
  await writeCalendarFixtures(root);
  ctx = apiContext(await testStaging([root]));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('calendar.createEvent', () => {
  it('writes a local time as floating DTSTART:20240517T103000 in a new file (OfficeBench format)', async () => {
    const r = await call('createEvent', { person: 'Zoe', title: 'Meeting', start: '2024-05-17T10:30', end: '2024-05-17 11:00' });
    expect(r.createdFile).toBe(true);
    expect(r.path).toBe('calendar/Zoe.ics');
    const { text, hand } = await bothReaders('calendar/Zoe.ics');
    expect(text).toContain('\r\nDTSTART:20240517T103000\r\n');
    expect(text).toContain('\r\nDTEND:20240517T110000\r\n');
    expect(prop(hand, 'VERSION')?.value).toBe('2.0');
    expect(prop(hand, 'PRODID')?.value).toMatch(/Switchboard/);
    const [ev] = events(hand);
    expect(prop(ev!, 'SUMMARY')?.value).toBe('Meeting');
    expect(prop(ev!, 'UID')?.value).toBe(r.uid);
    expect(prop(ev!, 'DTSTAMP')?.value).toMatch(/^\d{8}T\d{6}Z$/);
    expect(r.event).toMatchObject({ start: '2024-05-17T10:30:00', end: '2024-05-17T11:00:00', timeZone: null, allDay: false, durationMinutes: 30 });
  });

  it('adds to an existing calendar keeping its events and UIDs; Z and offsets become UTC', async () => {
    await call('createEvent', { person: 'bob', title: 'meeting with officer', start: '2024-05-31T13:00:00Z', durationMinutes: 30 });
    await call('createEvent', { person: 'Bob', title: 'call', start: '2024-05-31T16:00:00+02:00', end: '2024-05-31T16:30:00+02:00' });
    const { text, hand } = await bothReaders('calendar/Bob.ics');
    expect(text).toContain('DTSTART:20240531T130000Z');
    expect(text).toContain('DTSTART:20240531T140000Z');
    expect(text).toContain('DTEND:20240531T143000Z');
    const evs = events(hand);
    expect(evs).toHaveLength(8);
    expect(evs.slice(0, 6).map((e) => prop(e, 'UID')?.value)).toEqual([0, 1, 2, 3, 4, 5].map((i) => expect.stringMatching(new RegExp(`^fixture-${i}-`))));
  });

  it('writes a zoned time with TZID and a VTIMEZONE that agrees with Intl across a DST change', async () => {
    const r = await call('createEvent', { person: 'Ann', title: 'Night shift', start: '2024-03-10T01:30', durationMinutes: 120, timeZone: 'America/New_York' });
    expect(r.event).toMatchObject({ start: '2024-03-10T01:30:00', end: '2024-03-10T04:30:00', timeZone: 'America/New_York', durationMinutes: 120 });
    const { text, hand, ical } = await bothReaders('calendar/Ann.ics');
    expect(text).toContain('DTSTART;TZID=America/New_York:20240310T013000');
    expect(text).toContain('DTEND;TZID=America/New_York:20240310T043000');
    const vtz = hand.children.find((c) => c.name === 'VTIMEZONE')!;
    expect(prop(vtz, 'TZID')?.value).toBe('America/New_York');
    expect(vtz.children.map((c) => c.name)).toEqual(expect.arrayContaining(['STANDARD', 'DAYLIGHT']));
    // ical.js reads the times through the VTIMEZONE we wrote: 06:30Z and 08:30Z.
    const zone = new ICAL.Timezone(ical.getFirstSubcomponent('vtimezone')!);
    const ev = ical.getFirstSubcomponent('vevent')!;
    const at = (name: string) => {
      const t = ev.getFirstPropertyValue(name) as ICAL.Time;
      return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) - zone.utcOffset(t) * 1000;
    };
    expect(new Date(at('dtstart')).toISOString()).toBe('2024-03-10T06:30:00.000Z');
    expect(new Date(at('dtend')).toISOString()).toBe('2024-03-10T08:30:00.000Z');
  });

  it('makes whole-day events with an exclusive DTEND, and writes attendees, recurrence and escaped text', async () => {
    await call('createEvent', { path: 'data/trip.ics', title: 'Travel', start: '2024-06-19', end: '2024-06-23', location: 'Florida' });
    const trip = await bothReaders('data/trip.ics');
    expect(trip.text).toContain('DTSTART;VALUE=DATE:20240619');
    expect(trip.text).toContain('DTEND;VALUE=DATE:20240624');
    const description = `Agenda; items, and a long line ${'x'.repeat(200)}\nsecond line`;
    await call('createEvent', {
      person: 'Bob',
      title: 'Standup',
      start: '2024-06-03T09:00',
      durationMinutes: 15,
      recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4',
      attendees: ['Tom <tom@example.com>', 'Linda', 'eva@example.com'],
      description,
    });
    const { hand } = await bothReaders('calendar/Bob.ics');
    const ev = events(hand).find((e) => prop(e, 'SUMMARY')?.value === 'Standup')!;
    expect(prop(ev, 'RRULE')?.value.split(';').sort()).toEqual(['BYDAY=MO,WE', 'COUNT=4', 'FREQ=WEEKLY']);
    expect(unescapeText(prop(ev, 'DESCRIPTION')!.value)).toBe(description);
    const attendees = ev.props.filter((p) => p.name === 'ATTENDEE').map((p) => `${p.params.CN ?? ''}|${p.value}`);
    expect(attendees).toEqual(['Tom|mailto:tom@example.com', 'Linda|invalid:nomail', '|mailto:eva@example.com']);
    const listed = await call('listEvents', { person: 'Bob', text: 'standup', from: '2024-06-01', to: '2024-06-30' });
    expect(listed.events.map((e: { start: string }) => e.start)).toEqual([
      '2024-06-03T09:00:00',
      '2024-06-05T09:00:00',
      '2024-06-10T09:00:00',
      '2024-06-12T09:00:00',
    ]);
    expect(listed.events[0].attendees).toEqual(['Tom <tom@example.com>', 'Linda', 'eva@example.com']);
  });

  it('refuses to double-book by default, staging nothing, and reports overlaps when allowOverlap says it is meant', async () => {
    const fresh = apiContext(await testStaging([root]));
    await expect(
      callApi(calendarPack, 'createEvent', { person: 'Bob', title: 'x', start: '2024-05-01T17:00', durationMinutes: 30 }, fresh),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENTS',
      message: expect.stringMatching(/overlaps class .*nothing was written .*allowOverlap: true/),
    });
    expect(fresh.staging.entries()).toEqual([]);
    const ok = await callApi(calendarPack, 'createEvent', { person: 'Bob', title: 'tea', start: '2024-05-01T14:00', end: '2024-05-01T16:00' }, fresh);
    expect(ok).toMatchObject({ overlaps: [] });
    const r = await call('createEvent', { person: 'Bob', title: 'call', start: '2024-05-01T12:30', durationMinutes: 60, allowOverlap: true });
    expect(r.overlaps.map((o: { title: string }) => o.title).sort()).toEqual(['lunch', 'nap']);
    // The older name still works both ways.
    await expect(call('createEvent', { person: 'Bob', title: 'y', start: '2024-05-01T17:00', durationMinutes: 30, refuseOverlap: true })).rejects.toMatchObject(
      { code: 'INVALID_ARGUMENTS' },
    );
    const old = await call('createEvent', { person: 'Bob', title: 'z', start: '2024-05-01T17:00', durationMinutes: 30, refuseOverlap: false });
    expect(old.overlaps.map((o: { title: string }) => o.title)).toEqual(['class']);
  });
});

describe('reading, free time and overlaps', () => {
  it('lists one day of one person, sorted, and searches every calendar by text', async () => {
    const day = await call('listEvents', { person: 'Bob', from: '2024-05-01', to: '2024-05-01' });
    expect(day.events.map((e: { title: string }) => e.title)).toEqual(['sleeping', 'lunch', 'nap', 'class', 'dinner']);
    expect(day.events[0]).toMatchObject({ start: '2024-05-01T08:00:00Z', end: '2024-05-01T11:00:00Z', timeZone: 'UTC', calendar: 'Bob', durationMinutes: 180 });
    const dinners = await call('listEvents', { text: 'DINNER' });
    expect(dinners.calendars).toEqual(['Alice', 'Bob', 'Tom']);
    expect(dinners.events.map((e: { calendar: string }) => e.calendar).sort()).toEqual(['Bob', 'Tom']);
  });

  it('finds a common hour for two people within working hours, and after their dinners', async () => {
    const free = await call('findFreeTime', {
      people: ['Bob', 'Tom'],
      durationMinutes: 60,
      from: '2024-05-01',
      to: '2024-05-01',
      workingHours: { start: '09:00', end: '17:00' },
    });
    expect(free.slots).toEqual([{ start: '2024-05-01T14:30:00', end: '2024-05-01T16:00:00', minutes: 90 }]);
    expect(free.first).toEqual({ start: '2024-05-01T14:30:00', end: '2024-05-01T15:30:00' });
    const evening = await call('findFreeTime', { people: ['Bob', 'Tom', 'Nobody'], durationMinutes: 60, from: '2024-05-01T17:00', to: '2024-05-01T22:00' });
    expect(evening.first).toEqual({ start: '2024-05-01T19:30:00', end: '2024-05-01T20:30:00' });
    expect(evening.noCalendar).toEqual(['Nobody']);
    // Read in New York time, the same UTC events leave a different window free.
    const ny = await call('findFreeTime', {
      people: ['Bob'],
      durationMinutes: 60,
      from: '2024-05-01',
      to: '2024-05-01',
      workingHours: { start: '09:00', end: '12:00' },
      timeZone: 'America/New_York',
    });
    expect(ny.first).toEqual({ start: '2024-05-01T10:00:00', end: '2024-05-01T11:00:00' });
  });

  it('lists conflicts per calendar and across people', async () => {
    const { conflicts } = await call('checkOverlaps', { person: 'Alice' });
    expect(conflicts.map((c: { first: { title: string }; second: { title: string } }) => [c.first.title, c.second.title].sort().join('/')).sort()).toEqual([
      'Class/Meeting',
      'Meeting/Workout',
    ]);
    const across = await call('checkOverlaps', { people: ['Bob', 'Tom'], from: '2024-05-01', to: '2024-05-01', across: true });
    expect(across.conflicts.some((c: { calendar: string }) => c.calendar === 'Bob + Tom')).toBe(true);
    // Several people: clashes between them are reported by default, the same as across: true.
    const byDefault = await call('checkOverlaps', { people: ['Bob', 'Tom'], from: '2024-05-01', to: '2024-05-01' });
    expect(byDefault.conflicts).toEqual(across.conflicts);
    const none = await call('checkOverlaps', { people: ['Bob', 'Tom'], across: false });
    expect(none.conflicts).toEqual([]);
    // One person named in people: only that calendar's own clashes.
    expect((await call('checkOverlaps', { people: ['Alice'] })).conflicts).toEqual(conflicts);
  });
});

describe('update, delete, import, export', () => {
  it('moves an event keeping its length, then deletes it', async () => {
    const { events: found } = await call('listEvents', { person: 'Bob', text: 'dinner' });
    const moved = await call('updateEvent', { person: 'Bob', uid: found[0].uid, start: '2024-05-01T20:00', location: "Luigi's" });
    // The event was written in UTC (Z), so the new local start stays in UTC.
    expect(moved.after).toMatchObject({ start: '2024-05-01T20:00:00Z', end: '2024-05-01T21:00:00Z', location: "Luigi's", timeZone: 'UTC' });
    const { hand } = await bothReaders('calendar/Bob.ics');
    const ev = events(hand).find((e) => prop(e, 'UID')?.value === found[0].uid)!;
    expect(prop(ev, 'SEQUENCE')?.value).toBe('1');
    await call('deleteEvent', { person: 'Bob', uid: found[0].uid });
    const after = readIcsByHand(await staged('calendar/Bob.ics'));
    expect(events(after).map((e) => prop(e, 'SUMMARY')?.value)).not.toContain('dinner');
    expect(events(after)).toHaveLength(5);
    await expect(call('deleteEvent', { person: 'Bob', uid: found[0].uid })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call('updateEvent', { person: 'Bob', uid: 'nope', title: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/holds fixture-0/),
    });
  });

  it('moves a whole-day event keeping its days, and a zoned event across a DST change keeping its length', async () => {
    const trip = await call('createEvent', { person: 'Bob', title: 'Trip', start: '2024-06-19', end: '2024-06-23' });
    const moved = await call('updateEvent', { person: 'Bob', uid: trip.uid, start: '2024-07-01' });
    expect(moved.after).toMatchObject({ start: '2024-07-01', end: '2024-07-06', allDay: true });
    const call1 = await call('createEvent', { person: 'Bob', title: 'Call', start: '2024-03-09T10:00', durationMinutes: 90, timeZone: 'Europe/Paris' });
    const after = await call('updateEvent', { person: 'Bob', uid: call1.uid, start: '2024-03-31T10:00' });
    expect(after.after).toMatchObject({ start: '2024-03-31T10:00:00', end: '2024-03-31T11:30:00', timeZone: 'Europe/Paris', durationMinutes: 90 });
    const text = await staged('calendar/Bob.ics');
    expect(text.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
    const weekdays = await call('findFreeTime', {
      people: ['Bob'],
      durationMinutes: 60,
      from: '2024-07-06',
      to: '2024-07-08',
      workingHours: { start: '09:00', end: '10:00' },
      weekdaysOnly: true,
    });
    expect(weekdays.slots).toEqual([{ start: '2024-07-08T09:00:00', end: '2024-07-08T10:00:00', minutes: 60 }]);
  });

  it('imports an Outlook invitation with its own VTIMEZONE, skips it the second time, and exports a selection', async () => {
    const first = await call('importIcs', { source: 'data/invite.ics', person: 'Bob' });
    expect(first).toMatchObject({ imported: 1, skipped: 0 });
    const again = await call('importIcs', { source: 'data/invite.ics', person: 'Bob' });
    expect(again).toMatchObject({ imported: 0, skipped: 1 });
    const { events: listed } = await call('listEvents', { person: 'Bob', text: 'quarterly', from: '2024-06-03T08:00:00Z', to: '2024-06-03T08:30:00Z' });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ location: 'Berlin, Room 2', timeZone: 'W. Europe Standard Time', attendees: ['Eva Braun <eva@example.com>'] });
    const out = await call('exportIcs', { person: 'Bob', text: 'quarterly', output: 'data/review.ics' });
    expect(out.events).toBe(1);
    const { hand } = await bothReaders('data/review.ics');
    expect(hand.children.map((c) => c.name)).toEqual(['VTIMEZONE', 'VEVENT']);
    await expect(call('exportIcs', { person: 'Bob', text: 'quarterly', output: 'data/review.ics' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
  });
});
