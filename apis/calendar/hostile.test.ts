import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiContext, callApi } from '../../test/helpers/api-harness';
import { officebenchIcs, writeCalendarFixtures } from '../../test/helpers/calendar-fixtures';
import { testStaging } from '../../test/helpers/staging';
import type { ApiContext } from '../sdk';
import { calendarPack } from './pack';

let root: string;
let ctx: ApiContext;
const call = (verb: string, args: unknown) => callApi(calendarPack, verb, args, ctx);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'calendar-hostile-'));
  await writeCalendarFixtures(root);
  ctx = apiContext(await testStaging([root]));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every hostile call must fail with the code and a message matching, and leave staging empty. */
async function refused(verb: string, args: unknown, code: string, message: RegExp): Promise<void> {
  await expect(call(verb, args)).rejects.toMatchObject({ name: 'ApiError', code, message: expect.stringMatching(message) });
  expect(ctx.staging.entries()).toEqual([]);
}

const broken: [string, string, RegExp][] = [
  ['empty', '', /is empty/],
  ['not iCalendar', 'hello, this is a note\n', /does not start with BEGIN:VCALENDAR/],
  ['a vCard', 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bob\r\nEND:VCARD\r\n', /does not start with BEGIN:VCALENDAR/],
  ['an invalid line', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nthis line has no colon\r\nEND:VCALENDAR\r\n', /not valid iCalendar: invalid line/],
  ['an unclosed component', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20240501T100000Z\r\nEND:VCALENDAR\r\n', /not valid iCalendar/],
  ['a bad DTSTART', officebenchIcs([['x', '2024XX01T1', '20240501T110000Z']]), /malformed DTSTART/],
  ['an impossible month', officebenchIcs([['x', '20241301T100000Z', '20241301T110000Z']]), /malformed DTSTART/],
  [
    'components nested 300,000 deep',
    `BEGIN:VCALENDAR\r\n${'BEGIN:X-A\r\n'.repeat(300_000)}${'END:X-A\r\n'.repeat(300_000)}END:VCALENDAR\r\n`,
    /nests components more than 16 deep/,
  ],
  ['no DTSTART', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:u1\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n', /event u1 has no DTSTART/],
  ['an end before the start', officebenchIcs([['x', '20240501T100000Z', '20240501T090000Z']]), /ends before it starts/],
];

describe('broken calendars are refused with a clear error and nothing staged', () => {
  it.each(broken)('%s', async (_name, text, message) => {
    await writeFile(join(root, 'calendar/Bad.ics'), text);
    await refused('listEvents', { person: 'Bad' }, 'INVALID_FILE', message);
    await refused('createEvent', { person: 'Bad', title: 'x', start: '2024-05-01T10:00' }, 'INVALID_FILE', message);
    await refused('importIcs', { source: 'calendar/Bad.ics', person: 'Bob' }, 'INVALID_FILE', message);
    // listing every calendar stops at the broken one too, rather than silently skipping it
    await refused('listEvents', {}, 'INVALID_FILE', message);
  });

  it('refuses a VCALENDAR with 100,000 events before parsing it, quickly', async () => {
    const event = 'BEGIN:VEVENT\r\nDTSTART:20240501T100000Z\r\nEND:VEVENT\r\n';
    await writeFile(join(root, 'calendar/Huge.ics'), `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${event.repeat(100_000)}END:VCALENDAR\r\n`);
    const started = performance.now();
    await refused('listEvents', { person: 'Huge' }, 'TOO_LARGE', /100000 events; the limit is 20000/);
    await refused('createEvent', { person: 'Huge', title: 'x', start: '2024-05-01T10:00' }, 'TOO_LARGE', /100000 events/);
    process.stdout.write(`100k-event calendar refused in ${Math.round(performance.now() - started)} ms (two calls)\n`);
  });

  it('refuses a file over 10 MB by its size, unread', async () => {
    await writeFile(join(root, 'calendar/Big.ics'), `BEGIN:VCALENDAR\r\nX-PAD:${'a'.repeat(11 * 1024 * 1024)}\r\nEND:VCALENDAR\r\n`);
    await refused('listEvents', { person: 'Big' }, 'TOO_LARGE', /bytes; the limit is 10485760/);
  });
});

describe('bad arguments are refused with a clear error and nothing staged', () => {
  const create = (extra: Record<string, unknown>) => ({ person: 'Bob', title: 'x', start: '2024-05-17T10:30', ...extra });
  it.each([
    ['a US date', create({ start: '5/17/2024 10:30 am' }), /not an ISO 8601 date or date-time; write ISO 8601/],
    ['February 30', create({ start: '2024-02-30' }), /not a real calendar date/],
    ["25 o'clock", create({ start: '2024-05-17T25:00' }), /impossible time of day/],
    ['an end before the start', create({ end: '2024-05-17T09:00' }), /is not after start/],
    ['end and duration', create({ end: '2024-05-17T11:00', durationMinutes: 30 }), /not both/],
    ['a date end for a timed start', create({ end: '2024-05-18' }), /give end a time too/],
    ['an offset end for a local start', create({ end: '2024-05-17T11:00:00Z' }), /both with or both without an offset/],
    ['an unknown zone', create({ timeZone: 'Mars/Olympus' }), /not an IANA time zone/],
    ['a bad RRULE', create({ recurrence: 'EVERY TUESDAY' }), /not an RRULE|has no FREQ/],
    ['a path in the person', create({ person: '../etc/passwd' }), /not a name/],
    ['no calendar named', { title: 'x', start: '2024-05-17T10:30' }, /say whose calendar/],
    ['a non-ics path', create({ person: undefined, path: 'data/notes.txt' }), /not an .ics file/],
  ])('createEvent with %s', async (_name, args, message) => {
    await refused('createEvent', args, 'INVALID_ARGUMENTS', message);
  });

  it('refuses a path outside the granted folder, a missing calendar, and a reversed window', async () => {
    await refused('createEvent', { path: '../outside.ics', title: 'x', start: '2024-05-17T10:30' }, 'PERMISSION_DENIED', /./);
    await refused('listEvents', { person: 'Nobody' }, 'NOT_FOUND', /calendar\/Nobody.ics does not exist/);
    await refused('findFreeTime', { people: ['Bob'], durationMinutes: 30, from: '2024-05-02', to: '2024-05-01' }, 'INVALID_ARGUMENTS', /is not after from/);
    await refused('findFreeTime', { people: ['Bob'], durationMinutes: 30, from: '2024-01-01', to: '2026-01-01' }, 'INVALID_ARGUMENTS', /longer than 366 days/);
    await refused(
      'findFreeTime',
      { people: ['Bob'], durationMinutes: 30, from: '2024-05-01', to: '2024-05-01', workingHours: { start: '17:00', end: '09:00' } },
      'INVALID_ARGUMENTS',
      /must be after/,
    );
    await refused('updateEvent', { person: 'Bob', uid: 'fixture-0-class@test.org' }, 'INVALID_ARGUMENTS', /nothing to change/);
    await refused('exportIcs', { person: 'Bob', text: 'no such event', output: 'data/x.ics' }, 'INVALID_ARGUMENTS', /no event matches/);
  });
});
