import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import { runCheck } from './office-checks';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => {
  home = await tempHome('switchboard-checks-');
  await mkdir(join(home.dir, 'data'));
  await writeFile(join(home.dir, 'data', 'answer.txt'), 'Meeting at 10\nBring slides');
});
afterEach(() => home.cleanup());

describe('office suite checks', () => {
  it('contain / not contain / exist / not exist on text files', async () => {
    expect(await runCheck(home.dir, { function: 'evaluate_contain', args: { doc_type: 'txt', file: './data/answer.txt', keywords: ['Meeting at 10', 'slides'] } })).toMatchObject({ passed: true });
    expect(await runCheck(home.dir, { function: 'evaluate_contain', args: { doc_type: 'txt', file: './data/answer.txt', keywords: ['Meeting at 11'] } })).toMatchObject({ passed: false, detail: 'missing: Meeting at 11' });
    expect(await runCheck(home.dir, { function: 'evaluate_not_contain', args: { doc_type: 'txt', file: 'data/answer.txt', keywords: ['Bring'] } })).toMatchObject({ passed: false, detail: 'found: Bring' });
    expect(await runCheck(home.dir, { function: 'evaluate_file_exist', args: { file: './data/answer.txt' } })).toMatchObject({ passed: true });
    expect(await runCheck(home.dir, { function: 'evaluate_file_not_exist', args: { file: './data/answer.txt' } })).toMatchObject({ passed: false });
  });

  it('reads spreadsheet cells; unsupported checks and paths outside the folder never pass', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('s').getRow(12).getCell(2).value = 100;
    await book.xlsx.writeFile(join(home.dir, 'data', 'score.xlsx'));
    expect(await runCheck(home.dir, { function: 'evaluate_excel_cell_value', args: { file: './data/score.xlsx', matches: [{ row: '12', col: '2', value: '100' }] } })).toMatchObject({ passed: true });
    expect(await runCheck(home.dir, { function: 'evaluate_excel_cell_value', args: { file: './data/score.xlsx', matches: [{ row: '12', col: '2', value: '99' }] } })).toMatchObject({ passed: false });
    expect(await runCheck(home.dir, { function: 'evaluate_calendar_no_overlap', args: { username: 'Bob' } })).toMatchObject({ passed: false, detail: 'unsupported: evaluate_calendar_no_overlap' });
    expect(await runCheck(home.dir, { function: 'evaluate_contain', args: { doc_type: 'pdf', file: './data/answer.txt', keywords: ['x'] } })).toMatchObject({ passed: false, detail: expect.stringMatching(/^unsupported/) });
    expect(await runCheck(home.dir, { function: 'evaluate_file_exist', args: { file: '../../etc/passwd' } })).toMatchObject({ passed: false, detail: expect.stringMatching(/outside/) });
  });

  it('follow OfficeBench: contain ignores case and, for numbers, thousands separators; comparators and exact matches read the active sheet', async () => {
    await writeFile(join(home.dir, 'data', 'sum.txt'), 'Total: 2,100,000 for BOB');
    expect(await runCheck(home.dir, { function: 'evaluate_contain', args: { doc_type: 'txt', file: 'data/sum.txt', keywords: ['bob', '2100000'] } })).toMatchObject({ passed: true });
    expect(await runCheck(home.dir, { function: 'evaluate_not_contain', args: { doc_type: 'txt', file: 'data/sum.txt', keywords: ['alice', 'bob'] } })).toMatchObject({ passed: false, detail: 'found: bob' });
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('s');
    sheet.addRow(['Name', 'Class']);
    sheet.addRow(['Noah', 3]);
    sheet.addRow(['Mia', 7]);
    await book.xlsx.writeFile(join(home.dir, 'data', 'class.xlsx'));
    const comparator = "lambda x: x in ['1', '2', '3', '4', '5']";
    expect(await runCheck(home.dir, { function: 'evaluate_excel_cell_comparator', args: { file: 'data/class.xlsx', matches: [{ row: '2', col: '2', comparator }] } })).toMatchObject({ passed: true });
    expect(await runCheck(home.dir, { function: 'evaluate_excel_cell_comparator', args: { file: 'data/class.xlsx', matches: [{ row: '3', col: '2', comparator }] } })).toMatchObject({ passed: false });
    expect(await runCheck(home.dir, { function: 'evaluate_contain', args: { doc_type: 'xlsx', file: 'data/class.xlsx', keywords: ['noah', 'MIA'] } })).toMatchObject({ passed: true });
    await mkdir(join(home.dir, 'reference'));
    await book.xlsx.writeFile(join(home.dir, 'reference', 'same.xlsx'));
    sheet.getCell('B3').value = 5;
    await book.xlsx.writeFile(join(home.dir, 'reference', 'other.xlsx'));
    const exact = (name: string) => runCheck(home.dir, { function: 'evaluate_exact_match', args: { doc_type: 'xlsx', result_file: './data/class.xlsx', expected_file: `../../../../reference/${name}` } }, { referenceDir: join(home.dir, 'reference') });
    expect(await exact('same.xlsx')).toMatchObject({ passed: true });
    expect(await exact('other.xlsx')).toMatchObject({ passed: false, detail: 'cell (3, 2) is 7, expected 5' });
  });
});
