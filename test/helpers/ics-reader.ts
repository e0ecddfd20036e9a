/**
 * A second reader for .ics files, written by hand from RFC 5545 (section 3.1) and sharing no code with
 * ical.js: it checks CRLF line ends and 75-octet folding, unfolds, and returns every component's properties.
 */

export interface IcsProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}

export interface IcsComponent {
  name: string;
  props: IcsProperty[];
  children: IcsComponent[];
}

export function readIcsByHand(text: string): IcsComponent {
  if (!text.endsWith('\r\n')) throw new Error('the file does not end with CRLF');
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) {
    if (line.includes('\n') || line.includes('\r')) throw new Error(`a bare LF or CR in ${JSON.stringify(line)}`);
    if (Buffer.byteLength(line) > 75) throw new Error(`line longer than 75 octets: ${line}`);
  }
  const lines: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ') || line.startsWith('\t')) lines[lines.length - 1] += line.slice(1);
    else lines.push(line);
  }
  const stack: IcsComponent[] = [{ name: '(root)', props: [], children: [] }];
  for (const line of lines) {
    const prop = contentLine(line);
    if (prop.name === 'BEGIN') {
      const c: IcsComponent = { name: prop.value.toUpperCase(), props: [], children: [] };
      stack[stack.length - 1]!.children.push(c);
      stack.push(c);
    } else if (prop.name === 'END') {
      const open = stack.pop();
      if (!open || open.name !== prop.value.toUpperCase()) throw new Error(`END:${prop.value} does not close ${open?.name}`);
    } else stack[stack.length - 1]!.props.push(prop);
  }
  if (stack.length !== 1) throw new Error(`${stack[stack.length - 1]!.name} is not closed`);
  const [calendar] = stack[0]!.children;
  if (!calendar || calendar.name !== 'VCALENDAR') throw new Error('no VCALENDAR');
  return calendar;
}

function contentLine(line: string): IcsProperty {
  let i = 0;
  let quoted = false;
  while (i < line.length && (quoted || (line[i] !== ':' && true))) {
    if (line[i] === '"') quoted = !quoted;
    if (!quoted && line[i] === ':') break;
    i++;
  }
  if (i >= line.length) throw new Error(`no ":" in ${line}`);
  const [name, ...rawParams] = splitOutsideQuotes(line.slice(0, i), ';');
  const params: Record<string, string> = {};
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name: name!.toUpperCase(), params, value: line.slice(i + 1) };
}

function splitOutsideQuotes(text: string, sep: string): string[] {
  const out = [''];
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) out.push('');
    else out[out.length - 1] += ch;
  }
  return out;
}

/** TEXT values unescaped (\\n, \\, \\; \\\\). */
export function unescapeText(value: string): string {
  return value.replace(/\\([nN,;\\])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

export function prop(c: IcsComponent, name: string): IcsProperty | undefined {
  return c.props.find((p) => p.name === name);
}

export function events(cal: IcsComponent): IcsComponent[] {
  return cal.children.filter((c) => c.name === 'VEVENT');
}
