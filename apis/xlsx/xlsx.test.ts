import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS, { type CellValue } from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiContext, callApi } from '../../test/helpers/api-harness';
import { writeExampleFiles } from '../../test/helpers/office-fixtures';
import { hasPythonModule, python } from '../../test/helpers/python';
import { testStaging } from '../../test/helpers/staging';
import type { ApiContext } from '../sdk';
import { xlsxPack } from './pack';
import { readRangeStreaming } from './lib/read-range-stream';

const second = hasPythonModule('openpyxl');

interface SheetFacts {
  rows: unknown[][];
  freeze: string | null;
  filter: string | null;
  cf: string[];
  dv: unknown[][];
  fmt: Record<string, string>;
}
interface Facts {
  sheets: string[];
  names: Record<string, string>;
  s: Record<string, SheetFacts>;
}
let root: string;
let ctx: ApiContext;
const call = (verb: string, args: unknown) => callApi(xlsxPack, verb, args, ctx) as Promise<Record<string, unknown>>;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'xlsx-pack-'));
  await writeExampleFiles(root);
  ctx = apiContext(await testStaging([root]));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

// openpyxl re-opens what exceljs wrote; one python call per test returns every fact asserted.
const OPENPYXL = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
dn = wb.defined_names
names = {d.name: d.attr_text for d in dn.definedName} if hasattr(dn, "definedName") else {n: dn[n].attr_text for n in dn}
out = {"sheets": wb.sheetnames, "names": names, "s": {}}
for ws in wb.worksheets:
    out["s"][ws.title] = {
        "rows": [[(c.isoformat() if hasattr(c, "isoformat") else c) for c in r] for r in ws.iter_rows(values_only=True)],
        "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
        "cf": [str(r.sqref) for r in ws.conditional_formatting],
        "dv": [[str(d.sqref), d.type, d.formula1] for d in ws.data_validations.dataValidation],
        "fmt": {c.coordinate: c.number_format for r in ws.iter_rows(min_row=2, max_row=2) for c in r},
    }
