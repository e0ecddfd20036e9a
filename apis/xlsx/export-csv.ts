import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { ApiError, csvLine, defineApi } from '../sdk';
import { cellJson, getSheet, loadWorkbook } from './lib/io';
import { sheetName, workbookPath } from './lib/schemas';

export const exportCsv = defineApi({
  name: 'exportCsv',
  description: `Export one sheet of a workbook as a CSV file (UTF-8, values not formulas: a formula cell gives its cached result; dates as ISO text).
Inputs: path (.xlsx), sheet, csvPath (target .csv), delimiter.
Output: { csvPath, rows } (lines written, header included). Staged: the CSV reaches the disk at Apply.
Errors: NOT_FOUND (file, sheet), INVALID_ARGUMENTS (csvPath does not end in .csv/.tsv/.txt), INVALID_FILE.`,
  parameters: z.object({
    path: workbookPath,
    sheet: sheetName,
    csvPath: z.string().min(1).describe('the CSV file to write'),
    delimiter: z.string().length(1).default(',').describe('field separator'),
  }),
  returns: z.object({ csvPath: z.string(), rows: z.number() }),
  examples: [`await xlsx.exportCsv({ path: 'sales.xlsx', sheet: 'Sales', csvPath: 'sales.csv' });`],
  composition: 'Often the last step after edits; fs.readText reads the CSV back.',
  effects: 'stage',
  run: async (args, ctx) => {
    if (!/\.(csv|tsv|txt)$/i.test(args.csvPath)) throw new ApiError('INVALID_ARGUMENTS', `${args.csvPath} must end in .csv, .tsv or .txt`);
    const wb = await loadWorkbook(ctx, args.path);
    const ws = getSheet(wb, args.sheet);
    const lines: string[] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const values = [];
      for (let c = 1; c <= ws.columnCount; c++) values.push(cellJson(row.getCell(c).value));
      lines.push(csvLine(values, args.delimiter));
    }
    const staged = await ctx.staging.stageFile(args.csvPath, 'other');
    await writeFile(staged, `${lines.join('\r\n')}\r\n`);
    return { csvPath: args.csvPath, rows: lines.length };
  },
});
