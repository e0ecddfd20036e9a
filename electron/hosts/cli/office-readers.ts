import { readFile } from 'node:fs/promises';
import type { Element } from '@xmldom/xmldom';
import type * as Xmldom from '@xmldom/xmldom';
import type JSZip from 'jszip';
import { lazyModule } from '../../core/lazy-module';

const Zip = lazyModule<typeof JSZip>('jszip');
const xmldom = lazyModule<typeof Xmldom>('@xmldom/xmldom');

/**
 * The text renderings OfficeBench's checks compare against, re-implemented without Python: a sheet as
 * openpyxl's `excel_read_file` prints it (`(row, col): value\t` per cell, a newline per row, the active
 * sheet, formulas as `=...`) and a document as python-docx's `'\n'.join(p.text for p in doc.paragraphs)`.
 */

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A cell value as Python's `str()` of what openpyxl returns (None when the cell is empty). */
export type PyCell =
  | { kind: 'none' }
  | { kind: 'str'; text: string }
  | { kind: 'num'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'date'; value: Date }
  | { kind: 'formula'; text: string };

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Python's str() of the value. Integer-valued numbers print as ints (openpyxl reads `<v>5</v>` as int). */
export function pyString(cell: PyCell): string {
  switch (cell.kind) {
    case 'none':
      return 'None';
    case 'str':
    case 'formula':
      return cell.text;
    case 'bool':
      return cell.value ? 'True' : 'False';
    case 'num':
      return Number.isInteger(cell.value) ? String(cell.value) : String(cell.value).replace(/e\+?(-?)(\d)$/, 'e$1' + '0$2');
    case 'date': {
      const d = cell.value;
      const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
      // A serial below 1 (the day of Excel's epoch) is a time of day: openpyxl returns a datetime.time.
      if (d.getUTCFullYear() === 1899 && d.getUTCMonth() === 11 && d.getUTCDate() === 30) return time;
      return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    }
  }
}

/** Whether two cells are equal as Python compares openpyxl values (5 == 5.0; '5' != 5). */
export function pyEqual(a: PyCell, b: PyCell): boolean {
  if (a.kind === 'none' || b.kind === 'none') return a.kind === b.kind;
  if ((a.kind === 'num' || a.kind === 'bool') && (b.kind === 'num' || b.kind === 'bool')) return Number(a.value) === Number(b.value);
  if (a.kind === 'date' && b.kind === 'date') return a.value.getTime() === b.value.getTime();
  return a.kind === b.kind && pyString(a) === pyString(b);
}

function toPyCell(value: unknown): PyCell {
  if (value === null || value === undefined || value === '') return value === '' ? { kind: 'str', text: '' } : { kind: 'none' };
  if (typeof value === 'string') return { kind: 'str', text: value };
  if (typeof value === 'number') return { kind: 'num', value };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (value instanceof Date) return { kind: 'date', value };
  if (typeof value === 'object') {
    const v = value as { formula?: string; sharedFormula?: string; richText?: { text: string }[]; text?: unknown; error?: string };
    if (typeof v.formula === 'string') return { kind: 'formula', text: `=${v.formula}` };
    if (typeof v.sharedFormula === 'string') return { kind: 'formula', text: `=${v.sharedFormula}` };
    if (Array.isArray(v.richText)) return { kind: 'str', text: v.richText.map((r) => r.text).join('') };
    if (typeof v.text === 'string') return { kind: 'str', text: v.text };
    if (typeof v.error === 'string') return { kind: 'str', text: v.error };
  }
  return { kind: 'str', text: String(value) };
}