print(json.dumps(out, default=str))
`;

describe.skipIf(!second)('xlsx pack, checked by openpyxl', () => {
  it('createWorkbook writes types, formats, panes, filters, rules and totals', async () => {
    const result = await call('createWorkbook', {
      path: 'budget.xlsx',
      sheets: [
        {
          name: 'Budget',
          columns: [{ header: 'Item' }, { header: 'Due', type: 'date' }, { header: 'Amount', type: 'currency' }, { header: 'Share', type: 'percent' }],
          rows: [['Rent', '2024-06-01', 1200, 0.6], { Item: 'Power', Due: '2024-06-05', Amount: '80.5', Share: 0.4 }],
          freeze: { rows: 1 },
          autoFilter: true,
          conditionalFormats: [{ range: 'C2:C3', rule: 'greaterThan', value: 1000 }],
          validations: [{ range: 'A2:A50', type: 'list', values: ['Rent', 'Power', 'Food'] }],
          totals: [{ column: 'Amount', fn: 'SUM' }],
        },
        { name: 'Notes', rows: [['free text', 1]] },
      ],
    });
    expect(result.sheets).toEqual([{ name: 'Budget', rows: 2 }, { name: 'Notes', rows: 1 }]);
    const staged = ctx.staging.entries()[0]!;
    expect(staged.target).toBe(join(root, 'budget.xlsx'));
    const facts = (await python(OPENPYXL, [staged.stagedPath!])) as Facts;
    expect(facts.sheets).toEqual(['Budget', 'Notes']);
    const b = facts.s.Budget!;
    expect(b.rows[0]).toEqual(['Item', 'Due', 'Amount', 'Share']);
    expect(b.rows[1]).toEqual(['Rent', '2024-06-01T00:00:00', 1200, 0.6]);
    expect(b.rows[2][2]).toBe(80.5);
    expect(b.rows[3]).toEqual(['Total', null, '=SUM(C2:C3)', null]);
    expect(b.freeze).toBe('A2');
    expect(b.filter).toBe('A1:D1');
    expect(b.cf).toEqual(['C2:C3']);
    expect(b.dv).toEqual([['A2:A50', 'list', '"Rent,Power,Food"']]);
    expect(b.fmt).toMatchObject({ B2: 'yyyy-mm-dd', C2: '#,##0.00', D2: '0.0%' });
    expect(facts.s.Notes!.rows).toEqual([['free text', 1]]);
  });

  it('edits compose on the staged copy: write, insert, delete, sort, filter, pivot, dedupe, names', async () => {
    await call('writeCells', { path: 'sales.xlsx', sheet: 'Sales', cells: { D1: 'Double', D2: { formula: 'C2*2' } } });
    await call('insertRows', { path: 'sales.xlsx', sheet: 'Sales', at: 2, rows: [['East', 'Widget', 10]] });
    await call('insertRows', { path: 'sales.xlsx', sheet: 'Sales', at: 6, rows: [['North', 'Widget', 120]] });
    await call('deleteColumns', { path: 'sales.xlsx', sheet: 'Sales', column: 'Double' });
    await call('insertColumns', { path: 'sales.xlsx', sheet: 'Sales', at: 'A', columns: [['Id', 1, 2, 3, 4, 5]] });
    const dd = await call('dedupe', { path: 'sales.xlsx', sheet: 'Sales', columns: ['Region', 'Product', 'Amount'] });
    expect(dd).toMatchObject({ removed: 1, remaining: 4 });
    await call('sortRows', { path: 'sales.xlsx', sheet: 'Sales', by: [{ column: 'Amount', descending: true }] });
    const f = await call('filterRows', { path: 'sales.xlsx', sheet: 'Sales', where: [{ column: 'Region', op: '=', value: 'north' }], mode: 'copy', toSheet: 'North' });
    expect(f).toMatchObject({ matched: 2 });
    const p = await call('pivot', { path: 'sales.xlsx', sheet: 'Sales', rows: 'Region', columns: 'Product', value: { column: 'Amount', fn: 'sum' }, toSheet: 'Pivot' });
    expect(p.columns).toEqual(['Region', 'Widget', 'Gadget', 'Total']);
    await call('defineName', { path: 'sales.xlsx', name: 'Amounts', sheet: 'Sales', range: 'D2:D5' });
    await call('deleteRows', { path: 'sales.xlsx', sheet: 'Sales', at: 5 });
    const agg = await call('aggregate', { path: 'sales.xlsx', sheet: 'Sales', measures: [{ column: 'Amount', fn: 'sum' }, { column: 'Amount', fn: 'count' }], groupBy: 'Region' });
    expect(agg.groups).toEqual([
      { key: 'North', values: { 'sum(Amount)': 165.5, 'count(Amount)': 2 } },
      { key: 'South', values: { 'sum(Amount)': 80, 'count(Amount)': 1 } },
    ]);
    const read = await call('readRange', { path: 'sales.xlsx', sheet: 'Pivot' });
    expect(read.rows).toEqual([
      ['Region', 'Widget', 'Gadget', 'Total'],
      ['East', 10, null, 10],
      ['North', 120, 45.5, 165.5],
      ['South', null, 80, 80],
      ['Total', 130, 125.5, 255.5],
    ]);
    const info = await call('describeWorkbook', { path: 'sales.xlsx' });
    expect((info.sheets as { name: string }[]).map((s) => s.name)).toEqual(['Sales', 'North', 'Pivot']);
    expect(ctx.staging.entries()).toHaveLength(1);
    const facts = (await python(OPENPYXL, [ctx.staging.entries()[0]!.stagedPath!])) as Facts;
    expect(facts.sheets).toEqual(['Sales', 'North', 'Pivot']);
    expect(facts.s.Sales!.rows).toEqual([
      ['Id', 'Region', 'Product', 'Amount'],
      [2, 'North', 'Widget', 120],
      [3, 'South', 'Gadget', 80],
      [4, 'North', 'Gadget', 45.5],
    ]);
    expect(facts.s.North!.rows).toEqual([
      ['Id', 'Region', 'Product', 'Amount'],
      [2, 'North', 'Widget', 120],
      [4, 'North', 'Gadget', 45.5],
    ]);
    expect(facts.s.Pivot!.rows[4]).toEqual(['Total', 130, 125.5, 255.5]);
    expect(JSON.stringify(facts.names)).toContain('$D$2:$D$4');
    // The real file is untouched until Apply.
    const original = (await python(OPENPYXL, [join(root, 'sales.xlsx')])) as Facts;
    expect(original.sheets).toEqual(['Sales']);
  });

  it('streams 30k rows and reads them back in bounded pieces', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => [i + 1, `name ${i + 1}`, (i % 100) / 4]);
    const r = await call('createWorkbook', { path: 'big.xlsx', sheets: [{ name: 'Big', columns: [{ header: 'N', type: 'number' }, { header: 'Name' }, { header: 'V', type: 'number', numFmt: '0.00' }], rows, freeze: { rows: 1 }, autoFilter: true }] });
    expect(r.sheets).toEqual([{ name: 'Big', rows: 30_000 }]);
    const staged = ctx.staging.entries()[0]!.stagedPath!;
    const facts = (await python(
      `import json,sys,openpyxl\nwb=openpyxl.load_workbook(sys.argv[1], read_only=True)\nws=wb['Big']\nrows=list(ws.iter_rows(values_only=True))\nprint(json.dumps({"n": len(rows), "first": rows[0], "last": rows[-1]}))`,
      [staged],
    )) as Record<string, unknown>;
    expect(facts).toEqual({ n: 30_001, first: ['N', 'Name', 'V'], last: [30_000, 'name 30000', 24.75] });
    const back = await call('readRange', { path: 'big.xlsx', range: 'A29999:C30001' });
    expect(back.rows).toEqual([[29_998, 'name 29998', 24.25], [29_999, 'name 29999', 24.5], [30_000, 'name 30000', 24.75]]);
    // The streaming path (used above ${'$'}{STREAM_READ_BYTES} bytes) gives the same cells, by sheet name.
    const streamed = await readRangeStreaming(ctx, { path: 'big.xlsx', sheet: 'Big', range: 'A29999:C30001', maxRows: 10 });
    expect(streamed).toMatchObject({ sheet: 'Big', sheets: ['Big'], range: 'A29999:C30001', rows: back.rows, truncated: false });
    const head = await readRangeStreaming(ctx, { path: 'big.xlsx', maxRows: 2 });
    expect(head).toMatchObject({ rows: [['N', 'Name', 'V'], [1, 'name 1', 0]], truncated: true });
    await expect(readRangeStreaming(ctx, { path: 'big.xlsx', sheet: 'Nope', maxRows: 2 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('imports and exports CSV', async () => {
    await call('importCsv', { csvPath: 'data.csv', path: 'scores.xlsx', sheet: 'Scores' });
    await call('importCsv', { csvPath: 'data.csv', path: 'sales.xlsx', sheet: 'Scores' });
    const out = await call('exportCsv', { path: 'sales.xlsx', sheet: 'Sales', csvPath: 'sales.csv', delimiter: ';' });
    expect(out.rows).toBe(4);
    const [scores, sales, csv] = ctx.staging.entries();
    const a = (await python(OPENPYXL, [scores!.stagedPath!])) as Facts;
    expect(a.s.Scores!.rows).toEqual([['Name', 'Score'], ['Ada', 91], ['Lin', 78]]);
    expect(a.s.Scores!.freeze).toBe('A2');
    const b = (await python(OPENPYXL, [sales!.stagedPath!])) as Facts;
    expect(b.sheets).toEqual(['Sales', 'Scores']);
    expect(await readFile(csv!.stagedPath!, 'utf8')).toBe('Region;Product;Amount\r\nNorth;Widget;120\r\nSouth;Gadget;80\r\nNorth;Gadget;45.5\r\n');
  });

  it('raises clear errors and stages nothing', async () => {
    await expect(call('readRange', { path: 'missing.xlsx' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call('sortRows', { path: 'sales.xlsx', sheet: 'Nope', by: [{ column: 'Amount' }] })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('Sales') });
    await expect(call('sortRows', { path: 'sales.xlsx', by: [{ column: 'Price' }] })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('Region, Product, Amount') });
    await expect(call('readRange', { path: 'report.docx' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
    await expect(call('createWorkbook', { path: 'x.xlsx', sheets: [{ name: 'A', columns: [{ header: 'D', type: 'date' }], rows: [['soon']] }] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
    await expect(call('createWorkbook', { path: '../x.xlsx', sheets: [{ name: 'A' }] })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(call('createWorkbook', { path: 'x.xlsx', sheets: [{ name: 'A', validations: [{ range: 'A1:A9', type: 'list', values: ['a,b'] }] }] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
    await expect(call('createWorkbook', { path: 'x.xlsx', sheets: [{ name: 'A', conditionalFormats: [{ range: 'A1:A9', rule: 'between', value: 1 }] }] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
    expect(ctx.staging.entries()).toEqual([]);
  });
});

describe.skipIf(!second)('xlsx pack on shared formulas', () => {
  it('sorts rows whose formulas are shared without breaking them', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRows([['N', 'Double'], [3], [1], [2]]);
    ws.getCell('B2').value = { formula: 'A2*2', result: 6, shareType: 'shared', ref: 'B2:B4' } as unknown as CellValue;
    ws.getCell('B3').value = { sharedFormula: 'B2', result: 2 } as unknown as CellValue;
    ws.getCell('B4').value = { sharedFormula: 'B2', result: 4 } as unknown as CellValue;
    await wb.xlsx.writeFile(join(root, 'shared.xlsx'));
    await call('sortRows', { path: 'shared.xlsx', by: [{ column: 'N' }] });
    const facts = (await python(OPENPYXL, [ctx.staging.entries()[0]!.stagedPath!])) as Facts;
    expect(facts.s.S!.rows.map((r) => r[0])).toEqual(['N', 1, 2, 3]);
    expect(facts.s.S!.rows.slice(1).every((r) => typeof r[1] === 'string' && /^=A\d\*2$/.test(r[1]))).toBe(true);
  });
});

describe.skipIf(!second)('xlsx.deleteRows through the last row', () => {
  // exceljs 4.4's spliceRows leaves stale rows behind when several rows up to the last one go at once.
  it.each([
    [1, 4, []],
    [3, 2, [['Name', 'n'], ['a', 1]]],
    [2, 2, [['Name', 'n'], ['c', 3]]],
    [2, 9, [['Name', 'n']]],
  ])('at %i count %i leaves exactly the other rows', async (at, count, expected) => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').addRows([['Name', 'n'], ['a', 1], ['b', 2], ['c', 3]]);
    await wb.xlsx.writeFile(join(root, 'rows.xlsx'));
    await call('deleteRows', { path: 'rows.xlsx', at, count });
    const facts = (await python(OPENPYXL, [ctx.staging.entries()[0]!.stagedPath!])) as Facts;
    expect(facts.s.S!.rows.filter((r) => r.some((v) => v !== null))).toEqual(expected);
  });
});

describe.skipIf(!second)('xlsx.createWorkbook writers', () => {
  // The streaming writer is the default because it writes every feature of a sheet spec as the in-memory
  // workbook does: openpyxl must see the same cells, formats, fonts, panes, filters, rules, validations, widths.
  it('streaming (default) and in-memory (streaming: false) write the same workbook', async () => {
    const sheets = [
      {
        name: 'Budget',
        columns: [{ header: 'Item' }, { header: 'Due', type: 'date' }, { header: 'Amount', type: 'currency' }, { header: 'Share', type: 'percent' }, { header: 'Flag', type: 'boolean', width: 8 }],
        rows: [['Rent', '2024-06-01', 1200, 0.5, true], { Item: 'Power', Due: '2024-06-05', Amount: 80.5, Share: 0.25, Flag: false }, ['Sum', null, { formula: 'C2+C3' }, null, null]],
        freeze: { rows: 1, columns: 1 },
        autoFilter: true,
        totals: [{ column: 'Amount', fn: 'SUM' }, { column: 'Share', fn: 'AVERAGE' }],
        conditionalFormats: [{ range: 'C2:C3', rule: 'greaterThan', value: 1000 }, { range: 'D2:D3', rule: 'colorScale' }, { range: 'A2:A9', rule: 'containsText', value: 'Rent' }],
        validations: [{ range: 'A2:A100', type: 'textLength', max: 40 }, { range: 'E2:E9', type: 'list', values: ['yes', 'no'] }],
      },
      { name: 'Plain', rows: [[1, 'a'], [2, 'b']] },
    ];
    await call('createWorkbook', { path: 'default.xlsx', sheets });
    await call('createWorkbook', { path: 'memory.xlsx', streaming: false, sheets });
    const facts = await python(
      `import json, sys, openpyxl
