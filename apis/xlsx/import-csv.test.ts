import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { hasOpenpyxl, OPENPYXL, useXlsxPack, type Facts } from '../../test/helpers/xlsx-pack';
import { python } from '../../test/helpers/python';

const pack = useXlsxPack();
const { call } = pack;

describe.skipIf(!hasOpenpyxl)('xlsx.importCsv and xlsx.exportCsv, checked by openpyxl', () => {
  it('imports and exports CSV', async () => {
    await call('importCsv', { csvPath: 'data.csv', path: 'scores.xlsx', sheet: 'Scores' });
    await call('importCsv', { csvPath: 'data.csv', path: 'sales.xlsx', sheet: 'Scores' });
    const out = await call('exportCsv', { path: 'sales.xlsx', sheet: 'Sales', csvPath: 'sales.csv', delimiter: ';' });
    expect(out.rows).toBe(4);
    const [scores, sales, csv] = pack.ctx.staging.entries();
    const a = (await python(OPENPYXL, [scores!.stagedPath!])) as Facts;
    expect(a.s.Scores!.rows).toEqual([
      ['Name', 'Score'],
      ['Ada', 91],
      ['Lin', 78],
    ]);
    expect(a.s.Scores!.freeze).toBe('A2');
    const b = (await python(OPENPYXL, [sales!.stagedPath!])) as Facts;
    expect(b.sheets).toEqual(['Sales', 'Scores']);
    expect(await readFile(csv!.stagedPath!, 'utf8')).toBe('Region;Product;Amount\r\nNorth;Widget;120\r\nSouth;Gadget;80\r\nNorth;Gadget;45.5\r\n');
  });
});
