import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import { documentReader } from './document-reader';

let dir: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (dir = await tempHome('switchboard-reader-')));
afterEach(() => dir.cleanup());

it('summarises a workbook by sheet, columns with types and first rows, for the prompt', async () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sales');
  sheet.addRows([
    ['Region', 'Revenue'],
    ['EMEA', 42],
    ['APAC', 31],
  ]);
  const file = join(dir.dir, 'sales.xlsx');
  await workbook.xlsx.writeFile(file);
  const text = await documentReader(file);
  expect(text).toContain('Sheet "Sales": 2 rows');
  expect(text).toContain('Region (text), Revenue (number)');
  expect(text).toContain('EMEA | 42');
});

it('summarises text and CSV, clips long files, and says why a broken file could not be read', async () => {
  await writeFile(join(dir.dir, 'notes.md'), `# Plan\n${'word '.repeat(2000)}`);
  const notes = await documentReader(join(dir.dir, 'notes.md'));
  expect(notes).toMatch(/^Text; headings: Plan\./);
  // A small file is shown whole; a long one is clipped to about 1,000 tokens, and says so.
  expect(notes!.length).toBeLessThanOrEqual(4000);
  expect(notes).toMatch(/…$/);
  await writeFile(join(dir.dir, 'people.csv'), 'name,age\nAda,36\nAlan,41\n');
  expect(await documentReader(join(dir.dir, 'people.csv'))).toContain('name (text), age (number)');
  await writeFile(join(dir.dir, 'broken.xlsx'), 'not a zip at all');
  expect(await documentReader(join(dir.dir, 'broken.xlsx'))).toMatch(/^It could not be read: /);
});
