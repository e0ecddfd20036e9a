import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiContext, callApi } from '../../test/helpers/api-harness';
import { minimalPdf } from '../../test/helpers/office-fixtures';
import { testStaging } from '../../test/helpers/staging';
import { disposeOcr, ocrWorkerAlive, recognize, setOcrIdleTime } from '../ocr/engine';
import { renderPdfPage } from '../ocr/pdf-pages';
import type { ApiContext } from '../sdk';
import { imagePack } from './pack';

interface Read {
  text: string;
  confidence: number;
  pageCount: number;
  pages: {
    page: number;
    text: string;
    confidence: number;
    words?: { text: string; confidence: number; box: { x: number; y: number; width: number; height: number } }[];
  }[];
}
const run = promisify(execFile);
let root: string;
let ctx: ApiContext;
const call = (verb: string, args: unknown) => callApi(imagePack, verb, args, ctx);
const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
const SENTENCE = 'The quarterly budget meeting moves to Thursday at half past ten in room 42';

/** Whether the Debian tesseract CLI (the second reader) is here; under CI=true its absence fails. */
function hasTesseract(): boolean {
  if (existsSync('/usr/bin/tesseract')) return true;
  if (process.env.CI === 'true') throw new Error('CI needs the tesseract CLI as OCR second reader (apt-get install tesseract-ocr)');
  process.stderr.write('\n!!! SKIPPING the tesseract CLI comparison: tesseract is not installed\n\n');
  return false;
}

/** Renders `text` with image.fromText and copies the staged PNG into the root, as a person's file. */
async function textImage(name: string, text: string, width = 1000): Promise<string> {
  await call('fromText', { output: `render/${name}`, text, width, fontSize: 28, markdown: false });
  const abs = await ctx.staging.resolve(`render/${name}`);
  const staged = ctx.staging.entries().find((e) => e.target === abs)!.stagedPath!;
  const file = join(root, name);
  await writeFile(file, await import('node:fs/promises').then((f) => f.readFile(staged)));
  return file;
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'image-ocr-'));
  ctx = apiContext(await testStaging([root]));
});
afterEach(() => rm(root, { recursive: true, force: true }));
afterAll(() => disposeOcr());

describe('image.readText (OCR)', () => {
  it('reads back a known sentence rendered by image.fromText, with words, confidences and boxes', async () => {
    await textImage('sentence.png', SENTENCE, 1600);
    const got = (await call('readText', { path: 'sentence.png', words: true })) as Read;
    expect(words(got.text)).toEqual(words(SENTENCE));
    expect(got.pageCount).toBe(1);
    expect(got.confidence).toBeGreaterThan(80);
    const ws = got.pages[0]!.words!;
    expect(ws.map((w) => w.text.toLowerCase())).toEqual(SENTENCE.toLowerCase().split(' '));
    // Boxes run left to right along one line.
    for (let i = 1; i < ws.length; i++) expect(ws[i]!.box.x).toBeGreaterThan(ws[i - 1]!.box.x);
    expect(Math.max(...ws.map((w) => w.box.y)) - Math.min(...ws.map((w) => w.box.y))).toBeLessThan(ws[0]!.box.height * 2);
    expect(ws[ws.length - 1]!.box.x + ws[ws.length - 1]!.box.width).toBeLessThanOrEqual(1600);
    expect(ocrWorkerAlive()).toBe(true);
    await disposeOcr();
    expect(ocrWorkerAlive()).toBe(false);
  }, 60_000);

  it.skipIf(!hasTesseract())(
    'agrees with the tesseract CLI on a multi-line page, as JPEG and PNG',
    async () => {
      const text = 'Meeting notes\nBudget approved for 2025\nNext review on 14 March\nContact: alice@example.com';
      for (const name of ['notes.png', 'notes.jpg']) {
        const file = await textImage(name, text);
        const ours = (await call('readText', { path: name })) as Read;
        const { stdout } = await run('tesseract', [file, '-', '-l', 'eng'], { timeout: 60_000 });
        const cli = new Set(words(stdout));
        const agreed = words(ours.text).filter((w) => cli.has(w)).length;
        expect(agreed / words(stdout).length, name).toBeGreaterThan(0.9);
        expect(words(ours.text), name).toEqual(expect.arrayContaining(['budget', 'approved', '2025', 'march']));
      }
    },
    120_000,
  );

  it('reads the pages of a PDF, scanned or not', async () => {
    await writeFile(join(root, 'memo.pdf'), minimalPdf(['Shipment arrives Monday', 'Invoice number 8812']));
    const got = (await call('readText', { path: 'memo.pdf' })) as Read;
    expect(got.pageCount).toBe(2);
    expect(words(got.pages[0]!.text)).toEqual(['shipment', 'arrives', 'monday']);
    expect(words(got.pages[1]!.text)).toEqual(['invoice', 'number', '8812']);
  }, 60_000);

  it('terminates an idle worker and starts a new one on the next call', async () => {
    const file = await textImage('idle.png', 'Idle worker check');
    setOcrIdleTime(300);
    try {
      const png = await import('node:fs/promises').then((f) => f.readFile(file));
      expect(words((await recognize(png)).text)).toEqual(['idle', 'worker', 'check']);
      expect(ocrWorkerAlive()).toBe(true);
      await expect.poll(() => ocrWorkerAlive(), { timeout: 10_000, interval: 100 }).toBe(false);
      expect(words((await recognize(png)).text)).toEqual(['idle', 'worker', 'check']);
    } finally {
      setOcrIdleTime(30_000);
    }
  }, 60_000);

  it('says poppler-utils is needed when pdftoppm is not installed', async () => {
    await writeFile(join(root, 'a.pdf'), minimalPdf(['x']));
    await expect(renderPdfPage(join(root, 'a.pdf'), 1, { tools: { pdftoppm: '/nonexistent/pdftoppm', pdfinfo: 'pdfinfo' } })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/^\/nonexistent\/pdftoppm is not installed; .*poppler-utils/),
    });
  });
});
