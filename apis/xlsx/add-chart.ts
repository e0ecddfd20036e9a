import { writeFile } from 'node:fs/promises';
import type ExcelJSTypes from 'exceljs';
import type JSZip from 'jszip';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { addChartPart, sheetPart } from './lib/chart-package';
import { chartXml, type ChartSeries } from './lib/chart-xml';
import { cellJson, checkedWorkbookFile, columnLetters, getSheet, parseRange } from './lib/io';
import { sheetName, workbookPath } from './lib/schemas';
import { lazyModule } from '../sdk/lazy-module';

const Zip = lazyModule<typeof JSZip>('jszip');

// exceljs: loaded when an API first uses it, not when the pack is listed.
const ExcelJS = lazyModule<typeof ExcelJSTypes>('exceljs');

const MAX_SERIES = 50;
const MAX_POINTS = 4000;

export const addChart = defineApi({
  name: 'addChart',
  description: `Add a native Excel chart (bar, column, line, pie, scatter, area) drawn from a range of a sheet: real OOXML chart parts that Excel, LibreOffice and openpyxl read, with title, axis titles and legend. The range's first row holds the series names, its first column the categories (the x values for scatter), each further column one series. The chart is anchored at a cell (default: two columns right of the range) and spans width x height cells. Other parts of the workbook (sheets, styles, earlier charts, images) are kept byte for byte.
Inputs: path, sheet, type, range (e.g. "A1:C13"), title, xTitle, yTitle, legend, anchor, width, height.
Output: { path, sheet, chart (the chart part written), series (names), points (categories) }. Staged: the real file changes at Apply.
Errors: INVALID_ARGUMENTS (range outside the sheet's data or under 2x2, no numbers in it, a pie with more than one series, scatter without numeric x values), TOO_LARGE (over ${MAX_SERIES} series or ${MAX_POINTS} categories), NOT_FOUND (file or sheet), INVALID_FILE (damaged or password-protected workbook).`,
  parameters: z.object({
    path: workbookPath,
    sheet: sheetName,
    type: z
      .enum(['bar', 'column', 'line', 'pie', 'scatter', 'area'])
      .describe('bar: horizontal bars; column: vertical bars; pie takes one series; scatter plots the first column as x'),
    range: z.string().min(2).describe('data with a header row and a category column, e.g. "A1:C13"'),
    title: z.string().max(255).optional().describe('chart title'),
    xTitle: z.string().max(255).optional().describe('category (horizontal) axis title; ignored for pie'),
    yTitle: z.string().max(255).optional().describe('value (vertical) axis title; ignored for pie'),
    legend: z.boolean().default(true).describe('show the legend (series names, or categories for pie)'),
    anchor: z.string().optional().describe('top-left cell of the chart, e.g. "E2"; default two columns right of the range, at its first row'),
    width: z.number().int().min(2).max(100).default(8).describe('chart width in columns'),
    height: z.number().int().min(2).max(200).default(16).describe('chart height in rows'),
  }),
  returns: z.object({
    path: z.string().describe('the workbook'),
    sheet: z.string().describe('the sheet the chart sits on'),
    chart: z.string().describe('the chart part written, e.g. xl/charts/chart1.xml'),
    series: z.array(z.string()).describe('series names from the header row'),
    points: z.number().describe('categories (data rows) in the chart'),
  }),
  examples: [
    `await xlsx.addChart({ path: 'sales.xlsx', sheet: 'Sales', type: 'column', range: 'B1:C4', title: 'Sales by product', xTitle: 'Product', yTitle: 'Amount' });`,
    `await xlsx.createWorkbook({ path: 'trend.xlsx', sheets: [{ name: 'Trend', columns: [{ header: 'Month' }, { header: 'Visits', type: 'number' }, { header: 'Sign-ups', type: 'number' }], rows: [['Jan', 120, 8], ['Feb', 150, 11], ['Mar', 170, 15]] }] });
const chart = await xlsx.addChart({ path: 'trend.xlsx', type: 'line', range: 'A1:C4', title: 'Visits and sign-ups', anchor: 'E2' });
log(chart.series);`,
  ],
  composition:
    'Write the data first (xlsx.createWorkbook, xlsx.writeCells...) and add charts after it. Later edits by other xlsx APIs keep the charts (exceljs drops them; the pack puts them back with the same anchors and ranges), but the anchors and ranges do not move when rows or columns are inserted or deleted, and a chart on a renamed sheet is lost, so add charts last when you restructure. Several addChart calls on one workbook compose. pdf.fromDocument prints the workbook with its charts.',
  effects: 'stage',
  run: async (args, ctx) => {
    const { bytes } = await checkedWorkbookFile(ctx, args.path);
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(bytes as unknown as ExcelJSTypes.Buffer);
    } catch (error) {
      throw new ApiError('INVALID_FILE', `${args.path} could not be read as a workbook: ${(error as Error).message}`);
    }
    const ws = getSheet(wb, args.sheet);
    const r = parseRange(args.range);
    if (r.right > 16384 || r.bottom > 1048576) throw new ApiError('INVALID_ARGUMENTS', `${args.range} lies outside any sheet (the last cell is XFD1048576)`);
    if (r.bottom > ws.rowCount || r.right > ws.columnCount) {
      throw new ApiError(
        'INVALID_ARGUMENTS',
        `${args.range} lies outside the data of sheet ${ws.name}, which ends at ${columnLetters(Math.max(1, ws.columnCount))}${Math.max(1, ws.rowCount)}`,
      );
    }
    if (r.right - r.left < 1 || r.bottom - r.top < 1)
      throw new ApiError('INVALID_ARGUMENTS', `${args.range} needs at least two columns (categories, then values) and two rows (headers, then data)`);
    const seriesCount = r.right - r.left;
    if (seriesCount > MAX_SERIES) throw new ApiError('TOO_LARGE', `${args.range} makes ${seriesCount} series; a chart takes at most ${MAX_SERIES}`);
    if (r.bottom - r.top > MAX_POINTS) throw new ApiError('TOO_LARGE', `${args.range} has ${r.bottom - r.top} data rows; a chart takes at most ${MAX_POINTS}`);
    if (args.type === 'pie' && seriesCount > 1)
      throw new ApiError('INVALID_ARGUMENTS', `a pie chart shows one series; ${args.range} has ${seriesCount} value columns (give categories and one column)`);

    const quoted = `'${ws.name.replace(/'/g, "''")}'`;
    const ref = (c1: number, r1: number, c2: number, r2: number) =>
      `${quoted}!$${columnLetters(c1)}$${r1}${c1 === c2 && r1 === r2 ? '' : `:$${columnLetters(c2)}$${r2}`}`;
    const value = (row: number, col: number) => cellJson(ws.getCell(row, col).value);
    const rows = Array.from({ length: r.bottom - r.top }, (_, i) => r.top + 1 + i);
    const categories = rows.map((row) => {
      const v = value(row, r.left);
      return typeof v === 'number' || typeof v === 'string' ? v : v === null ? null : String(v);
    });
    const series: ChartSeries[] = [];
    for (let col = r.left + 1; col <= r.right; col++) {
      const header = value(r.top, col);
      series.push({
        nameRef: ref(col, r.top, col, r.top),
        name: header === null || header === '' ? `Series ${col - r.left}` : String(header),
        valuesRef: ref(col, r.top + 1, col, r.bottom),
        values: rows.map((row) => {
          const v = value(row, col);
          return typeof v === 'number' && Number.isFinite(v) ? v : null;
        }),
      });
    }
    if (series.every((s) => s.values.every((v) => v === null)))
      throw new ApiError('INVALID_ARGUMENTS', `${args.range} holds no numbers below its header row; nothing to chart`);
    if (args.type === 'scatter' && !categories.some((c) => typeof c === 'number'))
      throw new ApiError('INVALID_ARGUMENTS', `a scatter chart needs numbers in the first column of ${args.range} (the x values)`);

    const at = args.anchor ? parseRange(args.anchor) : { left: r.right + 2, top: r.top };
    const xml = chartXml({
      type: args.type,
      title: args.title,
      xTitle: args.xTitle,
      yTitle: args.yTitle,
      legend: args.legend,
      categoriesRef: ref(r.left, r.top + 1, r.left, r.bottom),
      categories,
      series,
    });
    let zip: JSZip;
    try {
      zip = await Zip.loadAsync(bytes);
    } catch (error) {
      throw new ApiError('INVALID_FILE', `${args.path} is not a readable zip package: ${(error as Error).message}`);
    }
    const part = await sheetPart(zip, ws.name);
    const chart = await addChartPart(
      zip,
      part,
      xml,
      { col: at.left - 1, row: at.top - 1, cols: args.width, rows: args.height },
      args.title ?? `Chart ${args.type}`,
    );
    const out = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
    const staged = await ctx.staging.stageFile(args.path, 'xlsx');
    await writeFile(staged, out);
    return { path: args.path, sheet: ws.name, chart, series: series.map((s) => s.name), points: rows.length };
  },
});
