import { readFile, stat, writeFile } from 'node:fs/promises';
import { constants, inflateRawSync } from 'node:zlib';
import type ExcelJSTypes from 'exceljs';
import type JSZip from 'jszip';
import { ApiError, inspectOfficePackage, OFFICE_LIMITS, type ApiContext, existsInRun } from '../../sdk';
import { carryCharts } from './chart-package';
import { lazyModule } from '../../sdk/lazy-module';

const Zip = lazyModule<typeof JSZip>('jszip');

// exceljs: loaded when an API first uses it, not when the pack is listed.
const ExcelJS = lazyModule<typeof ExcelJSTypes>('exceljs');

/** Raw-deflate prefix inflation for the package guard (a cut stream yields what it has). */
export const inflatePrefix = (data: Uint8Array, maxOutput?: number): Uint8Array =>
  inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH, ...(maxOutput ? { maxOutputLength: maxOutput } : {}) });

/** Workbooks above this size are read with the streaming reader. */
export const STREAM_READ_BYTES = 20 * 1024 * 1024;

/** The file to read for `path` (staged or real), checked as an xlsx package before any parser sees it. */
export async function checkedWorkbookFile(ctx: ApiContext, path: string): Promise<{ file: string; bytes: Buffer }> {
  if (!/\.(xlsx|xlsm)$/i.test(path)) throw new ApiError('INVALID_ARGUMENTS', `${path} is not an .xlsx file`);
  const file = await ctx.staging.readPath(path);
  const size = (await stat(file)).size;
  if (size > OFFICE_LIMITS.maxBytes) throw new ApiError('TOO_LARGE', `${path} is ${size} bytes; the limit is ${OFFICE_LIMITS.maxBytes}`);
  const bytes = await readFile(file);
  inspectOfficePackage(bytes, 'xlsx', path, inflatePrefix);
  return { file, bytes };
}

/** The package each loaded workbook came from, so a save can carry over the charts exceljs drops. */
const ORIGINAL = new WeakMap<ExcelJSTypes.Workbook, Buffer>();

/** Opens a workbook fully in memory (for edits). */
export async function loadWorkbook(ctx: ApiContext, path: string): Promise<ExcelJSTypes.Workbook> {
  const { bytes } = await checkedWorkbookFile(ctx, path);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ExcelJSTypes.Buffer);
  } catch (error) {
    throw new ApiError('INVALID_FILE', `${path} could not be read as a workbook: ${(error as Error).message}`);
  }
  ORIGINAL.set(wb, bytes);
  return wb;
}

/** Stages the workbook as `path` (the real file changes only at Apply). Call last, after every check passed. */
export async function saveWorkbook(ctx: ApiContext, path: string, wb: ExcelJSTypes.Workbook): Promise<string> {
  if (!/\.xlsx$/i.test(path)) throw new ApiError('INVALID_ARGUMENTS', `${path} must end in .xlsx`);
  let buffer: Uint8Array = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const original = ORIGINAL.get(wb);
  if (original && original.includes('xl/charts/')) buffer = await withCharts(original, buffer);
  const staged = await ctx.staging.stageFile(path, 'xlsx');
  await writeFile(staged, buffer);
  return staged;
}

/** exceljs drops chart parts when it writes: put the original's charts back on their sheets (same anchors). */
async function withCharts(original: Buffer, rewritten: Uint8Array): Promise<Uint8Array> {
  const [from, to] = await Promise.all([Zip.loadAsync(original), Zip.loadAsync(rewritten)]);
  if ((await carryCharts(from, to)) === 0) return rewritten;
  return to.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

/** A sheet by name, or the first sheet when no name is given. */
export function getSheet(wb: ExcelJSTypes.Workbook, name: string | undefined): ExcelJSTypes.Worksheet {
  const sheet = name === undefined ? wb.worksheets[0] : wb.getWorksheet(name);
  if (!sheet) {
    const names = wb.worksheets.map((s) => s.name).join(', ');
    throw new ApiError('NOT_FOUND', name === undefined ? 'the workbook has no sheets' : `no sheet named ${name} (sheets: ${names})`);
  }
  return sheet;
}

export type CellJson = string | number | boolean | null;

/** A cell value as plain JSON: dates become ISO strings, formulas their cached result, rich text its text. */
export function cellJson(value: ExcelJSTypes.CellValue): CellJson {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) return cellJson((value as ExcelJSTypes.CellFormulaValue).result as ExcelJSTypes.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && 'hyperlink' in value) return String((value as ExcelJSTypes.CellHyperlinkValue).text);
    if ('error' in value) return String(value.error);
  }
  return String(value as unknown);
}

/** The formula of a cell, when it has one. */
export function cellFormula(value: ExcelJSTypes.CellValue): string | undefined {
  if (value && typeof value === 'object' && 'formula' in value && typeof value.formula === 'string') return value.formula;
  return undefined;
}

/** Column letters (A, B, ..., AA) to a 1-based index. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const c of letters.toUpperCase()) n = n * 26 + (c.charCodeAt(0) - 64);
  return n;
}

export function columnLetters(index: number): string {
  let s = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Resolves a column named by its header text (in `headerRow`) or by its letter. */
export function resolveColumn(ws: ExcelJSTypes.Worksheet, ref: string, headerRow = 1): number {
  const header = ws.getRow(headerRow);
  for (let c = 1; c <= ws.columnCount; c++) {
    if (
      String(cellJson(header.getCell(c).value) ?? '')
        .trim()
        .toLowerCase() === ref.trim().toLowerCase()
    )
      return c;
  }
  if (/^[A-Z]{1,3}$/.test(ref)) return columnIndex(ref);
  const headers = [];
  for (let c = 1; c <= ws.columnCount; c++) headers.push(cellJson(header.getCell(c).value));
  throw new ApiError('NOT_FOUND', `no column ${ref} in sheet ${ws.name} (headers: ${headers.filter((h) => h !== null).join(', ')})`);
}

/** Parses A1 or A1:C10 into 1-based bounds. */
export function parseRange(range: string): { top: number; left: number; bottom: number; right: number } {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/i.exec(range.trim());
  if (!m) throw new ApiError('INVALID_ARGUMENTS', `${range} is not a cell range such as A1:C10`);
  const left = columnIndex(m[1]!);
  const top = Number(m[2]);
  const right = m[3] ? columnIndex(m[3]) : left;
  const bottom = m[4] ? Number(m[4]) : top;
  return { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) };
}

/** Header texts of a sheet. */
export function headers(ws: ExcelJSTypes.Worksheet, headerRow = 1): string[] {
  const row = ws.getRow(headerRow);
  const out: string[] = [];
  for (let c = 1; c <= ws.columnCount; c++) out.push(String(cellJson(row.getCell(c).value) ?? ''));
  return out;
}

export { existsInRun };
