import { Readable } from 'node:stream';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type ExcelJSTypes from 'exceljs';
import { constants, inflateRawSync } from 'node:zlib';
import { ApiError, entryPrefix, zipEntries } from '../../../apis/sdk';
import { checkOfficeBytes } from '../documents/office-zip';
import { cellJson } from '../documents/xlsx-reader';
import { formatCell } from './number-format';
import { lazyModule } from '../../../apis/sdk/lazy-module';

// exceljs: loaded when an API first uses it, not when the core starts.
const ExcelJS = lazyModule<typeof ExcelJSTypes>('exceljs');

export interface GridCell {
  /** The value as JSON: dates as ISO text, formulas as their cached result. */
  value: string | number | boolean | null;
  /** The value as Excel would display it with its number format. */
  text: string;
  numFmt?: string;
  formula?: string;
  bold?: boolean;
  italic?: boolean;
  /** Fill colour, RRGGBB. */
  fill?: string;
  color?: string;
  align?: string;
}

export interface GridSheet {
  name: string;
  /** Rows in the sheet (all of them, not only those shown). */
  rowCount: number;
  columnCount: number;
  /** Column widths in characters for the columns shown. */
  widths: number[];
  frozenRows: number;
  /** The first rows × columns, row-major; null where a cell is empty. */
  cells: (GridCell | null)[][];
}

export interface XlsxPreview {
  kind: 'xlsx';
  sheets: GridSheet[];
}

export interface GridOptions {
  rows: number;
  columns: number;
  maxSheets: number;
  /** Cells shown over all sheets; a sheet gets fewer rows once the budget runs low (the rest are counted). */
  cellBudget: number;
}

const inflate = (data: Uint8Array, maxOutput?: number): Uint8Array =>
  inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH, ...(maxOutput ? { maxOutputLength: maxOutput } : {}) });
const MAX_PREVIEW_BYTES = 200 * 1024 * 1024;
const DEFAULTS: GridOptions = { rows: 1000, columns: 30, maxSheets: 20, cellBudget: 120_000 };

function argb(color: Partial<ExcelJSTypes.Color> | undefined): string | undefined {
  return color?.argb ? color.argb.slice(-6) : undefined;
}

/**
 * A grid model of a staged .xlsx: the first N rows × M columns of each sheet with values, displayed text,
 * number formats and basic styles. Read with the streaming reader, so a 100k-row sheet costs only its
 * shown rows (the rest are counted).
 */
export async function previewXlsx(file: string, options: Partial<GridOptions> = {}): Promise<XlsxPreview> {
  const o = { ...DEFAULTS, ...options };
  const name = basename(file);
  if ((await stat(file)).size > MAX_PREVIEW_BYTES) throw new ApiError('TOO_LARGE', `${name} is too large to preview`);
  const bytes = await readFile(file);
  checkOfficeBytes(bytes, 'xlsx', name);
  const entries = zipEntries(bytes, name);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  const sheets: GridSheet[] = [];
  let budget = o.cellBudget;
  try {
    for await (const ws of reader) {
      if (sheets.length >= o.maxSheets) break;
      const rowLimit = Math.max(1, Math.min(o.rows, Math.floor(budget / o.columns)));
      const cells: (GridCell | null)[][] = [];
      let rowCount = 0;
      let columnCount = 0;
      for await (const row of ws as unknown as AsyncIterable<ExcelJSTypes.Row>) {
        rowCount = row.number;
        columnCount = Math.max(columnCount, row.cellCount);
        if (row.number > rowLimit) continue;
        while (cells.length < row.number - 1) cells.push(new Array(o.columns).fill(null));
        const line: (GridCell | null)[] = [];
        for (let c = 1; c <= o.columns; c++) {
          const cell = row.getCell(c);
          const value = cellJson(cell.value);
          const formula = cell.value && typeof cell.value === 'object' && 'formula' in cell.value ? String(cell.value.formula) : undefined;
          if (value === null && !formula) {
            line.push(null);
            continue;
          }
          const numFmt = cell.numFmt || undefined;
          const fill = cell.fill?.type === 'pattern' ? argb(cell.fill.fgColor) : undefined;
          line.push({
            value,
            text: formatCell(value, numFmt),
            numFmt,
            formula,
            bold: cell.font?.bold || undefined,
            italic: cell.font?.italic || undefined,
            fill,
            color: argb(cell.font?.color),
            align: cell.alignment?.horizontal,
          });
        }
        cells.push(line);
      }
      const model = ws as unknown as { name?: string; views?: { state?: string; ySplit?: number }[] };
      const sheetXml = entries.find((e) => e.name === `xl/worksheets/sheet${(ws as unknown as { id: number }).id}.xml`);
      const head = sheetXml ? Buffer.from(entryPrefix(bytes, sheetXml, inflate, 32 * 1024)).toString('utf8') : '';
      const pane = /<pane\b[^>]*>/.exec(head.slice(0, head.indexOf('<sheetData') >>> 0))?.[0] ?? '';
      const colWidths: number[] = [];
      for (const m of head.matchAll(/<col\b[^>]*>/g)) {
        const [min, max, width] = ['min', 'max', 'width'].map((a) => Number(new RegExp(`${a}="([\\d.]+)"`).exec(m[0])?.[1] ?? 0));
        for (let c = min!; c <= Math.min(max!, o.columns); c++) colWidths[c - 1] = width!;
      }
      const widths = Array.from({ length: Math.min(o.columns, Math.max(columnCount, 1)) }, (_, i) => colWidths[i] || 9);
      const view = /state="frozen"/.test(pane) ? { state: 'frozen', ySplit: Number(/ySplit="(\d+)"/.exec(pane)?.[1] ?? 0) } : model.views?.[0];
      budget -= cells.length * o.columns;
      sheets.push({
        name: model.name ?? `Sheet${sheets.length + 1}`,
        rowCount,
        columnCount,
        widths,
        frozenRows: view?.state === 'frozen' ? (view.ySplit ?? 0) : 0,
        cells: cells.map((r) => r.slice(0, Math.min(o.columns, Math.max(columnCount, 1)))),
      });
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError('INVALID_FILE', `${name} could not be previewed: ${(error as Error).message}`);
  }
  return { kind: 'xlsx', sheets };
}
