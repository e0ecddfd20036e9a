import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiContext, callApi } from '../../test/helpers/api-harness';
import { hasPoppler, inkRatio, pdfFonts, pdfInfo, pdfPages } from '../../test/helpers/pdf-tools';
import { blackPng } from '../../test/helpers/png';
import { testStaging } from '../../test/helpers/staging';
import { imageInfo, type ApiContext } from '../sdk';
import { pdfPack } from './pack';
import { embedFonts, encodable, wrap } from './text-layout';

const poppler = hasPoppler();
let root: string;

async function fresh(): Promise<{ ctx: ApiContext; staged: (path: string) => Promise<string> }> {
  const staging = await testStaging([root]);
  const ctx = apiContext(staging);
  return { ctx, staged: (path) => staging.readPath(path) };
}
const call = (verb: string, args: unknown, ctx: ApiContext) => callApi(pdfPack, verb, args, ctx) as Promise<Record<string, unknown>>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pdf-pack-'));
  await mkdir(join(root, 'scans'));
  await sharp({ create: { width: 400, height: 300, channels: 3, background: '#204080' } })
    .png()
    .toFile(join(root, 'scans', 'a.png'));
  await sharp({ create: { width: 300, height: 500, channels: 3, background: '#a03020' } })
    .jpeg()
    .toFile(join(root, 'scans', 'b.jpg'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe.runIf(poppler)('pdf.fromText, read back by poppler', () => {
  it('lays out markdown: headings, bullets, wrapped lines, in a TrueType font that draws non-Latin text', async () => {
    const { ctx, staged } = await fresh();
    const long = 'word '.repeat(300);
    const r = await call(
      'fromText',
      {
        output: 'out/notes.pdf',
        title: 'Notes',
        text: `# Big title\n\nIntro **bold** text.\n\n- first item\n- second item\n\n## Привет Zürich ✓\n\n${long}\n`,
      },
      ctx,
    );
    expect(r.font).toMatch(/DejaVu/);
    expect(r.replaced).toEqual([]);
    const file = await staged('out/notes.pdf');
    const info = await pdfInfo(file);
    expect(info.Title).toBe('Notes');
    expect(Number(info.Pages)).toBe(r.pages);
    const text = (await pdfPages(file)).join('\n');
    expect(text).toContain('Big title');
    expect(text).toContain('Intro bold text.');
    expect(text).not.toContain('**');
    expect(text).toMatch(/•\s+first item/);
    expect(text).toContain('Привет Zürich ✓');
    const lines = text.split('\n').filter((l) => l.includes('word word'));
    expect(lines.length).toBeGreaterThan(5);
    expect(await pdfFonts(file)).toMatch(/DejaVuSans/);
  });

  it('breaks pages for long text and wraps a word longer than a line', async () => {
    const { ctx, staged } = await fresh();
    const text = [...Array.from({ length: 150 }, (_, i) => `Line ${i + 1}`), 'x'.repeat(500)].join('\n');
    const r = await call('fromText', { output: 'long.pdf', text, format: 'text' }, ctx);
    const pages = await pdfPages(await staged('long.pdf'));
    expect(pages.length).toBe(r.pages);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages[0]).toContain('Line 1');
    expect(pages.at(-1)).toMatch(/x{40}/);
    expect(pages.join('')).toContain('Line 150');
  });

  it('falls back to Helvetica and replaces what it cannot draw, saying which characters', async () => {
    const doc = await PDFDocument.create();
    const fonts = await embedFonts(doc, null);
    const missing = new Set<string>();
    const line = encodable('Café Привет', fonts, missing);
    expect(fonts.name).toBe('Helvetica');
    expect(line).toBe('Café ??????');
    expect([...missing].sort()).toEqual([...'Привет'].sort());
    const page = doc.addPage();
    for (const [i, l] of wrap(line, fonts.regular, 11, 200).entries()) page.drawText(l, { x: 50, y: 700 - i * 14, size: 11, font: fonts.regular });
    const file = join(root, 'helvetica.pdf');
    await writeFile(file, await doc.save());
    expect((await pdfPages(file))[0]).toContain('Café ??????');
  });

  it('reads a markdown source file and refuses bad input, staging nothing', async () => {
    const { ctx, staged } = await fresh();
    await writeFile(join(root, 'plan.md'), '# Plan\n\n1. budget\n2. hiring\n');
    await call('fromText', { source: 'plan.md', output: 'plan.pdf' }, ctx);
    expect((await pdfPages(await staged('plan.pdf')))[0]).toMatch(/1\.\s+budget/);
    const bad = await fresh();
    await expect(call('fromText', { output: 'x.pdf' }, bad.ctx)).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
    await expect(call('fromText', { output: 'x.docx', text: 'hi' }, bad.ctx)).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
    await expect(call('fromText', { output: 'plan.pdf', text: 'hi' }, ctx)).rejects.toThrow(/exists/);
    await writeFile(join(root, 'bin.txt'), Buffer.from([1, 0, 2, 0]));
    await expect(call('fromText', { output: 'y.pdf', source: 'bin.txt' }, bad.ctx)).rejects.toMatchObject({ code: 'INVALID_FILE' });
    expect(bad.ctx.staging.entries()).toEqual([]);
  });
});

describe.runIf(poppler)('pdf.fromImages, merge, split, extractPages, info, toImages', () => {
  it('puts PNG and JPEG images on pages that poppler renders with their colours', async () => {
    const { ctx, staged } = await fresh();
    const r = await call('fromImages', { images: ['scans/a.png', 'scans/b.jpg'], output: 'scans/scan.pdf' }, ctx);
    expect(r.pages).toBe(2);
    const file = await staged('scans/scan.pdf');
    expect((await pdfInfo(file)).Pages).toBe('2');
    expect(await inkRatio(file, 1)).toBeGreaterThan(0.05);
    expect(await inkRatio(file, 2)).toBeGreaterThan(0.05);
    const fit = await call('fromImages', { images: ['scans/a.png'], output: 'fit.pdf', pageSize: 'fit' }, ctx);
    expect(fit.pages).toBe(1);
    expect((await pdfInfo(await staged('fit.pdf')))['Page size']).toMatch(/^400 x 300/);
    expect(await inkRatio(await staged('fit.pdf'))).toBeGreaterThan(0.95);
  });

  it('refuses images it cannot place, staging nothing', async () => {
    const { ctx } = await fresh();
    await writeFile(join(root, 'fake.png'), 'not an image');
    const big = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(big);
    big.writeUInt32BE(20000, 16);
    big.writeUInt32BE(20000, 20);
    await writeFile(join(root, 'huge.png'), big);
    await expect(call('fromImages', { images: ['fake.png'], output: 'f.pdf' }, ctx)).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
    await expect(call('fromImages', { images: ['huge.png'], output: 'f.pdf' }, ctx)).rejects.toMatchObject({ code: 'TOO_LARGE' });
    // A real 100-megapixel PNG (a ~100 KB decompression bomb), not only a header claiming a size.
    await writeFile(join(root, 'bomb.png'), blackPng(10000, 10000));
    await expect(call('fromImages', { images: ['bomb.png'], output: 'f.pdf' }, ctx)).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringMatching(/bomb\.png is 10000x10000 pixels; at most 50 megapixels/),
    });
    await expect(call('fromImages', { images: ['missing.png'], output: 'f.pdf' }, ctx)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(ctx.staging.entries()).toEqual([]);
  });

  it('merges, splits and extracts pages; poppler sees the right text on each page', async () => {
    const { ctx, staged } = await fresh();
    await call('fromText', { output: 'a.pdf', text: '# Alpha one\n\n---\n', title: 'A' }, ctx);
    const body = Array.from({ length: 120 }, (_, i) => `Beta line ${i + 1}`).join('\n');
    const b = await call('fromText', { output: 'b.pdf', text: body, format: 'text' }, ctx);
    const merged = await call('merge', { inputs: ['a.pdf', 'b.pdf'], output: 'ab.pdf', title: 'Both' }, ctx);
    expect(merged.pages).toBe(1 + (b.pages as number));
    const pages = await pdfPages(await staged('ab.pdf'));
    expect(pages.length).toBe(merged.pages);
    expect(pages[0]).toContain('Alpha one');
    expect(pages[1]).toContain('Beta line 1');
    expect((await pdfInfo(await staged('ab.pdf'))).Title).toBe('Both');

    const { parts } = (await call('split', { path: 'ab.pdf', outDir: 'parts' }, ctx)) as unknown as { parts: { path: string; pages: number }[] };
    expect(parts.map((p) => p.path)).toEqual(pages.map((_, i) => join('parts', `ab-${i + 1}.pdf`)));
    expect((await pdfPages(await staged(parts[1]!.path)))[0]).toContain('Beta line 1');
    const ranged = (await call('split', { path: 'ab.pdf', ranges: ['1', '2-'] }, ctx)) as unknown as { parts: { path: string; pages: number }[] };
    expect(ranged.parts.map((p) => p.pages)).toEqual([1, pages.length - 1]);

    const picked = await call('extractPages', { path: 'ab.pdf', pages: '2, 1', output: 'picked.pdf' }, ctx);
    expect(picked.pages).toBe(2);
    const pickedText = await pdfPages(await staged('picked.pdf'));
    expect(pickedText[0]).toContain('Beta line 1');
    expect(pickedText[1]).toContain('Alpha one');

    const info = await call('info', { path: 'ab.pdf' }, ctx);
    expect(info).toMatchObject({ pages: merged.pages, title: 'Both', encrypted: false, width: 595.28, height: 841.89 });

    const before = ctx.staging.entries().length;
    await expect(call('extractPages', { path: 'ab.pdf', pages: '9-99', output: 'bad.pdf' }, ctx)).rejects.toThrow(/outside the document/);
    await expect(call('extractPages', { path: 'ab.pdf', pages: 'two', output: 'bad.pdf' }, ctx)).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
    await expect(call('split', { path: 'ab.pdf', outDir: 'parts' }, ctx)).rejects.toThrow(/exists/);
    expect(ctx.staging.entries().length).toBe(before);
  });

  it('renders pages to PNG at the asked resolution', async () => {
    const { ctx, staged } = await fresh();
    await call('fromText', { output: 'flyer.pdf', text: '# Sale\n\nEverything half price.', pageSize: 'Letter' }, ctx);
    const { images } = (await call('toImages', { path: 'flyer.pdf', dpi: 72, outDir: 'img' }, ctx)) as unknown as { images: { path: string; page: number }[] };
    expect(images).toEqual([{ path: join('img', 'flyer-1.png'), page: 1 }]);
    const png = await readFile(await staged(images[0]!.path));
    expect(imageInfo(png)).toEqual({ type: 'png', width: 612, height: 792 });
    const stats = await sharp(png).stats();
    expect(stats.channels[0]!.min).toBeLessThan(100);
  });

  it('says what to install when poppler or LibreOffice is missing, staging nothing', async () => {
    const { ctx } = await fresh();
    const one = await PDFDocument.create();
    one.addPage();
    await writeFile(join(root, 'one.pdf'), await one.save());
    const saved = { soffice: process.env.SWITCHBOARD_SOFFICE, pdftoppm: process.env.SWITCHBOARD_PDFTOPPM };
    process.env.SWITCHBOARD_SOFFICE = '';
    process.env.SWITCHBOARD_PDFTOPPM = '/nonexistent/pdftoppm';
    try {
      await expect(call('toImages', { path: 'one.pdf' }, ctx)).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: expect.stringMatching(/^poppler's pdftoppm is needed.*poppler-utils/),
      });
      await writeFile(join(root, 'memo.txt'), 'hello');
      await expect(call('fromDocument', { path: 'memo.txt' }, ctx)).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: expect.stringMatching(/^LibreOffice is needed.*libreoffice-writer libreoffice-calc libreoffice-impress/),
      });
    } finally {
      for (const [k, v] of [
        ['SWITCHBOARD_SOFFICE', saved.soffice],
        ['SWITCHBOARD_PDFTOPPM', saved.pdftoppm],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    expect(ctx.staging.entries()).toEqual([]);
  });
});
