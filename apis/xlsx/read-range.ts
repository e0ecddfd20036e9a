import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { defineApi } from '../sdk';
import { cellFormula, cellJson, columnLetters, getSheet, loadWorkbook, parseRange, STREAM_READ_BYTES, type CellJson } from './lib/io';
import { readRangeStreaming } from './lib/read-range-stream';
import { sheetName, workbookPath } from './lib/schemas';

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
    if ((await stat(file)).size > STREAM_READ_BYTES) return readRangeStreaming(ctx, args);
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
