import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import PptxGenJS from 'pptxgenjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasOfficeBench, officeBenchFiles } from '../../../test/helpers/bench-office';
import { minimalPdf, png, writeExampleFiles } from '../../../test/helpers/office-fixtures';
import { readAttachment } from './read-attachment';
import { DEFAULT_READ_LIMITS } from './types';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'attachments-'));
  await writeExampleFiles(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readAttachment', () => {
  it('reads a workbook with many rows as a schema, a bounded sample and a row count', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Orders');
    ws.addRow(['Id', 'When', 'Amount', 'Paid', 'Note']);
    for (let i = 1; i <= 5000; i++) ws.addRow([i, new Date(Date.UTC(2024, 0, 1 + (i % 28))), i * 1.5, i % 2 === 0, i % 3 ? 'ok' : null]);
    wb.addWorksheet('Empty');
    await wb.xlsx.writeFile(join(dir, 'orders.xlsx'));
    const s = await readAttachment(join(dir, 'orders.xlsx'));
    expect(s.kind).toBe('table');
    if (s.kind !== 'table') return;
    expect(s.tables[0]).toMatchObject({
      name: 'Orders',
      rows: 5000,
      columns: [
        { name: 'Id', type: 'number' },
        { name: 'When', type: 'date' },
        { name: 'Amount', type: 'number' },
        { name: 'Paid', type: 'boolean' },
        { name: 'Note', type: 'text' },
      ],
    });
    expect(s.tables[0]!.sample).toHaveLength(DEFAULT_READ_LIMITS.sampleRows);
    expect(s.tables[0]!.sample[0]).toEqual([1, '2024-01-02T00:00:00.000Z', 1.5, false, 'ok']);
    expect(s.tables[1]).toMatchObject({ name: 'Empty', rows: 0 });
  });

  it('reads a workbook whose workbook.xml comes after its sheets (an order exceljs itself may write)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sales').addRows([
      ['Region', 'Amount'],
      ['North', 120],
      ['South', 80],
    ]);
    const src = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
    const late = ['xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', 'xl/workbook.xml'];
    const out = new JSZip();
    for (const name of [...Object.keys(src.files).filter((n) => !src.files[n]!.dir && !late.includes(n)), ...late])
      out.file(name, await src.file(name)!.async('nodebuffer'));
    await writeFile(join(dir, 'late-workbook.xlsx'), await out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const s = await readAttachment(join(dir, 'late-workbook.xlsx'));
    expect(s).toMatchObject({
      kind: 'table',
      tables: [
        {
          name: 'Sales',
          rows: 2,
          columns: [
            { name: 'Region', type: 'text' },
            { name: 'Amount', type: 'number' },
          ],
          sample: [
            ['North', 120],
            ['South', 80],
          ],
        },
      ],
    });
  });

  it('reads csv, docx, pptx, pdf, images, text and markdown', async () => {
    const csv = await readAttachment(join(dir, 'data.csv'));
    expect(csv).toMatchObject({
      kind: 'table',
      format: 'csv',
      tables: [
        {
          rows: 2,
          columns: [
            { name: 'Name', type: 'text' },
            { name: 'Score', type: 'number' },
          ],
          sample: [
            ['Ada', 91],
            ['Lin', 78],
          ],
        },
      ],
    });
    const docx = await readAttachment(join(dir, 'report.docx'));
    expect(docx).toMatchObject({
      kind: 'document',
      outline: [
        { level: 1, text: 'Quarterly report' },
        { level: 2, text: 'Results' },
      ],
      tables: [[['Region', 'Amount']]],
    });
    if (docx.kind === 'document') expect(docx.text).toContain('# Quarterly report\nRevenue grew in the North region.');
    const deck = new PptxGenJS();
    const s1 = deck.addSlide();
    s1.addText('Launch plan', { placeholder: 'title', x: 0.5, y: 0.3, w: 9, h: 1 });
    s1.addText(
      [
        { text: 'Budget', options: { bullet: true } },
        { text: 'Hiring', options: { bullet: true } },
      ],
      { x: 0.5, y: 1.5, w: 9, h: 3 },
    );
    s1.addNotes('Mention the date');
    deck.addSlide().addText('Second', { x: 1, y: 1, w: 5, h: 1 });
    await deck.writeFile({ fileName: join(dir, 'deck.pptx') });
    const pptx = await readAttachment(join(dir, 'deck.pptx'));
    expect(pptx.kind).toBe('slides');
    if (pptx.kind === 'slides') {
      expect(pptx.slides).toHaveLength(2);
      expect(pptx.slides[0]!.text).toEqual(expect.arrayContaining(['Budget', 'Hiring']));
      expect(pptx.slides[0]!.notes).toContain('Mention the date');
      expect(pptx.slides[1]!.text).toEqual(['Second']);
    }
    await writeFile(join(dir, 'two.pdf'), minimalPdf(['First page text', 'Second page (text)']));
    expect(await readAttachment(join(dir, 'two.pdf'))).toMatchObject({
      kind: 'pdf',
      pageCount: 2,
      pages: [
        { page: 1, text: 'First page text' },
        { page: 2, text: 'Second page (text)' },
      ],
      truncated: false,
    });
    await writeFile(join(dir, 'pic.png'), png(640, 3));
    expect(await readAttachment(join(dir, 'pic.png'))).toMatchObject({ kind: 'image', format: 'png', width: 640, height: 3 });
    expect(await readAttachment(join(dir, 'docs', 'plan.md'))).toMatchObject({ kind: 'text', format: 'markdown', headings: ['Plan'] });
    expect(await readAttachment(join(dir, 'notes.txt'))).toMatchObject({ kind: 'text', format: 'text', text: 'Meeting notes\nBudget is due on Friday.\n' });
  });

  it('reads calendars (.ics) and messages (.eml) as their text', async () => {
    await writeFile(join(dir, 'Bob.ics'), 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Dinner\r\nDTSTART:20240518T190000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');
    await expect(readAttachment(join(dir, 'Bob.ics'))).resolves.toMatchObject({ kind: 'text', text: expect.stringContaining('SUMMARY:Dinner') });
    await writeFile(join(dir, 'note.eml'), 'From: Tom <tom@example.com>\r\nSubject: Rent\r\n\r\nPlease pay the rent.\r\n');
    await expect(readAttachment(join(dir, 'note.eml'))).resolves.toMatchObject({ kind: 'text', text: expect.stringContaining('Subject: Rent') });
  });

  it('refuses what it cannot read with a clear error', async () => {
    await expect(readAttachment(join(dir, 'missing.pdf'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await writeFile(join(dir, 'big.txt'), 'x'.repeat(2000));
    await expect(readAttachment(join(dir, 'big.txt'), { ...DEFAULT_READ_LIMITS, maxBytes: 1000 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
    await writeFile(join(dir, 'huge.png'), png(1, 1).fill(0xff, 16, 24));
    await expect(readAttachment(join(dir, 'huge.png'))).rejects.toMatchObject({ code: 'TOO_LARGE' });
    await writeFile(join(dir, 'fake.pdf'), 'hello');
    await expect(readAttachment(join(dir, 'fake.pdf'))).rejects.toMatchObject({ code: 'INVALID_FILE' });
    await writeFile(join(dir, 'cut.pdf'), minimalPdf(['a']).subarray(0, 200));
    await expect(readAttachment(join(dir, 'cut.pdf'))).rejects.toMatchObject({ code: 'INVALID_FILE' });
    await writeFile(join(dir, 'old.doc'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    await expect(readAttachment(join(dir, 'old.doc'))).rejects.toMatchObject({ code: 'INVALID_FILE', message: expect.stringContaining('legacy') });
    await writeFile(join(dir, 'app.exe'), 'MZ');
    await expect(readAttachment(join(dir, 'app.exe'))).rejects.toMatchObject({ code: 'INVALID_FILE' });
  });
});

describe.skipIf(!hasOfficeBench())('readAttachment on the OfficeBench testbeds', () => {
  it('reads every xlsx, docx, pdf, image and text file there', async () => {
    const files = officeBenchFiles('.xlsx', '.docx', '.pdf', '.jpg', '.png', '.txt');
    expect(files.length).toBeGreaterThan(50);
    const kinds: Record<string, number> = {};
    for (const file of files) {
      const s = await readAttachment(file).catch((error: Error) => {
        throw new Error(`${file}: ${error.message}`);
      });
      kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
      if (s.kind === 'pdf') expect(s.pages.length, file).toBeGreaterThan(0);
      if (s.kind === 'image') expect(s.width * s.height, file).toBeGreaterThan(0);
    }
    expect(Object.keys(kinds).sort()).toEqual(['document', 'image', 'pdf', 'table', 'text']);
  }, 120_000);
});