def facts(p):
    out = {}
    for ws in openpyxl.load_workbook(p).worksheets:
        out[ws.title] = dict(
            cells=sorted([c.coordinate, str(c.value), c.number_format, bool(c.font.b), c.data_type] for r in ws.iter_rows() for c in r if c.value is not None),
            freeze=ws.freeze_panes, filter=ws.auto_filter.ref,
            cf=sorted([str(k.sqref), [[r.type, r.operator, r.formula, r.text] for r in v]] for k, v in ws.conditional_formatting._cf_rules.items()),
            dv=sorted([str(d.sqref), d.type, d.formula1, d.operator] for d in ws.data_validations.dataValidation),
            widths={k: v.width for k, v in ws.column_dimensions.items()}, dims=ws.dimensions)
    return out
print(json.dumps([facts(sys.argv[1]), facts(sys.argv[2])]))`,
      ctx.staging.entries().map((e) => e.stagedPath!),
    ) as [Record<string, { cells: unknown[]; freeze: string; cf: unknown[]; dv: unknown[] }>, unknown];
    expect(facts[0]).toEqual(facts[1]);
    expect(facts[0].Budget!.freeze).toBe('B2');
    expect(facts[0].Budget!.cf).toHaveLength(3);
    expect(facts[0].Budget!.dv).toHaveLength(2);
  });
});
