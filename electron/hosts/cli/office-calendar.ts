import { readFile } from 'node:fs/promises';

/**
 * OfficeBench's `evaluate_calendar_no_overlap` over `calendar/<user>.ics`: the calendar's top-level
 * components sorted by start (naive times taken as UTC, TZID times in their zone), then each event's end
 * compared with the next event's start. Where upstream's icalendar code raises (a component without
 * DTSTART such as a VTIMEZONE, an all-day date, an event without DTEND, no file), this raises too.
 */

interface Component {
  name: string;
  props: Map<string, { params: Map<string, string>; value: string }>;
  children: Component[];
}

function unfold(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

function parseLine(line: string): { name: string; params: Map<string, string>; value: string } {
  const colon = line.search(/:(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  if (colon < 0) throw new Error(`not an iCalendar line: ${line.slice(0, 60)}`);
  const [name = '', ...rawParams] = line.slice(0, colon).split(';');
  const params = new Map(rawParams.map((p) => [p.split('=')[0]!.toUpperCase(), p.slice(p.indexOf('=') + 1).replace(/^"(.*)"$/, '$1')] as [string, string]));
  return { name: name.toUpperCase(), params, value: line.slice(colon + 1) };
}

/** The VCALENDAR of an .ics text (icalendar's `Calendar.from_ical`), with nested components. */
export function parseCalendar(text: string): Component {
  const stack: Component[] = [];
  let root: Component | undefined;
  for (const line of unfold(text)) {
    const { name, params, value } = parseLine(line);
    if (name === 'BEGIN') {
      const component: Component = { name: value.toUpperCase(), props: new Map(), children: [] };
      stack[stack.length - 1]?.children.push(component);
      stack.push(component);
    } else if (name === 'END') {
      const done = stack.pop();
      if (!done || done.name !== value.toUpperCase()) throw new Error(`END:${value} does not close ${done?.name ?? 'anything'}`);
      if (stack.length === 0) root ??= done;
    } else if (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (!top.props.has(name)) top.props.set(name, { params, value });
    }
  }
  if (!root || root.name !== 'VCALENDAR') throw new Error('no VCALENDAR in the file');
  return root;
}

function zoneOffsetMs(utcMs: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - utcMs;
}

/** A DATE-TIME as epoch ms; a DATE (all-day) raises, as upstream's `dt.tzinfo` does on a date. */
export function instant(prop: { params: Map<string, string>; value: string } | undefined, what: string): number {
  if (!prop) throw new Error(`a component has no ${what} ('NoneType' object has no attribute 'dt')`);
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/.exec(prop.value.trim());
  if (!m) throw new Error(`${what} ${prop.value} is not a date-time ('datetime.date' object has no attribute 'tzinfo')`);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  const zone = prop.params.get('TZID');
  if (m[7] === 'Z' || !zone) return wall;
  const first = wall - zoneOffsetMs(wall, zone);
  return wall - zoneOffsetMs(first, zone);
}

/** Undefined when no two consecutive events overlap, else which two do. Raises where upstream raises. */
export async function calendarOverlap(file: string): Promise<string | undefined> {
  const calendar = parseCalendar(await readFile(file, 'utf8'));
  const keyed = calendar.children.map((c, index) => ({ c, index, start: instant(c.props.get('DTSTART'), `${c.name} DTSTART`) }));
  keyed.sort((x, y) => x.start - y.start || x.index - y.index);
  const events = keyed.filter((k) => k.c.name === 'VEVENT');
  for (let i = 0; i + 1 < events.length; i++) {
    const end = instant(events[i]!.c.props.get('DTEND'), 'VEVENT DTEND');
    if (end > events[i + 1]!.start)
      return `events ${events[i]!.c.props.get('SUMMARY')?.value ?? '?'} and ${events[i + 1]!.c.props.get('SUMMARY')?.value ?? '?'} overlap`;
  }
  return undefined;
}
