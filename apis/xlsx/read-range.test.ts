import { describe, expect, it } from 'vitest';
import { hasOpenpyxl, useXlsxPack } from '../../test/helpers/xlsx-pack';
import { python } from '../../test/helpers/python';
import { readRangeStreaming } from './lib/read-range-stream';

const pack = useXlsxPack();
const { call } = pack;

describe.skipIf(!hasOpenpyxl)('xlsx.readRange, checked by openpyxl', () => {
  it('streams 30k rows and reads them back in bounded pieces', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => [i + 1, `name ${i + 1}`, (i % 100) / 4]);
    const r = await call('createWorkbook', {
      path: 'big.xlsx',
      sheets: [
        {
          name: 'Big',
          columns: [{ header: 'N', type: 'number' }, { header: 'Name' }, { header: 'V', type: 'number', numFmt: '0.00' }],
          rows,
          freeze: { rows: 1 },
          autoFilter: true,
        },
      ],
    });
    expect(r.sheets).toEqual([{ name: 'Big', rows: 30_000 }]);
    const staged = pack.ctx.staging.entries()[0]!.stagedPath!;
    const facts = (await python(
      `import json,sys,openpyxl\nwb=openpyxl.load_workbook(sys.argv[1], read_only=True)\nws=wb['Big']\nrows=list(ws.iter_rows(values_only=True))\nprint(json.dumps({"n": len(rows), "first": rows[0], "last": rows[-1]}))`,
      [staged],
    )) as Record<string, unknown>;
    expect(facts).toEqual({ n: 30_001, first: ['N', 'Name', 'V'], last: [30_000, 'name 30000', 24.75] });
    const back = await call('readRange', { path: 'big.xlsx', range: 'A29999:C30001' });
    expect(back.rows).toEqual([
      [29_998, 'name 29998', 24.25],
      [29_999, 'name 29999', 24.5],
      [30_000, 'name 30000', 24.75],
    ]);
    // The streaming path (used above ${'$'}{STREAM_READ_BYTES} bytes) gives the same cells, by sheet name.
    const streamed = await readRangeStreaming(pack.ctx, { path: 'big.xlsx', sheet: 'Big', range: 'A29999:C30001', maxRows: 10 });
    expect(streamed).toMatchObject({ sheet: 'Big', sheets: ['Big'], range: 'A29999:C30001', rows: back.rows, truncated: false });
    const head = await readRangeStreaming(pack.ctx, { path: 'big.xlsx', maxRows: 2 });
    expect(head).toMatchObject({
      rows: [
        ['N', 'Name', 'V'],
        [1, 'name 1', 0],
      ],
      truncated: true,
    });
    await expect(readRangeStreaming(pack.ctx, { path: 'big.xlsx', sheet: 'Nope', maxRows: 2 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 180_000); // 30k rows written, read by openpyxl and twice by exceljs: minutes on a busy machine
});
