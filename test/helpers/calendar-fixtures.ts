import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** An OfficeBench-style calendar (ics.py output: UTC times, CRLF) from [summary, start, end] rows. */
export function officebenchIcs(rows: readonly [string, string, string][]): string {
  const events = rows.map(([summary, start, end], i) => [
    'BEGIN:VEVENT',
    `DTEND:${end}`,
    `DTSTART:${start}`,
    `SUMMARY:${summary}`,
    `UID:fixture-${i}-${summary.replace(/\W/g, '')}@test.org`,
    'END:VEVENT',
  ]);
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:ics.py - http://git.io/lLljaA', ...events.flat(), 'END:VCALENDAR'].join('\r\n');
}

export const BOB: [string, string, string][] = [
  ['class', '20240501T160000Z', '20240501T180000Z'],
  ['nap', '20240501T130000Z', '20240501T140000Z'],
  ['lunch', '20240501T120000Z', '20240501T130000Z'],
  ['dinner', '20240501T183000Z', '20240501T193000Z'],
  ['sleeping', '20240501T080000Z', '20240501T110000Z'],
  ['team meeting', '20240502T090000Z', '20240502T100000Z'],
];

export const TOM: [string, string, string][] = [
  ['lunch with David', '20240501T123000Z', '20240501T133000Z'],
  ['class', '20240501T160000Z', '20240501T180000Z'],
  ['class', '20240501T080000Z', '20240501T115000Z'],
  ['report to Charlie', '20240501T140000Z', '20240501T143000Z'],
  ['dinner', '20240501T183000Z', '20240501T193000Z'],
];

/** Three conflicts (Class/Meeting on Jan 1, Meeting/Workout on Jan 15), as in OfficeBench 2-37. */
export const ALICE: [string, string, string][] = [
  ['Class', '20240101T000000Z', '20240101T020000Z'],
  ['Meeting', '20240115T000000Z', '20240115T010000Z'],
  ['Meeting', '20240101T000000Z', '20240101T010000Z'],
  ['Class', '20240107T000000Z', '20240107T020000Z'],
  ['Workout', '20240105T000000Z', '20240105T013000Z'],
  ['Workout', '20240115T000000Z', '20240115T013000Z'],
];

export const INVITE = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Example Corp//Outlook 16.0//EN',
  'BEGIN:VTIMEZONE',
  'TZID:W. Europe Standard Time',
  'BEGIN:STANDARD',
  'DTSTART:16011028T030000',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:16010325T020000',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
  'BEGIN:VEVENT',
  'UID:invite-1@example.com',
  'DTSTAMP:20240401T080000Z',
  'DTSTART;TZID=W. Europe Standard Time:20240603T100000',
  'DTEND;TZID=W. Europe Standard Time:20240603T113000',
  'SUMMARY:Quarterly review',
  'LOCATION:Berlin\\, Room 2',
  'ATTENDEE;CN=Eva Braun:mailto:eva@example.com',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

/** calendar/Bob.ics, Tom.ics, Alice.ics and data/invite.ics under `root`: what the calendar pack's examples use. */
export async function writeCalendarFixtures(root: string): Promise<void> {
  await mkdir(join(root, 'calendar'), { recursive: true });
  await mkdir(join(root, 'data'), { recursive: true });
  await writeFile(join(root, 'calendar/Bob.ics'), officebenchIcs(BOB));
  await writeFile(join(root, 'calendar/Tom.ics'), officebenchIcs(TOM));
  await writeFile(join(root, 'calendar/Alice.ics'), officebenchIcs(ALICE));
  await writeFile(join(root, 'data/invite.ics'), INVITE);
}
