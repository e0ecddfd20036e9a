import { z } from 'zod';
import { defineApi } from '../sdk';
import { columnIndex, getSheet, loadWorkbook, saveWorkbook } from './lib/io';
import { cellInput, sheetName, workbookPath } from './lib/schemas';

export const insertColumns = defineApi({
  name: 'insertColumns',
  description: `Insert columns into a sheet before a column letter, shifting the columns to the right.
Inputs: path, sheet, at (letter the first new column gets, e.g. "C"), columns (each a list of values from row 1 down: header first) or count (blank columns).
Output: { path, sheet, inserted }. Formulas pointing at shifted cells are not rewritten.
Errors: NOT_FOUND, INVALID_ARGUMENTS, INVALID_FILE.`,
  parameters: z.object({
    path: workbookPath,
    sheet: sheetName,
    at: z
      .string()
      .regex(/^[A-Za-z]{1,3}$/)
      .describe('column letter where the first new column goes'),
    columns: z.array(z.array(cellInput)).default([]).describe('values of each new column from row 1 down (header first)'),
    count: z.number().int().min(0).max(1000).default(0).describe('blank columns to insert when columns is empty'),
  }),
  returns: z.object({ path: z.string(), sheet: z.string(), inserted: z.number() }),
  examples: [`await xlsx.insertColumns({ path: 'sales.xlsx', sheet: 'Sales', at: 'B', columns: [['Quarter', 'Q1', 'Q2']] });`],
  composition: 'Follow with xlsx.writeCells to fill formulas in the new column.',
  effects: 'stage',
  run: async (args, ctx) => {
    const wb = await loadWorkbook(ctx, args.path);
    const ws = getSheet(wb, args.sheet);
    const columns = args.columns.length > 0 ? args.columns : Array.from({ length: args.count }, () => []);
    const values = columns.map((c) => c.map((v) => (v !== null && typeof v === 'object' ? { formula: v.formula.replace(/^=/, '') } : v)));
    if (values.length > 0) ws.spliceColumns(columnIndex(args.at), 0, ...values);
    await saveWorkbook(ctx, args.path, wb);
    return { path: args.path, sheet: ws.name, inserted: values.length };
  },
});
