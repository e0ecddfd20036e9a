import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { getSheet, loadWorkbook, saveWorkbook } from './lib/io';
import { sheetName, workbookPath } from './lib/schemas';

export const deleteRows = defineApi({
  name: 'deleteRows',
  description: `Delete rows from a sheet, shifting the rows below up.
Inputs: path, sheet, at (first row to delete, 1-based), count.
Output: { path, sheet, deleted }. To delete rows by a condition use xlsx.filterRows with mode "remove".
Errors: NOT_FOUND, INVALID_ARGUMENTS (at past the last row), INVALID_FILE.`,
  parameters: z.object({
    path: workbookPath,
    sheet: sheetName,
    at: z.number().int().min(1).describe('first row to delete'),
    count: z.number().int().min(1).default(1).describe('how many rows'),
  }),
  returns: z.object({ path: z.string(), sheet: z.string(), deleted: z.number() }),
  examples: [`await xlsx.deleteRows({ path: 'sales.xlsx', sheet: 'Sales', at: 3, count: 1 });`],
  composition: 'The change is staged; later calls on the same path see it.',
  effects: 'stage',
  run: async (args, ctx) => {
    const wb = await loadWorkbook(ctx, args.path);
    const ws = getSheet(wb, args.sheet);
    if (args.at > ws.rowCount) throw new ApiError('INVALID_ARGUMENTS', `row ${args.at} is past the last row (${ws.rowCount})`);
    const deleted = Math.min(args.count, ws.rowCount - args.at + 1);
    const end = ws.rowCount;
    ws.spliceRows(args.at, deleted);
    // exceljs 4.4 can leave stale copies of the last rows behind a multi-row splice; removing the
    // last row alone is reliable, so trim everything past the new end from the bottom up.
    for (let row = end; row > end - deleted; row--) if (ws.rowCount >= row) ws.spliceRows(row, 1);
    await saveWorkbook(ctx, args.path, wb);
    return { path: args.path, sheet: ws.name, deleted };
  },
});
