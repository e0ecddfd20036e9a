import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasOpenpyxl, OPENPYXL, useXlsxPack, type Facts } from '../../test/helpers/xlsx-pack';
import { python } from '../../test/helpers/python';

const pack = useXlsxPack();
const { call } = pack;

describe.skipIf(!hasOpenpyxl)('xlsx.createWorkbook, checked by openpyxl', () => {
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
    expect(result.sheets).toEqual([
      { name: 'Budget', rows: 2 },
      { name: 'Notes', rows: 1 },
    ]);
    const staged = pack.ctx.staging.entries()[0]!;
    expect(staged.target).toBe(join(pack.root, 'budget.xlsx'));
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
});

describe.skipIf(!hasOpenpyxl)('xlsx.createWorkbook writers', () => {
  // The streaming writer is the default because it writes every feature of a sheet spec as the in-memory
  // workbook does: openpyxl must see the same cells, formats, fonts, panes, filters, rules, validations, widths.
  it('streaming (default) and in-memory (streaming: false) write the same workbook', async () => {
    const sheets = [
      {
        name: 'Budget',
        columns: [
          { header: 'Item' },
          { header: 'Due', type: 'date' },
          { header: 'Amount', type: 'currency' },
          { header: 'Share', type: 'percent' },
          { header: 'Flag', type: 'boolean', width: 8 },
        ],
        rows: [
          ['Rent', '2024-06-01', 1200, 0.5, true],
          { Item: 'Power', Due: '2024-06-05', Amount: 80.5, Share: 0.25, Flag: false },
          ['Sum', null, { formula: 'C2+C3' }, null, null],
        ],
        freeze: { rows: 1, columns: 1 },
        autoFilter: true,
        totals: [
          { column: 'Amount', fn: 'SUM' },
          { column: 'Share', fn: 'AVERAGE' },
        ],
        conditionalFormats: [
          { range: 'C2:C3', rule: 'greaterThan', value: 1000 },
          { range: 'D2:D3', rule: 'colorScale' },
          { range: 'A2:A9', rule: 'containsText', value: 'Rent' },
        ],
        validations: [
          { range: 'A2:A100', type: 'textLength', max: 40 },
          { range: 'E2:E9', type: 'list', values: ['yes', 'no'] },
        ],
      },
      {
        name: 'Plain',
        rows: [
          [1, 'a'],
          [2, 'b'],
        ],
      },
    ];
    await call('createWorkbook', { path: 'default.xlsx', sheets });
    await call('createWorkbook', { path: 'memory.xlsx', streaming: false, sheets });
    const facts = (await python(
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
      pack.ctx.staging.entries().map((e) => e.stagedPath!),
    )) as [Record<string, { cells: unknown[]; freeze: string; cf: unknown[]; dv: unknown[] }>, unknown];
    expect(facts[0]).toEqual(facts[1]);
    expect(facts[0].Budget!.freeze).toBe('B2');
    expect(facts[0].Budget!.cf).toHaveLength(3);
    expect(facts[0].Budget!.dv).toHaveLength(2);
  });
});
