import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { getSheet, loadWorkbook, parseRange, saveWorkbook } from './lib/io';
import { cellInput, workbookPath } from './lib/schemas';

export const writeCells = defineApi({
  name: 'writeCells',
  description: `Write values and formulas into cells of an existing workbook, keeping everything else (styles, other sheets).
Inputs: path, sheet (created at the end when it does not exist), and either cells ({ "B2": 10, "C2": { formula: "B2*2" } }) or start + values (a 2-D block written from the start cell rightwards and down). numFmt applies a number format to every written cell.
Output: { path, sheet, written } (cells written). Staged: the real file changes at Apply.
Errors: NOT_FOUND (no file), INVALID_ARGUMENTS (bad address, nothing to write), INVALID_FILE.`,
  parameters: z.object({
    path: workbookPath,
    sheet: z.string().min(1).max(31).optional().describe('sheet name; the first sheet when omitted; created when missing'),
    cells: z.record(z.string(), cellInput).optional().describe('values by address, e.g. { "A1": "Total", "B1": { formula: "SUM(B2:B9)" } }'),
    start: z.string().optional().describe('top-left cell of values, e.g. "A2"'),
    values: z.array(z.array(cellInput)).optional().describe('a block of rows written from start'),
    numFmt: z.string().optional().describe('number format for the written cells, e.g. "0.00%"'),
  }),
  returns: z.object({ path: z.string(), sheet: z.string(), written: z.number() }),
  examples: [`await xlsx.writeCells({ path: 'sales.xlsx', sheet: 'Sales', cells: { E1: 'Double', E2: { formula: 'C2*2' } } });`],
  composition:
    'Edits the staged copy when the program already changed the file, so several writeCells calls compose. Read first with xlsx.readRange to find the cells.',
  effects: 'stage',
  run: async (args, ctx) => {
    if (!args.cells && !(args.start && args.values)) throw new ApiError('INVALID_ARGUMENTS', 'give cells, or start and values');
    const wb = await loadWorkbook(ctx, args.path);
    const ws = args.sheet && !wb.getWorksheet(args.sheet) ? wb.addWorksheet(args.sheet) : getSheet(wb, args.sheet);
    let written = 0;
    const put = (row: number, col: number, value: z.output<typeof cellInput>) => {
      const c = ws.getCell(row, col);
      c.value = value !== null && typeof value === 'object' ? { formula: value.formula.replace(/^=/, '') } : value;
      if (args.numFmt) c.numFmt = args.numFmt;
      written++;
    };
    for (const [address, value] of Object.entries(args.cells ?? {})) {
      const r = parseRange(address);
      put(r.top, r.left, value);
    }
    if (args.start && args.values) {
      const s = parseRange(args.start);
      args.values.forEach((row, y) => row.forEach((v, x) => put(s.top + y, s.left + x, v)));
    }
    await saveWorkbook(ctx, args.path, wb);
    return { path: args.path, sheet: ws.name, written };
  },
});