/** The active sheet of a workbook as a grid of openpyxl-like values (rows and columns from 1). */
export async function activeSheetCells(path: string): Promise<PyCell[][]> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const active = book.views?.[0]?.activeTab ?? 0;
  const sheet = book.worksheets[active] ?? book.worksheets[0];
  if (!sheet) return [];
  // openpyxl's dimensions come from the cells the file holds (styled empty ones too), not from <row> or <col> entries.
  let maxRow = 0;
  let columns = 0;
  sheet.eachRow({ includeEmpty: true }, (row, r) => {
    if (row.cellCount > 0) [maxRow, columns] = [r, Math.max(columns, row.cellCount)];
  });
  const rows: PyCell[][] = [];
  for (let r = 1; r <= maxRow; r++) {
    const row = sheet.getRow(r);
    const cells: PyCell[] = [];
    for (let c = 1; c <= columns; c++) {
      const cell = row.getCell(c);
      // openpyxl reads the covered cells of a merge as empty; a shared formula's cells as their own formula.
      if (cell.isMerged && cell.master !== cell) cells.push({ kind: 'none' });
      else if (cell.formulaType === 2 && cell.formula) cells.push({ kind: 'formula', text: `=${cell.formula}` });
      else cells.push(toPyCell(cell.value));
    }
    rows.push(cells);
  }
  return rows;
}

/** `excel_read_file`: every cell as `(row, col): value\t`, empty cells as `[Empty Cell]`, a newline per row. */
export async function excelText(path: string): Promise<string> {
  const rows = await activeSheetCells(path);
  return rows
    .map((cells, r) => cells.map((cell, c) => `(${r + 1}, ${c + 1}): ${cell.kind === 'none' ? '[Empty Cell]' : pyString(cell)}\t`).join('') + '\n')
    .join('');
}

function runText(run: Element): string {
  let text = '';
  for (let node = run.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== 1 || (node as Element).namespaceURI !== W) continue;
    const name = (node as Element).localName;
    if (name === 't') text += node.textContent ?? '';
    else if (name === 'tab') text += '\t';
    // python-docx 1.1 (upstream's pin): a page or column break adds nothing, a line break a newline.
    else if (name === 'br') text += ['page', 'column'].includes((node as Element).getAttributeNS(W, 'type') ?? '') ? '' : '\n';
    else if (name === 'cr') text += '\n';
    else if (name === 'noBreakHyphen') text += '-';
  }
  return text;
}

/** python-docx (1.x) `paragraph.text`: its runs, including those inside hyperlinks. */
function paragraphText(p: Element): string {
  let text = '';
  for (let node = p.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== 1 || (node as Element).namespaceURI !== W) continue;
    const el = node as Element;
    if (el.localName === 'r') text += runText(el);
    else if (el.localName === 'hyperlink')
      for (let r = el.firstChild; r; r = r.nextSibling) if (r.nodeType === 1 && (r as Element).localName === 'r') text += runText(r as Element);
  }
  return text;
}

/** python-docx's `doc.paragraphs` texts: the body's top-level paragraphs (not table cells). */
export async function wordParagraphs(path: string): Promise<string[]> {
  const zip = await Zip.loadAsync(await readFile(path));
  const xml = await zip.file('word/document.xml')?.async('string');
  if (xml === undefined) throw new Error(`${path} is not a Word document (no word/document.xml)`);
  const doc = new xmldom.DOMParser().parseFromString(
    xml.replace(/^\uFEFF/, '').replace(/[\u2028\u0085]/g, (c) => `&#${c.charCodeAt(0)};`),
    'text/xml',
  );
  const body = doc.getElementsByTagNameNS(W, 'body')[0];
  if (!body) return [];
  const out: string[] = [];
  for (let node = body.firstChild; node; node = node.nextSibling)
    if (node.nodeType === 1 && (node as Element).namespaceURI === W && (node as Element).localName === 'p') out.push(paragraphText(node as Element));
  return out;
}

/** `word_read_file_into_string`: the paragraphs joined by newlines. */
export async function wordText(path: string): Promise<string> {
  return (await wordParagraphs(path)).join('\n');
}

/** Python's `open(path).read()`: UTF-8, strict (a bad byte raises), universal newlines. */
export async function pythonText(path: string): Promise<string> {
  const bytes = await readFile(path);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/\r\n?/g, '\n');
}

/** `read_pdf_to_string`: the pages' text layers concatenated with nothing between them (PyPDF2's extract_text per page). */
export async function pdfText(path: string): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(await readFile(path)),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    let text = '';
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      text += content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? '\n' : '') : '')).join('');
    }
    return text;
  } finally {
    await doc.destroy();
  }
}
