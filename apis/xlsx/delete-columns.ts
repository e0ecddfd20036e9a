import { z } from 'zod';
import { defineApi } from '../sdk';
import { getSheet, loadWorkbook, resolveColumn, saveWorkbook } from './lib/io';
import { columnRef, sheetName, workbookPath } from './lib/schemas';

export const deleteColumns = defineApi({
  name: 'deleteColumns',
  description: `Delete columns from a sheet, shifting the columns to the right leftwards.
Inputs: path, sheet, column (header text or letter of the first column to delete), count.
Output: { path, sheet, deleted }.
Errors: NOT_FOUND (file, sheet or column), INVALID_FILE.`,
  parameters: z.object({
    path: workbookPath,
    sheet: sheetName,
    column: columnRef,
    count: z.number().int().min(1).default(1).describe('how many columns'),
  }),
  returns: z.object({ path: z.string(), sheet: z.string(), deleted: z.number() }),
  examples: [`await xlsx.deleteColumns({ path: 'sales.xlsx', sheet: 'Sales', column: 'Region' });`],
  composition: 'Staged; later calls on the same path see the change.',
  effects: 'stage',
  run: async (args, ctx) => {
    const wb = await loadWorkbook(ctx, args.path);
    const ws = getSheet(wb, args.sheet);
    ws.spliceColumns(resolveColumn(ws, args.column), args.count);
    await saveWorkbook(ctx, args.path, wb);
    return { path: args.path, sheet: ws.name, deleted: args.count };
  },
});
