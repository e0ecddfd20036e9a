import { stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { ApiError, defineApi, type ApiContext } from '../sdk';
import { cellFormula, cellJson, checkedWorkbookFile, columnLetters, getSheet, loadWorkbook, parseRange, STREAM_READ_BYTES, type CellJson } from './io';
import { sheetName, workbookPath } from './schemas';

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const readRange = defineApi({
  name: 'readRange',
  description: `Read cell values (and optionally formulas and number formats) from a sheet of an existing workbook, by range.
Inputs: path, sheet (first when omitted), range like "A1:D20" (the used range when omitted), maxRows (rows past it are cut and truncated is true).
Output: { sheet, sheets (all sheet names), range (what was read), rows (values row by row; dates as ISO text, formulas as their cached result, empty cells null), formulas ({ "C5": "SUM(C2:C4)" }), numFmts ({ "B2": "yyyy-mm-dd" }), truncated }.
Workbooks over ${STREAM_READ_BYTES / 1024 / 1024} MB are read with the streaming reader in bounded memory (formulas and formats are then left out).
Errors: NOT_FOUND (no file or sheet), INVALID_FILE (not a readable xlsx, password-protected), TOO_LARGE.`,
  parameters: z.object({
    path: workbookPath,
    sheet: sheetName,
    range: z.string().optional().describe('cells to read, e.g. A1:D20; the used range when omitted'),
    maxRows: z.number().int().min(1).max(10_000).default(500).describe('most rows returned'),
    includeFormulas: z.boolean().default(true).describe('also return formulas by cell address'),
    includeFormats: z.boolean().default(false).describe('also return number formats by cell address'),
  }),
  returns: z.object({
    sheet: z.string(),
    sheets: z.array(z.string()),
    range: z.string(),
    rows: z.array(z.array(cell)),
    formulas: z.record(z.string(), z.string()),
    numFmts: z.record(z.string(), z.string()),
    truncated: z.boolean(),
  }),
  examples: [`const { rows } = await xlsx.readRange({ path: 'sales.xlsx', sheet: 'Sales', range: 'A1:C5' });\nlog(rows[0]);`],
  composition: 'Use it to look before editing (headers are rows[0]). For sums and counts use xlsx.aggregate instead of reading every row.',
  effects: 'read',
  run: async (args, ctx) => {
    const file = await ctx.staging.readPath(args.path);
    if ((await stat(file)).size > STREAM_READ_BYTES) return readStreaming(ctx, args);
    const wb = await loadWorkbook(ctx, args.path);
    const ws = getSheet(wb, args.sheet);
    const used = { top: 1, left: 1, bottom: Math.max(1, ws.rowCount), right: Math.max(1, ws.columnCount) };
    const r = args.range ? parseRange(args.range) : used;
    const bottom = Math.min(r.bottom, r.top + args.maxRows - 1);
    const rows: CellJson[][] = [];
    const formulas: Record<string, string> = {};
    const numFmts: Record<string, string> = {};
    for (let y = r.top; y <= bottom; y++) {
      const row = ws.getRow(y);
      const values: CellJson[] = [];
      for (let x = r.left; x <= r.right; x++) {
        const c = row.getCell(x);
        values.push(cellJson(c.value));
        const f = cellFormula(c.value);
        if (f && args.includeFormulas) formulas[`${columnLetters(x)}${y}`] = f;
        if (args.includeFormats && c.numFmt) numFmts[`${columnLetters(x)}${y}`] = c.numFmt;
      }
      rows.push(values);
    }
    return {
      sheet: ws.name,
      sheets: wb.worksheets.map((s) => s.name),
      range: `${columnLetters(r.left)}${r.top}:${columnLetters(r.right)}${bottom}`,
      rows,
      formulas,
      numFmts,
      truncated: bottom < r.bottom,
    };
  },
});

async function readStreaming(ctx: ApiContext, args: { path: string; sheet?: string; range?: string; maxRows: number }) {
  const { file } = await checkedWorkbookFile(ctx, args.path);
  const r = args.range ? parseRange(args.range) : { top: 1, left: 1, bottom: Number.MAX_SAFE_INTEGER, right: 0 };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
  const sheets: string[] = [];
  const rows: CellJson[][] = [];
  let chosen: string | undefined;
  let more = false;
  let right = r.right;
  try {
    for await (const ws of reader) {
      const name = (ws as unknown as { name: string }).name;
      sheets.push(name);
      if (chosen !== undefined || (args.sheet !== undefined && name !== args.sheet)) continue;
      chosen = name;
      for await (const row of ws as unknown as AsyncIterable<ExcelJS.Row>) {
        if (row.number < r.top) continue;
        if (row.number > r.bottom) break;
        if (rows.length >= args.maxRows) {
          more = true;
          break;
        }
        const width = r.right || row.cellCount;
        right = Math.max(right, width);
        const values: CellJson[] = [];
        for (let x = r.left; x <= width; x++) values.push(cellJson(row.getCell(x).value));
        rows.push(values);
      }
    }
  } catch (error) {
    throw new ApiError('INVALID_FILE', `${args.path} could not be read as a workbook: ${(error as Error).message}`);
  }
  if (chosen === undefined) throw new ApiError('NOT_FOUND', `no sheet named ${args.sheet ?? '(first)'} (sheets: ${sheets.join(', ')})`);
  return { sheet: chosen, sheets, range: `${columnLetters(r.left)}${r.top}:${columnLetters(Math.max(r.left, right))}${r.top + rows.length - 1}`, rows, formulas: {}, numFmts: {}, truncated: more };
}
