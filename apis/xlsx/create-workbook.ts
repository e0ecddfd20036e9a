import { rm } from 'node:fs/promises';
import type ExcelJSTypes from 'exceljs';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { saveWorkbook } from './lib/io';
import { sheetSpec, workbookPath } from './lib/schemas';
import { buildSheet, checkSpec, frozenViews } from './lib/sheet-builder';
import { lazyModule } from '../sdk/lazy-module';

// exceljs: loaded when an API first uses it, not when the pack is listed.
const ExcelJS = lazyModule<typeof ExcelJSTypes>('exceljs');

// Every feature of a sheet spec (formats, widths, panes, filter, rules, validation, totals) is written the same
// by exceljs's streaming WorkbookWriter as by its in-memory Workbook (xlsx.test.ts compares them with openpyxl),
// so the streaming writer is the default: 2-3x faster and bounded memory at 100k rows.

export const createWorkbook = defineApi({
  name: 'createWorkbook',
  description: `Create a new .xlsx workbook with one or more sheets, each a table: a bold header row from columns, typed data rows, number/date formats, column widths, frozen panes, auto-filter, conditional formatting, data validation and an optional totals row of formulas.
Inputs: path (target .xlsx) and sheets. Rows are arrays in column order or objects keyed by column key/header; a cell may be { formula: "SUM(B2:B9)" }. Date columns take ISO text ("2024-05-31").
The workbook is written with exceljs's streaming writer (bounded memory, also for 100k+ rows); streaming: false builds it in memory instead (the same file, slower, memory grows with the rows).
Output: { path, sheets: [{ name, rows }] } with the data-row count per sheet. The file is staged: it reaches the disk at Apply.
Errors: INVALID_ARGUMENTS (bad path, duplicate or invalid sheet names, a row longer than the columns, a non-date in a date column), PERMISSION_DENIED (outside the granted folders).
Charts are not supported (exceljs cannot write them).`,
  parameters: z.object({
    path: workbookPath,
    sheets: z.array(sheetSpec).min(1).max(100).describe('sheets in order'),
    streaming: z.boolean().default(true).describe('write with the streaming writer; false builds the workbook in memory (same content)'),
  }),
  returns: z.object({ path: z.string(), sheets: z.array(z.object({ name: z.string(), rows: z.number() })) }),
  examples: [
    `await xlsx.createWorkbook({
  path: 'budget.xlsx',
  sheets: [{
    name: 'Budget',
    columns: [{ header: 'Item' }, { header: 'Due', type: 'date' }, { header: 'Amount', type: 'currency' }],
    rows: [['Rent', '2024-06-01', 1200], { Item: 'Power', Due: '2024-06-05', Amount: 80.5 }],
    freeze: { rows: 1, columns: 0 },
    autoFilter: true,
    totals: [{ column: 'Amount', fn: 'SUM' }],
    conditionalFormats: [{ range: 'C2:C3', rule: 'greaterThan', value: 1000, fill: 'FFC7CE' }],
    validations: [{ range: 'A2:A100', type: 'textLength', max: 40 }],
  }],
});`,
  ],
  composition:
    'Creates the file; then edit it with xlsx.writeCells, xlsx.sortRows, xlsx.pivot and others on the same path in the same program (they read the staged version). Use xlsx.importCsv to start from a CSV instead.',
  effects: 'stage',
  run: async (args, ctx) => {
    const names = new Set<string>();
    for (const s of args.sheets) {
      if (/[[\]:*?/\\]/.test(s.name)) throw new ApiError('INVALID_ARGUMENTS', `sheet name ${s.name} contains one of []:*?/\\`);
      if (names.has(s.name.toLowerCase())) throw new ApiError('INVALID_ARGUMENTS', `two sheets are named ${s.name}`);
      names.add(s.name.toLowerCase());
    }
    if (!/\.xlsx$/i.test(args.path)) throw new ApiError('INVALID_ARGUMENTS', `${args.path} must end in .xlsx`);
    const prepared = args.sheets.map((spec) => checkSpec(spec));
    const sheets: { name: string; rows: number }[] = [];
    if (!args.streaming) {
      const wb = new ExcelJS.Workbook();
      args.sheets.forEach((spec, i) => sheets.push({ name: spec.name, rows: buildSheet(wb.addWorksheet(spec.name), spec, false, prepared[i]) }));
      await saveWorkbook(ctx, args.path, wb);
      return { path: args.path, sheets };
    }
    const staged = await ctx.staging.stageFile(args.path, 'xlsx');
    try {
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: staged, useStyles: true, useSharedStrings: false });
      for (const [i, spec] of args.sheets.entries()) {
        const ws = wb.addWorksheet(spec.name, { views: frozenViews(spec) });
        sheets.push({ name: spec.name, rows: buildSheet(ws as unknown as ExcelJSTypes.Worksheet, spec, true, prepared[i]) });
        ws.commit();
      }
      await wb.commit();
    } catch (error) {
      await rm(staged, { force: true });
      if (error instanceof ApiError) throw error;
      throw new ApiError('API_ERROR', `writing ${args.path} failed: ${(error as Error).message}`);
    }
    return { path: args.path, sheets };
  },
});
