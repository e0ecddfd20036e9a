import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeExampleFiles } from '../../../test/helpers/office-fixtures';
import { testStaging } from '../../../test/helpers/staging';
import type { RunStaging } from '../executor/staging';
import { previewStaged } from './preview-artifact';
import { formatCell } from './number-format';

let root: string;
let staging: RunStaging;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'preview-'));
  await writeExampleFiles(root);
  staging = await testStaging([root]);
});
afterEach(async () => {
  await staging.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('previews of staged artifacts', () => {
  it('render the STAGED docx, not the file on disk', async () => {
    const staged = await staging.stageFile('notes.docx', 'docx');
    await copyFile(join(root, 'report.docx'), staged);
    const preview = await previewStaged(staging.entries()[0]!);
    expect(preview.kind).toBe('docx');
    if (preview.kind !== 'docx') return;
    expect(preview.html).toContain('<h1>Quarterly report</h1>');
    expect(preview.html).toContain('<strong>North</strong>');
    expect(preview.html).toMatch(/<table>.*Region.*Amount.*<\/table>/s);
  });

  it('turn a staged xlsx into a bounded grid with formats and styles', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Budget', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = [
      { header: 'Item', width: 20 },
      { header: 'Amount', width: 12, style: { numFmt: '#,##0.00' } },
      { header: 'Share', style: { numFmt: '0.0%' } },
      { header: 'Due', style: { numFmt: 'yyyy-mm-dd' } },
    ];
    ws.getRow(1).font = { bold: true };
    for (let i = 1; i <= 500; i++) ws.addRow([`Item ${i}`, i * 1234.5, i / 1000, new Date(Date.UTC(2024, 5, 1))]);
    ws.getCell('A2').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
    ws.getCell('E1').value = { formula: 'SUM(B2:B501)', result: 154_621_912.5 } as ExcelJS.CellFormulaValue;
    const staged = await staging.stageFile('budget.xlsx', 'xlsx');
    await wb.xlsx.writeFile(staged);
    const preview = await previewStaged(staging.entries()[0]!, { rows: 10, columns: 5 });
    expect(preview.kind).toBe('xlsx');
    if (preview.kind !== 'xlsx') return;
    const sheet = preview.sheets[0]!;
    expect(sheet).toMatchObject({ name: 'Budget', rowCount: 501, columnCount: 5, frozenRows: 1 });
    expect(sheet.cells).toHaveLength(10);
    expect(sheet.widths.slice(0, 2)).toEqual([20, 12]);
    expect(sheet.cells[0]![0]).toMatchObject({ value: 'Item', bold: true });
    expect(sheet.cells[0]![4]).toMatchObject({ formula: 'SUM(B2:B501)', value: 154_621_912.5 });
    expect(sheet.cells[1]![0]).toMatchObject({ text: 'Item 1', fill: 'FFC7CE' });
    expect(sheet.cells[1]![1]).toMatchObject({ value: 1234.5, text: '1,234.50', numFmt: '#,##0.00' });
    expect(sheet.cells[1]![2]).toMatchObject({ text: '0.1%' });
    expect(sheet.cells[1]![3]).toMatchObject({ text: '2024-06-01' });
  });

  it('refuse deletions, other kinds and corrupt bytes with clear errors', async () => {
    await staging.stageDelete('sales.xlsx');
    await expect(previewStaged(staging.entries()[0]!)).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
    await writeFile(await staging.stageFile('bad.xlsx', 'xlsx'), 'not a zip');
    await expect(previewStaged(staging.entries()[1]!)).rejects.toMatchObject({ code: 'INVALID_FILE' });
  });

  it('format numbers the way Excel shows them', () => {
    expect(formatCell(-1234.567, '#,##0.00')).toBe('-1,234.57');
    expect(formatCell(0.256, '0%')).toBe('26%');
    expect(formatCell(5, '"$"#,##0')).toBe('$5');
    expect(formatCell(0.1 + 0.2, undefined)).toBe('0.3');
  });
});
