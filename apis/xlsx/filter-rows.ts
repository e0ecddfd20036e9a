import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { getSheet, loadWorkbook, saveWorkbook } from './lib/io';
import { predicate, rawRows, rewriteRows, valuesOf, where } from './lib/conditions';
import { headerRow, sheetName, workbookPath } from './lib/schemas';

export const filterRows = defineApi({
  name: 'filterRows',
  description: `Filter the data rows of a sheet by conditions on columns (all must hold).
Modes: "keep" deletes the rows that do NOT match; "remove" deletes the rows that match; "copy" copies the header and matching rows into a new sheet named toSheet (the source is unchanged).
Inputs: path, sheet, where ([{ column, op, value }]; ops =, !=, >, >=, <, <=, contains, startsWith, empty, notEmpty), mode, toSheet.
Output: { path, sheet, matched, remaining } (remaining: data rows left in the edited sheet).
Errors: NOT_FOUND (file, sheet, column), INVALID_ARGUMENTS (copy without toSheet, toSheet exists), INVALID_FILE.`,
  parameters: z.object({
    path: workbookPath,
    sheet: sheetName,
    where,
    mode: z.enum(['keep', 'remove', 'copy']).default('keep').describe('what to do with matching rows'),
    toSheet: z.string().min(1).max(31).optional().describe('new sheet for mode "copy"'),
    headerRow,
  }),
  returns: z.object({ path: z.string(), sheet: z.string(), matched: z.number(), remaining: z.number() }),
  examples: [
    `const r = await xlsx.filterRows({ path: 'sales.xlsx', sheet: 'Sales', where: [{ column: 'Region', op: '=', value: 'North' }], mode: 'copy', toSheet: 'North' });\nlog(r.matched);`,
  ],
  composition: 'Use mode "copy" to make a per-group sheet, "remove" to drop unwanted rows; follow with xlsx.sortRows.',
  effects: 'stage',
  run: async (args, ctx) => {
    const wb = await loadWorkbook(ctx, args.path);
    const ws = getSheet(wb, args.sheet);
    const matches = predicate(ws, args.where, args.headerRow);
    const { rows, width } = rawRows(ws, args.headerRow);
    const hit = rows.filter(matches);
    if (args.mode === 'copy') {
      if (!args.toSheet) throw new ApiError('INVALID_ARGUMENTS', 'mode "copy" needs toSheet');
      if (wb.getWorksheet(args.toSheet)) throw new ApiError('INVALID_ARGUMENTS', `sheet ${args.toSheet} already exists`);
      const target = wb.addWorksheet(args.toSheet);
      const header = ws.getRow(args.headerRow);
      target.addRow(valuesOf(header, width)).font = { bold: true };
      for (const row of hit) target.addRow(valuesOf(row, width));
      for (let c = 1; c <= width; c++) {
        target.getColumn(c).width = ws.getColumn(c).width;
        target.getColumn(c).numFmt = ws.getColumn(c).numFmt;
      }
      await saveWorkbook(ctx, args.path, wb);
      return { path: args.path, sheet: target.name, matched: hit.length, remaining: hit.length };
    }
    const kept = rows.filter((r) => (args.mode === 'keep' ? matches(r) : !matches(r)));
    rewriteRows(
      ws,
      args.headerRow,
      kept.map((r) => valuesOf(r, width)),
      width,
    );
    await saveWorkbook(ctx, args.path, wb);
    return { path: args.path, sheet: ws.name, matched: hit.length, remaining: kept.length };
  },
});
