import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { hasOpenpyxl, OPENPYXL, useXlsxPack, type Facts } from '../../test/helpers/xlsx-pack';
import { python } from '../../test/helpers/python';

const pack = useXlsxPack();
const { call } = pack;

describe.skipIf(!hasOpenpyxl)('xlsx.deleteRows through the last row', () => {
  // exceljs 4.4's spliceRows leaves stale rows behind when several rows up to the last one go at once.
  it.each([
    [1, 4, []],
    [
      3,
      2,
      [
        ['Name', 'n'],
        ['a', 1],
      ],
    ],
    [
      2,
      2,
      [
        ['Name', 'n'],
        ['c', 3],
      ],
    ],
    [2, 9, [['Name', 'n']]],
  ])('at %i count %i leaves exactly the other rows', async (at, count, expected) => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').addRows([
      ['Name', 'n'],
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    await wb.xlsx.writeFile(join(pack.root, 'rows.xlsx'));
    await call('deleteRows', { path: 'rows.xlsx', at, count });
    const facts = (await python(OPENPYXL, [pack.ctx.staging.entries()[0]!.stagedPath!])) as Facts;
    expect(facts.s.S!.rows.filter((r) => r.some((v) => v !== null))).toEqual(expected);
  });
});
