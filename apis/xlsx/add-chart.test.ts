import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiContext, callApi } from '../../test/helpers/api-harness';
import { inkRatio } from '../../test/helpers/pdf-tools';
import { hasPythonModule, python } from '../../test/helpers/python';
import { convertToPdf, hasSoffice, pdfText } from '../../test/helpers/soffice';
import { testStaging } from '../../test/helpers/staging';
import type { ApiContext } from '../sdk';
import { xlsxPack } from './pack';

const openpyxl = hasPythonModule('openpyxl');
const soffice = hasSoffice();
let root: string;

const context = async (): Promise<ApiContext> => apiContext(await testStaging([root]));
const call = (verb: string, args: unknown, ctx: ApiContext) => callApi(xlsxPack, verb, args, ctx) as Promise<Record<string, unknown>>;

// openpyxl's reader loads charts: type, title, series references, axis titles and legend per chart.
const READ_CHARTS = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def text(t):
    if t is None or t.tx is None or t.tx.rich is None: return None
    return ''.join(r.t for p in t.tx.rich.p for r in (p.r or []))
out = {}
for ws in wb.worksheets:
    out[ws.title] = [{
        'type': c.tagname, 'barDir': getattr(c, 'barDir', None), 'title': text(c.title),
        'series': [s.tx.strRef.f for s in c.series], 'values': [(s.val or s.yVal).numRef.f for s in c.series],
        'x': getattr(getattr(c, 'x_axis', None), 'title', None) and text(c.x_axis.title),
        'y': getattr(getattr(c, 'y_axis', None), 'title', None) and text(c.y_axis.title),
        'legend': c.legend is not None, 'anchor': c.anchor._from.col if hasattr(c.anchor, '_from') else None,
    } for c in ws._charts]
