import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiContext, callApi } from '../../test/helpers/api-harness';
import { hasOfficeBench, officeBenchFiles } from '../../test/helpers/bench-office';
import { minimalPdf } from '../../test/helpers/office-fixtures';
import { pdfText } from '../../test/helpers/soffice';
import { testStaging } from '../../test/helpers/staging';
import type { ApiContext } from '../sdk';
import { fsPack } from './pack';

interface PdfText {
  pages: { page: number; text: string }[];
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

describe('fs.readPdfText', () => {
  it('reads the text page by page, within the limits', async () => {
    await writeFile(join(root, 'two.pdf'), minimalPdf(['First page (text)', 'Second page', 'Third']));
    expect(await read({ path: 'two.pdf' })).toEqual({
      pages: [
        { page: 1, text: 'First page (text)' },
        { page: 2, text: 'Second page' },
        { page: 3, text: 'Third' },
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
  it.skipIf(!hasOfficeBench())('gives the words pdftotext finds in real-world PDFs', async () => {
    const files = officeBenchFiles('.pdf');
    expect(files.length).toBeGreaterThan(10);
    let compared = 0;
    for (const file of files) {
      await copyFile(file, join(root, basename(file)));
      const expected = words(await pdfText(file));
      const got = await read({ path: basename(file), maxPages: 2000, maxChars: 5_000_000 });
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
  }, 120_000);
});
