import { z } from 'zod';
import { defineApi } from '../sdk';
import { cellJson, getSheet, loadWorkbook, resolveColumn, saveWorkbook } from './lib/io';
import { rawRows, rewriteRows, valuesOf } from './lib/conditions';
import { columnRef, headerRow, sheetName, workbookPath } from './lib/schemas';

export const sortRows = defineApi({
  name: 'sortRows',
  description: `Sort the data rows of a sheet (everything below the header row) by one or more columns; the header stays on top.
Numbers sort numerically, text case-insensitively, empty cells last. Stable: ties keep their order.
Inputs: path, sheet, by ([{ column, descending }], first key first), headerRow.
Output: { path, sheet, rows } (data rows sorted). Formulas move with their rows but their references are not rewritten.
Errors: NOT_FOUND (file, sheet, column), INVALID_FILE.`,
  parameters: z.object({
    path: workbookPath,
    sheet: sheetName,
    by: z
      .array(z.object({ column: columnRef, descending: z.boolean().default(false).describe('largest first') }))
      .min(1)
      .describe('sort keys, most important first'),
    headerRow,
  }),
  returns: z.object({ path: z.string(), sheet: z.string(), rows: z.number() }),
  examples: [`await xlsx.sortRows({ path: 'sales.xlsx', sheet: 'Sales', by: [{ column: 'Amount', descending: true }] });`],
  composition: 'Sort before xlsx.readRange to get the top rows; combine with xlsx.filterRows.',
  effects: 'stage',
  run: async (args, ctx) => {
    const wb = await loadWorkbook(ctx, args.path);
    const ws = getSheet(wb, args.sheet);
    const keys = args.by.map((k) => ({ index: resolveColumn(ws, k.column, args.headerRow), sign: k.descending ? -1 : 1 }));
    const { rows, width } = rawRows(ws, args.headerRow);
    const values = rows.map((r) => valuesOf(r, width));
    const order = values.map((v, i) => ({ v, i }));
    order.sort((a, b) => {
      for (const k of keys) {
        const x = cellJson(a.v[k.index - 1] ?? null);
        const y = cellJson(b.v[k.index - 1] ?? null);
        if (x === y) continue;
        if (x === null || x === '') return 1;
        if (y === null || y === '') return -1;
        const d =
          typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { sensitivity: 'base', numeric: true });
        if (d !== 0) return d * k.sign;
      }
      return a.i - b.i;
    });
    rewriteRows(
      ws,
      args.headerRow,
      order.map((o) => o.v),
      width,
    );
    await saveWorkbook(ctx, args.path, wb);
    return { path: args.path, sheet: ws.name, rows: values.length };
  },
});
