/** Most HTML characters converted to text (longer HTML is cut first; the message says so). */
export const MAX_HTML_CHARS = 5 * 1024 * 1024;

const BLOCKS = /^(p|div|br|h[1-6]|li|ul|ol|tr|table|thead|tbody|tfoot|section|article|header|footer|blockquote|pre|hr|title)$/;
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  copy: '©',
  reg: '®',
  euro: '€',
  pound: '£',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * HTML as readable text in one linear pass (no DOM, no recursion, so hostile nesting costs nothing):
 * block elements end lines, table rows become lines with cells separated by tabs, scripts and styles are
 * dropped, entities decoded. Tables are also returned as rows of cell texts.
 */
export function htmlToText(html: string): { text: string; tables: string[][][] } {
  const source = html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html;
  const tables: string[][][] = [];
  const open: { rows: string[][]; cell?: string }[] = [];
  // Chunks, not one growing string: endsWith on a concatenated string flattens it each time (quadratic).
  const out: string[] = [];
  let atLineStart = true;
  const push = (chunk: string) => {
    if (!chunk) return;
    out.push(chunk);
    atLineStart = chunk.endsWith('\n');
  };
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>|<!--/g;
  let last = 0;
  const lower = source.toLowerCase();
  const emit = (chunk: string) => {
    const t = decodeEntities(chunk.replace(/\s+/g, ' '));
    const table = open.at(-1);
    if (table?.cell !== undefined) table.cell += t;
    push(t);
  };
  for (let m = tag.exec(source); m; m = tag.exec(source)) {
    emit(source.slice(last, m.index));
    last = tag.lastIndex;
    const name = (m[2] ?? '').toLowerCase();
    const closing = m[1] === '/';
    // Comments, scripts and styles are skipped with one indexOf each (an unclosed one ends the text).
    const skipTo = !name ? '-->' : !closing && (name === 'script' || name === 'style') ? `</${name}` : undefined;
    if (skipTo) {
      const end = lower.indexOf(skipTo, last);
      const close = end < 0 ? -1 : lower.indexOf('>', end + skipTo.length - 1);
      last = tag.lastIndex = close < 0 ? source.length : close + 1;
      continue;
    }
    const table = open.at(-1);
    if (name === 'table') {
      if (closing) {
        const done = open.pop();
        if (done) tables.push(done.rows.filter((r) => r.length > 0));
      } else open.push({ rows: [] });
    } else if (name === 'tr' && !closing && table) table.rows.push([]);
    else if ((name === 'td' || name === 'th') && table) {
      if (!closing) {
        if (table.rows.length === 0) table.rows.push([]);
        table.cell = '';
        if (table.rows.at(-1)!.length > 0) push('\t');
      } else if (table.cell !== undefined) {
        table.rows.at(-1)!.push(table.cell.trim());
        table.cell = undefined;
      }
      continue;
    }
    if (BLOCKS.test(name) && !atLineStart) push('\n');
  }
  emit(source.slice(last));
  const text = out
    .join('')
    .split('\n')
    .map((l) =>
      l
        .replace(/[ \t]*\t[ \t]*/g, '\t')
        .replace(/ {2,}/g, ' ')
        .trim(),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text: html.length > MAX_HTML_CHARS ? `${text}\n[HTML cut at ${MAX_HTML_CHARS} characters]` : text, tables };
}
