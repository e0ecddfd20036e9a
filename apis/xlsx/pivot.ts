import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { cellJson, getSheet, loadWorkbook, resolveColumn, saveWorkbook, type CellJson } from './lib/io';
import { aggregateValues, FUNCTIONS } from './lib/aggregate-math';
import { predicate, rawRows, where } from './lib/conditions';
import { columnRef, headerRow, sheetName, workbookPath } from './lib/schemas';

export const pivot = defineApi({
  name: 'pivot',
  description: `Summarise a sheet pivot-style into a NEW sheet: one row per distinct value of the row field, one column per distinct value of the optional column field (or per measure without one), each cell an aggregate; a grand-total row at the bottom.
Inputs: path, sheet (source), rows (the row field), columns (optional column field), value ({ column, fn }: sum, avg, min, max, count, countDistinct), where (filter first), toSheet (the new sheet's name), sortRows (by key).
Output: { path, sheet (new), rows (summary rows without the total), columns (header of the new sheet) }. Values are numbers, not live formulas.
Errors: NOT_FOUND (file, sheet, column), INVALID_ARGUMENTS (toSheet exists), INVALID_FILE.`,
  parameters: z.object({
    path: workbookPath,
    sheet: sheetName,
    rows: columnRef.describe('field whose distinct values become the summary rows'),
    columns: columnRef.optional().describe('field whose distinct values become the summary columns'),
    value: z.object({ column: columnRef, fn: z.enum(FUNCTIONS).default('sum').describe('aggregate function') }).describe('what each cell holds'),
    where,
    toSheet: z.string().min(1).max(31).default('Summary').describe('name of the new sheet'),
    sortRows: z.boolean().default(true).describe('sort summary rows by their key'),
    headerRow,
  }),
  returns: z.object({ path: z.string(), sheet: z.string(), rows: z.number(), columns: z.array(z.string()) }),
  examples: [
    `await xlsx.pivot({ path: 'sales.xlsx', sheet: 'Sales', rows: 'Region', columns: 'Product', value: { column: 'Amount', fn: 'sum' }, toSheet: 'By region' });`,
  ],
  composition: 'Source first (xlsx.createWorkbook or an existing file), then pivot; read the result with xlsx.readRange({ sheet: toSheet }).',
  effects: 'stage',
  run: async (args, ctx) => {
    const wb = await loadWorkbook(ctx, args.path);
    const ws = getSheet(wb, args.sheet);
    if (wb.getWorksheet(args.toSheet)) throw new ApiError('INVALID_ARGUMENTS', `sheet ${args.toSheet} already exists`);
    const rIdx = resolveColumn(ws, args.rows, args.headerRow);
    const cIdx = args.columns ? resolveColumn(ws, args.columns, args.headerRow) : 0;
    const vIdx = resolveColumn(ws, args.value.column, args.headerRow);
    const matches = predicate(ws, args.where, args.headerRow);
    const cells = new Map<string, Map<string, CellJson[]>>();
    const rowKeys = new Map<string, CellJson>();
    const colKeys = new Map<string, CellJson>();
    const all: CellJson[] = [];
    const byCol = new Map<string, CellJson[]>();
    for (const row of rawRows(ws, args.headerRow).rows.filter(matches)) {
      const rk = cellJson(row.getCell(rIdx).value);
      const ck = cIdx ? cellJson(row.getCell(cIdx).value) : `${args.value.fn}(${args.value.column})`;
      const v = cellJson(row.getCell(vIdx).value);
      rowKeys.set(String(rk), rk);
      colKeys.set(String(ck), ck);
      if (!cells.has(String(rk))) cells.set(String(rk), new Map());
      const line = cells.get(String(rk))!;
      line.set(String(ck), [...(line.get(String(ck)) ?? []), v]);
      byCol.set(String(ck), [...(byCol.get(String(ck)) ?? []), v]);
      all.push(v);
    }
    const keys = [...rowKeys.keys()];
    if (args.sortRows) keys.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    const cols = [...colKeys.keys()];
    const header = [args.rows, ...cols, ...(cIdx ? ['Total'] : [])];
    const target = wb.addWorksheet(args.toSheet);
    target.addRow(header).font = { bold: true };
    for (const k of keys) {
      const line = cells.get(k)!;
      const values = cols.map((c) => aggregateValues(line.get(c) ?? [], args.value.fn));
      const total = cIdx ? [aggregateValues([...line.values()].flat(), args.value.fn)] : [];
      target.addRow([rowKeys.get(k) ?? null, ...values, ...total]);
    }
    const totals = target.addRow([
      'Total',
      ...cols.map((c) => aggregateValues(byCol.get(c) ?? [], args.value.fn)),
      ...(cIdx ? [aggregateValues(all, args.value.fn)] : []),
    ]);
    totals.font = { bold: true };
    target.columns.forEach((col, i) => (col.width = Math.min(40, Math.max(10, String(header[i] ?? '').length + 2))));
    target.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }];
    await saveWorkbook(ctx, args.path, wb);
    return { path: args.path, sheet: target.name, rows: keys.length, columns: header.map(String) };
  },
});
