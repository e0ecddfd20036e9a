import type ExcelJSTypes from 'exceljs';
import { ApiError, type ApiContext } from '../../sdk';
import { cellJson, checkedWorkbookFile, columnLetters, parseRange, type CellJson } from './io';
import { lazyModule } from '../../sdk/lazy-module';

// exceljs: loaded when an API first uses it, not when the pack is listed.
const ExcelJS = lazyModule<typeof ExcelJSTypes>('exceljs');

/** readRange for large workbooks: exceljs's streaming reader, stopping once the range (or maxRows) is read. */
export async function readRangeStreaming(ctx: ApiContext, args: { path: string; sheet?: string; range?: string; maxRows: number }) {
  const { file } = await checkedWorkbookFile(ctx, args.path);
  const r = args.range ? parseRange(args.range) : { top: 1, left: 1, bottom: Number.MAX_SAFE_INTEGER, right: 0 };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  const sheets: string[] = [];
  const rows: CellJson[][] = [];
  let chosen: string | undefined;
  let more = false;
  let right = r.right;
  try {
    for await (const ws of reader) {
      const name = (ws as unknown as { name: string }).name;
      sheets.push(name);
      if (chosen !== undefined || (args.sheet !== undefined && name !== args.sheet)) continue;
      chosen = name;
      for await (const row of ws as unknown as AsyncIterable<ExcelJSTypes.Row>) {
        if (row.number < r.top) continue;
        if (row.number > r.bottom) break;
        if (rows.length >= args.maxRows) {
          more = true;
          break;
        }
        const width = r.right || row.cellCount;
        right = Math.max(right, width);
        const values: CellJson[] = [];
        for (let x = r.left; x <= width; x++) values.push(cellJson(row.getCell(x).value));
        rows.push(values);
      }
    }
  } catch (error) {
    throw new ApiError('INVALID_FILE', `${args.path} could not be read as a workbook: ${(error as Error).message}`);
  }
  if (chosen === undefined) throw new ApiError('NOT_FOUND', `no sheet named ${args.sheet ?? '(first)'} (sheets: ${sheets.join(', ')})`);
  return {
    sheet: chosen,
    sheets,
    range: `${columnLetters(r.left)}${r.top}:${columnLetters(Math.max(r.left, right))}${r.top + rows.length - 1}`,
    rows,
    formulas: {},
    numFmts: {},
    truncated: more,
  };
}
