import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasOpenpyxl, OPENPYXL, useXlsxPack, type Facts } from '../../test/helpers/xlsx-pack';
import { python } from '../../test/helpers/python';

const pack = useXlsxPack();
const { call } = pack;

describe.skipIf(!hasOpenpyxl)('xlsx pack: APIs composed on one staged copy, checked by openpyxl', () => {
  it('edits compose on the staged copy: write, insert, delete, sort, filter, pivot, dedupe, names', async () => {
    await call('writeCells', { path: 'sales.xlsx', sheet: 'Sales', cells: { D1: 'Double', D2: { formula: 'C2*2' } } });
    await call('insertRows', { path: 'sales.xlsx', sheet: 'Sales', at: 2, rows: [['East', 'Widget', 10]] });
    await call('insertRows', { path: 'sales.xlsx', sheet: 'Sales', at: 6, rows: [['North', 'Widget', 120]] });
    await call('deleteColumns', { path: 'sales.xlsx', sheet: 'Sales', column: 'Double' });
    await call('insertColumns', { path: 'sales.xlsx', sheet: 'Sales', at: 'A', columns: [['Id', 1, 2, 3, 4, 5]] });
    const dd = await call('dedupe', { path: 'sales.xlsx', sheet: 'Sales', columns: ['Region', 'Product', 'Amount'] });
    expect(dd).toMatchObject({ removed: 1, remaining: 4 });
    await call('sortRows', { path: 'sales.xlsx', sheet: 'Sales', by: [{ column: 'Amount', descending: true }] });
    const f = await call('filterRows', {
      path: 'sales.xlsx',
      sheet: 'Sales',
      where: [{ column: 'Region', op: '=', value: 'north' }],
      mode: 'copy',
      toSheet: 'North',
    });
    expect(f).toMatchObject({ matched: 2 });
    const p = await call('pivot', {
      path: 'sales.xlsx',
      sheet: 'Sales',
      rows: 'Region',
      columns: 'Product',
      value: { column: 'Amount', fn: 'sum' },
      toSheet: 'Pivot',
    });
    expect(p.columns).toEqual(['Region', 'Widget', 'Gadget', 'Total']);
    await call('defineName', { path: 'sales.xlsx', name: 'Amounts', sheet: 'Sales', range: 'D2:D5' });
    await call('deleteRows', { path: 'sales.xlsx', sheet: 'Sales', at: 5 });
    const agg = await call('aggregate', {
      path: 'sales.xlsx',
      sheet: 'Sales',
      measures: [
        { column: 'Amount', fn: 'sum' },
        { column: 'Amount', fn: 'count' },
      ],
      groupBy: 'Region',
    });
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
    expect(pack.ctx.staging.entries()).toHaveLength(1);
    const facts = (await python(OPENPYXL, [pack.ctx.staging.entries()[0]!.stagedPath!])) as Facts;
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
    const original = (await python(OPENPYXL, [join(pack.root, 'sales.xlsx')])) as Facts;
    expect(original.sheets).toEqual(['Sales']);
  });

  it('raises clear errors and stages nothing', async () => {
    await expect(call('readRange', { path: 'missing.xlsx' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call('sortRows', { path: 'sales.xlsx', sheet: 'Nope', by: [{ column: 'Amount' }] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('Sales'),
    });
    await expect(call('sortRows', { path: 'sales.xlsx', by: [{ column: 'Price' }] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('Region, Product, Amount'),
    });
    await expect(call('readRange', { path: 'report.docx' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
    await expect(
      call('createWorkbook', { path: 'x.xlsx', sheets: [{ name: 'A', columns: [{ header: 'D', type: 'date' }], rows: [['soon']] }] }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
    await expect(call('createWorkbook', { path: '../x.xlsx', sheets: [{ name: 'A' }] })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(
      call('createWorkbook', { path: 'x.xlsx', sheets: [{ name: 'A', validations: [{ range: 'A1:A9', type: 'list', values: ['a,b'] }] }] }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
    await expect(
      call('createWorkbook', { path: 'x.xlsx', sheets: [{ name: 'A', conditionalFormats: [{ range: 'A1:A9', rule: 'between', value: 1 }] }] }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
    expect(pack.ctx.staging.entries()).toEqual([]);
  });
});
