import { z } from 'zod';
import { defineApi } from '../sdk';
import { getSheet, headers, loadWorkbook } from './lib/io';
import { workbookPath } from './lib/schemas';

export const describeWorkbook = defineApi({
  name: 'describeWorkbook',
  description: `Describe an existing workbook: each sheet's name, size (rows, columns), header row texts, frozen panes and auto-filter, plus the workbook's defined names.
Inputs: path. Output: { sheets: [{ name, rows, columns, headers, frozenRows, autoFilter }], names: [{ name, refersTo }] }. Nothing is written.
Errors: NOT_FOUND, INVALID_FILE (not an xlsx, corrupt, password-protected), TOO_LARGE.`,
  parameters: z.object({ path: workbookPath }),
  returns: z.object({
    sheets: z.array(
      z.object({
        name: z.string(),
        rows: z.number(),
        columns: z.number(),
        headers: z.array(z.string()),
        frozenRows: z.number(),
        autoFilter: z.string().nullable(),
      }),
    ),
    names: z.array(z.object({ name: z.string(), refersTo: z.string() })),
  }),
  examples: [`const info = await xlsx.describeWorkbook({ path: 'sales.xlsx' });\nlog(info.sheets.map((s) => s.name + ': ' + s.headers.join(', ')));`],
  composition: 'Call first on an unfamiliar workbook to learn sheet names and headers, then xlsx.readRange or an edit API.',
  effects: 'read',
  run: async (args, ctx) => {
    const wb = await loadWorkbook(ctx, args.path);
    const sheets = wb.worksheets.map((s) => {
      const ws = getSheet(wb, s.name);
      const view = ws.views?.[0] as { state?: string; ySplit?: number } | undefined;
      const filter = ws.autoFilter;
      return {
        name: ws.name,
        rows: ws.rowCount,
        columns: ws.columnCount,
        headers: headers(ws),
        frozenRows: view?.state === 'frozen' ? (view.ySplit ?? 0) : 0,
        autoFilter: typeof filter === 'string' ? filter : filter ? JSON.stringify(filter) : null,
      };
    });
    const model = wb.definedNames.model as { name: string; ranges: string[] }[];
    return { sheets, names: model.map((n) => ({ name: n.name, refersTo: n.ranges.join(',') })) };
  },
});
