import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { getSheet, loadWorkbook, parseRange, saveWorkbook } from './lib/io';
import { sheetName, workbookPath } from './lib/schemas';

export const defineName = defineApi({
  name: 'defineName',
  description: `Define a named range (workbook scope) so formulas can say =SUM(Sales) instead of =SUM(Sheet1!$C$2:$C$99).
Inputs: path, name (letters, digits, _ and ., starting with a letter or _; not a cell address), sheet, range (e.g. C2:C99).
Output: { path, name, refersTo } with the absolute reference written.
Errors: INVALID_ARGUMENTS (bad name or range), NOT_FOUND (file, sheet), INVALID_FILE.`,
  parameters: z.object({
    path: workbookPath,
    name: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_.]{0,254}$/)
      .describe('the name, e.g. SalesAmounts'),
    sheet: sheetName,
    range: z.string().describe('the cells it names, e.g. C2:C99'),
  }),
  returns: z.object({ path: z.string(), name: z.string(), refersTo: z.string() }),
  examples: [
    `await xlsx.defineName({ path: 'sales.xlsx', name: 'Amounts', sheet: 'Sales', range: 'C2:C4' });\nawait xlsx.writeCells({ path: 'sales.xlsx', sheet: 'Sales', cells: { F1: { formula: 'SUM(Amounts)' } } });`,
  ],
  composition: 'Define the name, then use it in formulas written by xlsx.writeCells.',
  effects: 'stage',
  run: async (args, ctx) => {
    if (/^[A-Za-z]{1,3}\d+$/.test(args.name) || /^[rRcC]\d*$/.test(args.name))
      throw new ApiError('INVALID_ARGUMENTS', `${args.name} looks like a cell address; pick another name`);
    const r = parseRange(args.range);
    const wb = await loadWorkbook(ctx, args.path);
    const ws = getSheet(wb, args.sheet);
    const col = (n: number) => ws.getColumn(n).letter;
    const refersTo = `'${ws.name.replaceAll("'", "''")}'!$${col(r.left)}$${r.top}:$${col(r.right)}$${r.bottom}`;
    wb.definedNames.add(refersTo, args.name);
    await saveWorkbook(ctx, args.path, wb);
    return { path: args.path, name: args.name, refersTo };
  },
});
