import { join } from 'node:path';
import ExcelJS, { type CellValue } from 'exceljs';
import { describe, expect, it } from 'vitest';
import { hasOpenpyxl, OPENPYXL, useXlsxPack, type Facts } from '../../test/helpers/xlsx-pack';
import { python } from '../../test/helpers/python';

const pack = useXlsxPack();
const { call } = pack;

describe.skipIf(!hasOpenpyxl)('xlsx pack on shared formulas', () => {
  it('sorts rows whose formulas are shared without breaking them', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRows([['N', 'Double'], [3], [1], [2]]);
    ws.getCell('B2').value = { formula: 'A2*2', result: 6, shareType: 'shared', ref: 'B2:B4' } as unknown as CellValue;
    ws.getCell('B3').value = { sharedFormula: 'B2', result: 2 } as unknown as CellValue;
    ws.getCell('B4').value = { sharedFormula: 'B2', result: 4 } as unknown as CellValue;
    await wb.xlsx.writeFile(join(pack.root, 'shared.xlsx'));
    await call('sortRows', { path: 'shared.xlsx', by: [{ column: 'N' }] });
    const facts = (await python(OPENPYXL, [pack.ctx.staging.entries()[0]!.stagedPath!])) as Facts;
    expect(facts.s.S!.rows.map((r) => r[0])).toEqual(['N', 1, 2, 3]);
    expect(facts.s.S!.rows.slice(1).every((r) => typeof r[1] === 'string' && /^=A\d\*2$/.test(r[1]))).toBe(true);
  });
});
