import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { disposeOcr } from '../ocr/engine';
import { apiContext, callApi } from '../../test/helpers/api-harness';
import { hasOfficeBench, officeBenchFiles } from '../../test/helpers/bench-office';
import { minimalPdf } from '../../test/helpers/office-fixtures';
import { pdfText } from '../../test/helpers/soffice';
import { testStaging } from '../../test/helpers/staging';
import type { ApiContext } from '../sdk';
import { fsPack } from './pack';

interface PdfText {
  pages: { page: number; text: string; ocr: boolean }[];
  pageCount: number;
  text: string;
  truncated: boolean;
}
let root: string;
let ctx: ApiContext;
const read = (args: unknown) => callApi(fsPack, 'readPdfText', args, ctx) as Promise<PdfText>;
const words = (text: string) => text.split(/\s+/).filter(Boolean);
const normal = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}\s]+/gu, ' ');

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'fs-pdf-'));
  ctx = apiContext(await testStaging([root]));
});
afterEach(() => rm(root, { recursive: true, force: true }));
afterAll(() => disposeOcr());

/** A one-page PDF holding only a picture of `sentence` (no text layer), like a scan. */
async function scannedPdf(sentence: string): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1700" height="400"><rect width="100%" height="100%" fill="#fff"/><text x="80" y="200" font-family="DejaVu Sans" font-size="48">${sentence}</text></svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  const doc = await PDFDocument.create();
  const image = await doc.embedPng(png);
  doc.addPage([850, 200]).drawImage(image, { x: 0, y: 0, width: 850, height: 200 });
  return doc.save();
}

describe('fs.readPdfText', () => {
  it('reads the text page by page, within the limits', async () => {
    await writeFile(join(root, 'two.pdf'), minimalPdf(['First page (text)', 'Second page', 'Third']));
    expect(await read({ path: 'two.pdf' })).toEqual({
      pages: [
        { page: 1, text: 'First page (text)', ocr: false },
        { page: 2, text: 'Second page', ocr: false },
        { page: 3, text: 'Third', ocr: false },
      ],
      pageCount: 3,
      text: 'First page (text)\n\nSecond page\n\nThird',
      truncated: false,
    });
    expect(await read({ path: 'two.pdf', maxPages: 1 })).toMatchObject({ pages: [{ page: 1 }], pageCount: 3, truncated: true });
    expect(await read({ path: 'two.pdf', maxChars: 5 })).toMatchObject({ pages: [{ page: 1, text: 'First' }], truncated: true });
  });

  it('refuses what is not a readable PDF with a clear error', async () => {
    const pdf = minimalPdf(['x']);
    await writeFile(join(root, 'notes.pdf'), 'plain text');
    await writeFile(join(root, 'cut.pdf'), pdf.subarray(0, 40));
    await expect(read({ path: 'notes.pdf' })).rejects.toMatchObject({ code: 'INVALID_FILE', message: expect.stringContaining('not a PDF') });
    await expect(read({ path: 'cut.pdf' })).rejects.toMatchObject({ code: 'INVALID_FILE' });
    await expect(read({ path: 'missing.pdf' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(read({ path: '../outside.pdf' })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });

  // Second reader: poppler's pdftotext on the real PDFs of the OfficeBench testbeds (read in place, copied to a temp folder).
  it.skipIf(!hasOfficeBench())(
    'gives the words pdftotext finds in real-world PDFs',
    async () => {
      const files = officeBenchFiles('.pdf');
      expect(files.length).toBeGreaterThan(10);
      let compared = 0;
      for (const file of files) {
        await copyFile(file, join(root, basename(file)));
        const expected = words(await pdfText(file));
        const got = await read({ path: basename(file), maxPages: 2000, maxChars: 5_000_000, ocr: false });
        expect(got.truncated, file).toBe(false);
        // pdftotext -layout orders columns by position, pdfjs by content stream, and they split runs and
        // ligatures differently: nearly every word pdftotext finds must be among pdfjs's words.
        const ours = new Set(words(normal(got.text)));
        const found = words(normal(expected.join(' '))).filter((w) => ours.has(w)).length;
        const total = words(normal(expected.join(' '))).length;
        if (process.env.SHOW_RECALL) process.stderr.write(`${basename(file)} ${found}/${total}\n`);
        if (total === 0) expect(ours.size, `${file} (a scan without a text layer)`).toBe(0);
        else expect(found / total, file).toBeGreaterThan(0.95);
        compared += expected.length > 0 ? 1 : 0;
      }
      expect(compared).toBeGreaterThan(10);
      expect((await readFile(join(root, basename(files[0]!)))).length).toBeGreaterThan(0);
    },
    120_000,
  );

  it('reads a page without a text layer with OCR (and not when ocr is false)', async () => {
    const sentence = 'Invoice 4711 is due on the fifth of March';
    await writeFile(join(root, 'scan.pdf'), await scannedPdf(sentence));
    const got = await read({ path: 'scan.pdf' });
    expect(got.pages).toHaveLength(1);
    expect(got.pages[0]!.ocr).toBe(true);
    expect(normal(got.text).split(/\s+/).filter(Boolean)).toEqual(normal(sentence).split(/\s+/));
    expect(await read({ path: 'scan.pdf', ocr: false })).toMatchObject({ text: '', pages: [{ page: 1, text: '', ocr: false }] });
  }, 60_000);

  it.skipIf(!hasOfficeBench())(
    'reads the scanned transcript of OfficeBench task 3-69 with OCR',
    async () => {
      const file = officeBenchFiles('.pdf').find((f) => f.endsWith('3-69/testbed/data/transcripts.pdf'))!;
      await copyFile(file, join(root, 'transcripts.pdf'));
      const got = await read({ path: 'transcripts.pdf' });
      expect(got.pages[0]!.ocr).toBe(true);
      expect(got.text).toMatch(/Teddy/);
      expect(got.text).toMatch(/Roosevelt/);
    },
    60_000,
  );
});
