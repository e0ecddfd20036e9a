import { z } from 'zod';
import { defineApi } from '../sdk';
import { cellJson, getSheet, loadWorkbook, resolveColumn } from './lib/io';
import { aggregateValues, FUNCTIONS } from './lib/aggregate-math';
import { predicate, rawRows, where } from './lib/conditions';
import { columnRef, headerRow, sheetName, workbookPath } from './lib/schemas';

export const aggregate = defineApi({
  name: 'aggregate',
  description: `Compute sums, averages, minimums, maximums and counts over columns of a sheet, optionally only for rows matching conditions and per group.
Inputs: path, sheet, measures ([{ column, fn }], fn one of sum, avg, min, max, count, countDistinct), where (conditions, AND), groupBy (a column: one result per distinct value, in first-seen order).
Output: { rows (data rows considered), groups: [{ key (group value, or null without groupBy), values: { "<fn>(<column>)": number|null } }] }. Nothing is written.
Errors: NOT_FOUND (file, sheet, column), INVALID_FILE.`,
  parameters: z.object({
    path: workbookPath,
    sheet: sheetName,
    measures: z
      .array(z.object({ column: columnRef, fn: z.enum(FUNCTIONS).default('sum').describe('aggregate function') }))
      .min(1)
      .describe('what to compute'),
    where,
    groupBy: columnRef.optional().describe('column whose distinct values form groups'),
    headerRow,
  }),
  returns: z.object({
    rows: z.number(),
    groups: z.array(z.object({ key: z.union([z.string(), z.number(), z.boolean(), z.null()]), values: z.record(z.string(), z.number().nullable()) })),
  }),
  examples: [
    `const { groups } = await xlsx.aggregate({ path: 'sales.xlsx', sheet: 'Sales', measures: [{ column: 'Amount', fn: 'sum' }], groupBy: 'Region' });\nlog(groups);`,
  ],
  composition: 'Read-only: write the numbers somewhere with xlsx.writeCells or docx.createDocument; use xlsx.pivot to make a summary sheet instead.',
  effects: 'read',
  run: async (args, ctx) => {
    const wb = await loadWorkbook(ctx, args.path);
    const ws = getSheet(wb, args.sheet);
    const matches = predicate(ws, args.where, args.headerRow);
    const measures = args.measures.map((m) => ({ ...m, index: resolveColumn(ws, m.column, args.headerRow) }));
    const group = args.groupBy ? resolveColumn(ws, args.groupBy, args.headerRow) : 0;
    const rows = rawRows(ws, args.headerRow).rows.filter(matches);
    const groups = new Map<string, { key: string | number | boolean | null; rows: typeof rows }>();
    for (const row of rows) {
      const key = group ? cellJson(row.getCell(group).value) : null;
      const id = JSON.stringify(key);
      if (!groups.has(id)) groups.set(id, { key, rows: [] });
      groups.get(id)!.rows.push(row);
    }
    if (groups.size === 0) groups.set('null', { key: null, rows: [] });
    return {
      rows: rows.length,
      groups: [...groups.values()].map((g) => ({
        key: g.key,
        values: Object.fromEntries(
          measures.map((m) => [
            `${m.fn}(${m.column})`,
            aggregateValues(
              g.rows.map((r) => cellJson(r.getCell(m.index).value)),
              m.fn,
            ),
          ]),
        ),
      })),
    };
  },
});
