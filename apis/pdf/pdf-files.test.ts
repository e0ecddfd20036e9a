import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiContext, callApi } from '../../test/helpers/api-harness';
import { craftedPdf, hasPoppler, pdfInfo, pdfPages } from '../../test/helpers/pdf-tools';
import { SOFFICE, hasSoffice } from '../../test/helpers/soffice';
import { testStaging } from '../../test/helpers/staging';
import { docxPack } from '../docx/pack';
import type { ApiContext } from '../sdk';
import { xlsxPack } from '../xlsx/pack';
import { pdfPack } from './pack';

// LibreOffice conversions of files the office packs write, and hostile PDFs: each refused with a clear
// error, staging nothing.

const run = promisify(execFile);
const tools = hasPoppler() && hasSoffice();
let root: string;

const context = async (): Promise<ApiContext> => apiContext(await testStaging([root]));
const call = (verb: string, args: unknown, ctx: ApiContext) => callApi(pdfPack, verb, args, ctx) as Promise<Record<string, unknown>>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pdf-files-'));
  if (!tools) return;
  // A real password-protected PDF, written by LibreOffice's PDF export.
  await writeFile(join(root, 'secret.txt'), 'secret text');
  const filter = 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"pw"}}';
  await run(
    SOFFICE!,
    [`-env:UserInstallation=file://${join(root, 'profile')}`, '--headless', '--convert-to', filter, '--outdir', root, join(root, 'secret.txt')],
    { timeout: 180_000 },
  );
  const good = craftedPdf();
  await writeFile(join(root, 'good.pdf'), good);
  await writeFile(join(root, 'truncated.pdf'), good.subarray(0, Math.floor(good.length / 2)));
  await writeFile(join(root, 'bomb.pdf'), craftedPdf({ count: 2_000_000_000 }));
  await writeFile(join(root, 'cycle.pdf'), craftedPdf({ cycle: true }));
  await writeFile(join(root, 'fake.pdf'), 'PK\u0003\u0004 this is a zip, not a PDF');
  await writeFile(join(root, 'empty.pdf'), '');
}, 240_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe.runIf(tools)('pdf.fromDocument through LibreOffice', () => {
  it('converts a docx the docx pack wrote and an xlsx the xlsx pack wrote, in the same run', async () => {
    const ctx = await context();
    await callApi(
      docxPack,
      'createDocument',
      {
        path: 'memo.docx',
        blocks: [
          { type: 'heading', text: 'Quarterly memo', level: 1 },
          { type: 'paragraph', text: 'Revenue grew by 12 percent.' },
          { type: 'table', header: ['Region', 'Amount'], rows: [['North', 190000]] },
        ],
      },
      ctx,
    );
    await callApi(
      xlsxPack,
      'createWorkbook',
      {
        path: 'totals.xlsx',
        sheets: [
          {
            name: 'Totals',
            columns: [{ header: 'Item' }, { header: 'Cost', type: 'number' }],
            rows: [
              ['Rent', 1200],
              ['Power', 80],
            ],
          },
        ],
      },
      ctx,
    );
    const memo = await call('fromDocument', { path: 'memo.docx', timeoutSeconds: 180 }, ctx);
    expect(memo).toMatchObject({ path: 'memo.pdf', pages: 1 });
    const text = (await pdfPages(await ctx.staging.readPath('memo.pdf'))).join('\n');
    expect(text).toContain('Quarterly memo');
    expect(text).toContain('Revenue grew by 12 percent.');
    expect(text).toMatch(/North\s+190000/);
    const sheet = await call('fromDocument', { path: 'totals.xlsx', output: 'archive/totals.pdf', timeoutSeconds: 180 }, ctx);
    expect(sheet.path).toBe('archive/totals.pdf');
    const sheetText = (await pdfPages(await ctx.staging.readPath('archive/totals.pdf'))).join('\n');
    expect(sheetText).toMatch(/Rent\s+1200/);
    expect(ctx.staging.entries().map((e) => e.target.slice(root.length + 1))).toEqual(['memo.docx', 'totals.xlsx', 'memo.pdf', 'archive/totals.pdf']);
  });

  it('stops LibreOffice at the time-out and when the run is cancelled', async () => {
    const staging = await testStaging([root]);
    await writeFile(join(root, 'slow.txt'), 'slow');
    const aborter = new AbortController();
    const ctx = { ...apiContext(staging), signal: aborter.signal };
    const started = Date.now();
    setTimeout(() => aborter.abort(), 300);
    await expect(call('fromDocument', { path: 'slow.txt' }, ctx)).rejects.toThrow(/cancelled/);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(staging.entries()).toEqual([]);
    // A 5 s time-out on a busy machine may or may not cut a one-line conversion; either ends cleanly.
    const fresh = await context();
    const outcome = await call('fromDocument', { path: 'slow.txt', timeoutSeconds: 5 }, fresh).then(
      (r) => String(r.path),
      (e: Error) => e.message,
    );
    expect(outcome).toMatch(/^(LibreOffice took longer than 5 s and was stopped|slow\.pdf)$/);
  });

  it('refuses damaged and unsupported documents before LibreOffice sees them', async () => {
    const ctx = await context();
    await writeFile(join(root, 'broken.docx'), 'not a zip');
    await writeFile(join(root, 'photo.png'), 'x');
    await expect(call('fromDocument', { path: 'broken.docx' }, ctx)).rejects.toMatchObject({ code: 'INVALID_FILE' });
    await expect(call('fromDocument', { path: 'photo.png' }, ctx)).rejects.toThrow(/fromImages/);
    expect(ctx.staging.entries()).toEqual([]);
  });
});