print(json.dumps(out))
`;

async function salesBook(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Q1 O'Neil & Co");
  ws.addRows([
    ['Month', 'North', 'South', 'West'],
    ['Jan', 120, 80, 60],
    ['Feb', 150, 95, 70],
    ['Mar', 170, 90, 85],
  ]);
  wb.addWorksheet('Other').addRow(['x', 'y']);
  await wb.xlsx.writeFile(file);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'xlsx-chart-'));
  await salesBook(join(root, 'sales.xlsx'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe.runIf(openpyxl)('xlsx.addChart, read back by openpyxl and exceljs', () => {
  it('writes every chart type with titles, axis titles and legend; openpyxl reads each back', async () => {
    const ctx = await context();
    const types = ['bar', 'column', 'line', 'area', 'scatter', 'pie'] as const;
    for (const [i, type] of types.entries()) {
      const range = type === 'pie' ? 'A1:B4' : type === 'scatter' ? 'B1:D4' : 'A1:D4';
      await call(
        'addChart',
        {
          path: 'sales.xlsx',
          sheet: "Q1 O'Neil & Co",
          type,
          range,
          title: `${type} chart`,
          xTitle: 'Month',
          yTitle: 'Units',
          legend: type !== 'area',
          anchor: `F${1 + i * 18}`,
        },
        ctx,
      );
    }
    const file = await ctx.staging.readPath('sales.xlsx');
    const charts = (
      (await python(READ_CHARTS, [file])) as Record<
        string,
        {
          type: string;
          barDir: string | null;
          title: string;
          series: string[];
          values: string[];
          x: string | null;
          y: string | null;
          legend: boolean;
          anchor: number;
        }[]
      >
    )["Q1 O'Neil & Co"]!;
    expect(charts.map((c) => c.type)).toEqual(['barChart', 'barChart', 'lineChart', 'areaChart', 'scatterChart', 'pieChart']);
    expect(charts.map((c) => c.barDir)).toEqual(['bar', 'col', null, null, null, null]);
    expect(charts.map((c) => c.title)).toEqual(types.map((t) => `${t} chart`));
    expect(charts[0]!.series).toEqual(["'Q1 O''Neil & Co'!$B$1", "'Q1 O''Neil & Co'!$C$1", "'Q1 O''Neil & Co'!$D$1"]);
    expect(charts[0]!.values[2]).toBe("'Q1 O''Neil & Co'!$D$2:$D$4");
    expect(charts[4]!.series).toEqual(["'Q1 O''Neil & Co'!$C$1", "'Q1 O''Neil & Co'!$D$1"]);
    expect(charts[5]!.series.length).toBe(1);
    expect(charts[2]).toMatchObject({ x: 'Month', y: 'Units', legend: true, anchor: 5 });
    expect(charts[3]!.legend).toBe(false);
    // exceljs still opens the workbook and sees the same data.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(file)) as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet("Q1 O'Neil & Co")!.getCell('D4').value).toBe(85);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Q1 O'Neil & Co", 'Other']);
  });

  it('adds to a workbook that already has a drawing, keeping the earlier chart and other parts unchanged', async () => {
    const ctx = await context();
    await call('addChart', { path: 'sales.xlsx', type: 'column', range: 'A1:B4', title: 'First' }, ctx);
    const once = await readFile(await ctx.staging.readPath('sales.xlsx'));
    await writeFile(join(root, 'charted.xlsx'), once);
    const next = await context();
    await call('addChart', { path: 'charted.xlsx', type: 'line', range: 'A1:C4', title: 'Second', anchor: 'F20' }, next);
    const twice = await readFile(await next.staging.readPath('charted.xlsx'));
    const [a, b] = await Promise.all([JSZip.loadAsync(once), JSZip.loadAsync(twice)]);
    expect(
      Object.keys(b.files)
        .filter((f) => /drawing\d|chart\d/.test(f))
        .sort(),
    ).toEqual(['xl/charts/chart1.xml', 'xl/charts/chart2.xml', 'xl/drawings/_rels/drawing1.xml.rels', 'xl/drawings/drawing1.xml']);
    for (const part of ['xl/charts/chart1.xml', 'xl/styles.xml', 'xl/worksheets/sheet2.xml', 'xl/sharedStrings.xml']) {
      if (a.file(part)) expect(await b.file(part)!.async('string'), part).toBe(await a.file(part)!.async('string'));
    }
    const charts = (await python(READ_CHARTS, [await next.staging.readPath('charted.xlsx')])) as Record<string, { title: string }[]>;
    expect(charts["Q1 O'Neil & Co"]!.map((c) => c.title)).toEqual(['First', 'Second']);
    const ct = await b.file('[Content_Types].xml')!.async('string');
    expect(ct.match(/drawingml\.chart\+xml/g)?.length).toBe(2);
  });

  it('adds a chart beside an image exceljs put on the sheet', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Pics');
    ws.addRows([
      ['k', 'v'],
      ['a', 1],
      ['b', 2],
    ]);
    const { png } = await import('../../test/helpers/office-fixtures');
    ws.addImage(wb.addImage({ buffer: png(4, 4) as unknown as ExcelJS.Buffer, extension: 'png' }), 'D2:E4');
    await wb.xlsx.writeFile(join(root, 'pics.xlsx'));
    const ctx = await context();
    await call('addChart', { path: 'pics.xlsx', type: 'pie', range: 'A1:B3', title: 'Share' }, ctx);
    const file = await ctx.staging.readPath('pics.xlsx');
    const zip = await JSZip.loadAsync(await readFile(file));
    const drawing = await zip.file('xl/drawings/drawing1.xml')!.async('string');
    expect(drawing).toContain('<xdr:pic>');
    expect(drawing).toContain('c:chart');
    expect(((await python(READ_CHARTS, [file])) as Record<string, unknown[]>).Pics!.length).toBe(1);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await readFile(file)) as unknown as ExcelJS.Buffer);
    expect(back.getWorksheet('Pics')!.getImages().length).toBe(1);
  });

  it('keeps charts when other xlsx APIs edit the workbook afterwards (exceljs alone would drop them)', async () => {
    const ctx = await context();
    await call('addChart', { path: 'sales.xlsx', type: 'column', range: 'A1:D4', title: 'Kept' }, ctx);
    await call('addChart', { path: 'sales.xlsx', type: 'line', range: 'A1:B4', title: 'Also kept', anchor: 'F30' }, ctx);
    await call('writeCells', { path: 'sales.xlsx', sheet: "Q1 O'Neil & Co", cells: { E1: 'Total', E2: { formula: 'SUM(B2:D2)' } } }, ctx);
    await call('insertRows', { path: 'sales.xlsx', sheet: 'Other', at: 1, rows: [['first']] }, ctx);
    const file = await ctx.staging.readPath('sales.xlsx');
    const charts = (await python(READ_CHARTS, [file])) as Record<string, { title: string; anchor: number }[]>;
    expect(charts["Q1 O'Neil & Co"]!.map((c) => c.title)).toEqual(['Kept', 'Also kept']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(file)) as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet("Q1 O'Neil & Co")!.getCell('E1').value).toBe('Total');
  });

  it('refuses bad ranges with a clear error and stages nothing', async () => {
    const wide = new ExcelJS.Workbook();
    const ws = wide.addWorksheet('Wide');
    ws.addRow(['x', ...Array.from({ length: 300 }, (_, i) => `s${i}`)]);
    ws.addRow([1, ...Array.from({ length: 300 }, (_, i) => i)]);
    ws.addRow(['', '', '']);
    ws.addRow(['label', 'text', 'more']);
    await wide.xlsx.writeFile(join(root, 'wide.xlsx'));
    const ctx = await context();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ range: 'A1:KO2' }, 'TOO_LARGE', /300 series/],
      [{ range: 'A1:ZZ900' }, 'INVALID_ARGUMENTS', /outside the data of sheet Wide/],
      [{ range: 'A1:XFE2' }, 'INVALID_ARGUMENTS', /outside any sheet|not a cell range/],
      [{ range: 'A3:C4' }, 'INVALID_ARGUMENTS', /no numbers/],
      [{ range: 'A1:A2' }, 'INVALID_ARGUMENTS', /two columns/],
      [{ range: 'A1:C2', type: 'pie' }, 'INVALID_ARGUMENTS', /one series/],
      [{ range: 'A1:C1' }, 'INVALID_ARGUMENTS', /two rows/],
      [{ range: 'A1:B2', sheet: 'Nope' }, 'NOT_FOUND', /no sheet named Nope/],
      [{ range: 'nonsense' }, 'INVALID_ARGUMENTS', /not a cell range/],
    ];
    for (const [args, code, message] of cases) {
      await expect(call('addChart', { path: 'wide.xlsx', type: 'column', ...args }, ctx), JSON.stringify(args)).rejects.toMatchObject({
        code,
        message: expect.stringMatching(message),
      });
    }
    await writeFile(join(root, 'broken.xlsx'), 'PK not really');
    await expect(call('addChart', { path: 'broken.xlsx', type: 'bar', range: 'A1:B2' }, ctx)).rejects.toMatchObject({ code: 'INVALID_FILE' });
    expect(ctx.staging.entries()).toEqual([]);
  });
});

describe.runIf(soffice)('xlsx.addChart, rendered by LibreOffice', () => {
  it('prints the chart: its title and axis titles are in the PDF and the chart area has ink', async () => {
    await salesBook(join(root, 'plain.xlsx'));
    const ctx = await context();
    await call(
      'addChart',
      {
        path: 'plain.xlsx',
        type: 'column',
        range: 'A1:D4',
        title: 'Units by month',
        xTitle: 'Month axis',
        yTitle: 'Units axis',
        anchor: 'A6',
        width: 10,
        height: 20,
      },
      ctx,
    );
    const dir = await mkdtemp(join(tmpdir(), 'xlsx-chart-pdf-'));
    try {
      await copyFile(await ctx.staging.readPath('plain.xlsx'), join(dir, 'charted.xlsx'));
      await copyFile(join(root, 'plain.xlsx'), join(dir, 'bare.xlsx'));
      await convertToPdf([join(dir, 'charted.xlsx'), join(dir, 'bare.xlsx')], dir);
      const text = await pdfText(join(dir, 'charted.pdf'));
      expect(text).toContain('Units by month');
      expect(text).toContain('Month axis');
      expect(text).toContain('Units axis');
      const charted = await inkRatio(join(dir, 'charted.pdf'));
      const bare = await inkRatio(join(dir, 'bare.pdf'));
      expect(charted).toBeGreaterThan(bare * 3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
