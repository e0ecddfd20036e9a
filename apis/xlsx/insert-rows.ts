import { z } from 'zod';
import { defineApi } from '../sdk';
import { getSheet, loadWorkbook, saveWorkbook } from './lib/io';
import { cellInput, sheetName, workbookPath } from './lib/schemas';

export const insertRows = defineApi({
  name: 'insertRows',
  description: `Insert rows into a sheet at a row number, shifting the rows below down (their styles move with them).
Inputs: path, sheet, at (1-based row number the first new row gets), rows (values per row; { formula } allowed) or count (blank rows).
Output: { path, sheet, inserted }. Formulas elsewhere that point at shifted cells are NOT rewritten (exceljs limitation): rewrite them with xlsx.writeCells.
Errors: NOT_FOUND (file or sheet), INVALID_ARGUMENTS, INVALID_FILE.`,
  parameters: z.object({
    path: workbookPath,
    sheet: sheetName,
    at: z.number().int().min(1).describe('row number where the first inserted row goes'),
    rows: z.array(z.array(cellInput)).default([]).describe('values of the inserted rows, in column order'),
    count: z.number().int().min(0).max(100_000).default(0).describe('blank rows to insert when rows is empty'),
  }),
  returns: z.object({ path: z.string(), sheet: z.string(), inserted: z.number() }),
  examples: [`await xlsx.insertRows({ path: 'sales.xlsx', sheet: 'Sales', at: 2, rows: [['North', 'Widget', 99]] });`],
  composition: 'Insert after reading headers with xlsx.readRange; several edits in one program compose on the staged copy.',
  effects: 'stage',
  run: async (args, ctx) => {
    const wb = await loadWorkbook(ctx, args.path);
    const ws = getSheet(wb, args.sheet);
    const rows = args.rows.length > 0 ? args.rows : Array.from({ length: args.count }, () => []);
    const values = rows.map((r) => r.map((v) => (v !== null && typeof v === 'object' ? { formula: v.formula.replace(/^=/, '') } : v)));
    if (values.length > 0) ws.spliceRows(args.at, 0, ...values);
    await saveWorkbook(ctx, args.path, wb);
    return { path: args.path, sheet: ws.name, inserted: values.length };
  },
});