describe.runIf(tools)('hostile PDFs get a clear error and stage nothing', () => {
  const cases: [string, string, RegExp][] = [
    ['secret.pdf', 'INVALID_FILE', /password-protected/],
    ['truncated.pdf', 'INVALID_FILE', /truncated/],
    ['bomb.pdf', 'TOO_LARGE', /claims 2000000000 pages/],
    ['cycle.pdf', 'INVALID_FILE', /page tree|no readable pages/],
    ['fake.pdf', 'INVALID_FILE', /not a PDF/],
    ['empty.pdf', 'INVALID_FILE', /empty/],
  ];
  it.each(cases)('%s', async (file, code, message) => {
    const ctx = await context();
    const calls: [string, unknown][] = [
      ['merge', { inputs: ['good.pdf', file], output: 'm.pdf' }],
      ['split', { path: file }],
      ['extractPages', { path: file, pages: '1', output: 'e.pdf' }],
      ['toImages', { path: file }],
    ];
    for (const [verb, args] of calls) await expect(call(verb, args, ctx), verb).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    if (file === 'secret.pdf') await expect(call('info', { path: file }, ctx)).resolves.toMatchObject({ encrypted: true, title: null });
    else await expect(call('info', { path: file }, ctx)).rejects.toMatchObject({ code });
    expect(ctx.staging.entries()).toEqual([]);
  });

  it('the encrypted sample really is encrypted for poppler too', async () => {
    await expect(pdfInfo(join(root, 'secret.pdf'))).rejects.toThrow(/password/i);
    expect((await readFile(join(root, 'secret.pdf'))).includes('/Encrypt')).toBe(true);
  });

  it('a real document of more pages than the limit is refused after parsing', async () => {
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    for (let i = 0; i < 2001; i++) doc.addPage([100, 100]);
    // Object streams hide /Count from the byte scan, so the parsed page count is what refuses it.
    await writeFile(join(root, 'many.pdf'), await doc.save({ useObjectStreams: true }));
    const ctx = await context();
    await expect(call('split', { path: 'many.pdf' }, ctx)).rejects.toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/2001 pages/) });
    expect(ctx.staging.entries()).toEqual([]);
  });
});
