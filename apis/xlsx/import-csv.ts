import { readFile, stat } from 'node:fs/promises';
import type ExcelJSTypes from 'exceljs';
import { z } from 'zod';
import { ApiError, csvValue, defineApi, parseCsv } from '../sdk';
import { existsInRun, loadWorkbook, saveWorkbook } from './lib/io';
import { workbookPath } from './lib/schemas';
import { lazyModule } from '../sdk/lazy-module';

// exceljs: loaded when an API first uses it, not when the pack is listed.
const ExcelJS = lazyModule<typeof ExcelJSTypes>('exceljs');

const MAX_CSV_BYTES = 200 * 1024 * 1024;

export const importCsv = defineApi({
  name: 'importCsv',
  description: `Import a CSV file as a sheet: into a new workbook, or as a new sheet of an existing one.
The delimiter (, ; tab |) is detected unless given; quoted fields and doubled quotes are handled; numeric text becomes numbers (leading zeros such as 007 stay text). With header true the first line becomes a bold, frozen header row with filter buttons.
Inputs: csvPath, path (target .xlsx), sheet (name of the new sheet), delimiter, header.
Output: { path, sheet, rows (data rows), columns }.
Errors: NOT_FOUND (no CSV), INVALID_ARGUMENTS (sheet exists), TOO_LARGE (CSV over ${MAX_CSV_BYTES / 1024 / 1024} MB), INVALID_FILE.`,
  parameters: z.object({
    csvPath: z.string().min(1).describe('the CSV file to read'),
    path: workbookPath,
    sheet: z.string().min(1).max(31).default('Data').describe('name of the sheet to create'),
    delimiter: z.string().length(1).optional().describe('field separator; detected when omitted'),
    header: z.boolean().default(true).describe('the first line holds column names'),
  }),
  returns: z.object({ path: z.string(), sheet: z.string(), rows: z.number(), columns: z.number() }),
  examples: [`await xlsx.importCsv({ csvPath: 'data.csv', path: 'data.xlsx', sheet: 'Data' });`],
  composition: 'Import, then xlsx.sortRows / xlsx.pivot / xlsx.aggregate on the new sheet; xlsx.exportCsv does the reverse.',
  effects: 'stage',
  run: async (args, ctx) => {
    const file = await ctx.staging.readPath(args.csvPath);
    if ((await stat(file)).size > MAX_CSV_BYTES) throw new ApiError('TOO_LARGE', `${args.csvPath} is over ${MAX_CSV_BYTES / 1024 / 1024} MB`);
    const rows = parseCsv(await readFile(file, 'utf8'), args.delimiter);
    const exists = await existsInRun(ctx, args.path);
    const wb = exists ? await loadWorkbook(ctx, args.path) : new ExcelJS.Workbook();
    if (wb.getWorksheet(args.sheet)) throw new ApiError('INVALID_ARGUMENTS', `sheet ${args.sheet} already exists in ${args.path}`);
    const ws = wb.addWorksheet(args.sheet);
    const width = rows.reduce((m, r) => Math.max(m, r.length), 0);
    const [first, ...rest] = rows;
    if (args.header && first) {
      ws.addRow(first).font = { bold: true };
      ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1 }];
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, width) } };
    }
    const data = args.header ? rest : rows;
    for (const r of data) ws.addRow(r.map(csvValue));
    for (let c = 1; c <= width; c++) ws.getColumn(c).width = Math.min(50, Math.max(8, ...rows.slice(0, 100).map((r) => (r[c - 1] ?? '').length + 2)));
    await saveWorkbook(ctx, args.path, wb);
    return { path: args.path, sheet: ws.name, rows: data.length, columns: width };
  },
});
