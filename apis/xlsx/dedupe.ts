import { z } from 'zod';
import { defineApi } from '../sdk';
import { cellJson, getSheet, loadWorkbook, resolveColumn, saveWorkbook } from './lib/io';
import { rawRows, rewriteRows, valuesOf } from './lib/conditions';
import { columnRef, headerRow, sheetName, workbookPath } from './lib/schemas';

export const dedupe = defineApi({
  name: 'dedupe',
  description: `Remove duplicate data rows from a sheet, keeping the first (or last) occurrence. Rows are duplicates when the given columns (all columns when none are given) hold equal values; text compares case-insensitively and trimmed.
Inputs: path, sheet, columns, keep ("first" or "last").
Output: { path, sheet, removed, remaining }.
Errors: NOT_FOUND (file, sheet, column), INVALID_FILE.`,
  parameters: z.object({
    path: workbookPath,
    sheet: sheetName,
    columns: z.array(columnRef).default([]).describe('columns that identify a row; all columns when empty'),
    keep: z.enum(['first', 'last']).default('first').describe('which occurrence survives'),
    headerRow,
  }),
  returns: z.object({ path: z.string(), sheet: z.string(), removed: z.number(), remaining: z.number() }),
  examples: [`const { removed } = await xlsx.dedupe({ path: 'sales.xlsx', sheet: 'Sales', columns: ['Region', 'Product'] });\nlog(removed);`],
  composition: 'Dedupe before xlsx.aggregate or xlsx.pivot so totals do not count a row twice.',
  effects: 'stage',
  run: async (args, ctx) => {
    const wb = await loadWorkbook(ctx, args.path);
    const ws = getSheet(wb, args.sheet);
    const { rows, width } = rawRows(ws, args.headerRow);
    const idx = args.columns.length > 0 ? args.columns.map((c) => resolveColumn(ws, c, args.headerRow)) : Array.from({ length: width }, (_, i) => i + 1);
    const key = (r: (typeof rows)[number]) =>
      JSON.stringify(
        idx.map((i) => {
          const v = cellJson(r.getCell(i).value);
          return typeof v === 'string' ? v.trim().toLowerCase() : v;
        }),
      );
    const ordered = args.keep === 'first' ? rows : [...rows].reverse();
    const seen = new Set<string>();
    const kept = ordered.filter((r) => (seen.has(key(r)) ? false : (seen.add(key(r)), true)));
    if (args.keep === 'last') kept.reverse();
    rewriteRows(
      ws,
      args.headerRow,
      kept.map((r) => valuesOf(r, width)),
      width,
    );
    await saveWorkbook(ctx, args.path, wb);
    return { path: args.path, sheet: ws.name, removed: rows.length - kept.length, remaining: kept.length };
  },
});
