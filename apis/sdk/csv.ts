/** RFC 4180 CSV, shared by the xlsx pack and core's readers: quoted fields, doubled quotes, CRLF or LF. */

/** The delimiter of a CSV sample: the one of , ; tab | that splits the first lines most consistently. */
export function sniffDelimiter(sample: string): string {
  const lines = sample
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, 20);
  let best = ',';
  let bestScore = 0;
  for (const d of [',', ';', '\t', '|']) {
    const counts = lines.map((l) => l.split(d).length - 1);
    const min = Math.min(...counts);
    const score = min > 0 && counts.every((c) => c === counts[0]) ? min * 2 : min;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** Parses CSV text into rows of strings. `limit` stops after that many rows (for samples). */
export function parseCsv(text: string, delimiter = sniffDelimiter(text.slice(0, 64 * 1024)), limit = Number.POSITIVE_INFINITY): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length && rows.length < limit; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if ((field !== '' || row.length > 0) && rows.length < limit) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A value typed from CSV text: numbers become numbers, everything else stays text. */
export function csvValue(text: string): string | number | null {
  const t = text.trim();
  if (t === '') return null;
  if (/^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?([eE][-+]?\d+)?$/.test(t) && !/^-?0\d/.test(t)) return Number(t.replace(/,/g, ''));
  return text;
}

/** One CSV line from values (quotes when needed). */
export function csvLine(values: readonly (string | number | boolean | null)[], delimiter = ','): string {
  return values
    .map((v) => {
      const s = v === null ? '' : String(v);
      return /["\r\n]/.test(s) || s.includes(delimiter) ? `"${s.replaceAll('"', '""')}"` : s;
    })
    .join(delimiter);
}
