import { open, stat } from 'node:fs/promises';
import type sharpTypes from 'sharp';
import { z } from 'zod';
import { recognize } from '../ocr/engine';
import { pdfPageCount, renderPdfPage } from '../ocr/pdf-pages';
import { prepareForOcr } from '../ocr/prepare';
import { ApiError, defineApi } from '../sdk';
import { MAX_BYTES, MAX_PIXELS, SIZE_ERRORS, imageError, openImage } from './raster';
import { lazyModule } from '../sdk/lazy-module';

// sharp: loaded when an API first uses it, not when the pack is listed.
const sharp = lazyModule<typeof sharpTypes>('sharp');

const word = z.object({
  text: z.string().describe('the word'),
  confidence: z.number().describe('recognition confidence, 0..100'),
  box: z
    .object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })
    .describe('where the word is, in pixels of the image (of the page rendered at 200 dpi for a PDF)'),
});

const page = z.object({
  page: z.number().describe('page number from 1 (always 1 for an image)'),
  text: z.string().describe("the page's text, lines separated by \\n"),
  confidence: z.number().describe('mean confidence of the page, 0..100'),
  words: z.array(word).optional().describe('the words with confidence and boxes, when words: true'),
});

export const readText = defineApi({
  name: 'readText',
  description: `Read the text in an image or a scanned PDF with OCR (tesseract, English, offline on this machine). Images: PNG, JPEG, TIFF, WebP, GIF. PDFs: every page is rendered (poppler's pdftoppm) and read, also pages without a text layer; for PDFs with a text layer fs.readPdfText is faster and exact. Small images are enlarged before reading, and lines with doubtful words are read a second time. Reads this program's staged version when it already wrote the file.
Inputs: path, words (also return every word with its confidence and box), maxPages (PDF pages read).
Output: { text (all pages joined by a blank line), confidence (mean, 0..100), pages: [{ page, text, confidence, words? }], pageCount }. OCR is not perfect: check names and numbers you rely on (confidence under 60 means a doubtful read).
Errors: NOT_FOUND, PERMISSION_DENIED, INVALID_FILE (not an image or PDF, damaged or cut short, password-protected PDF), ${SIZE_ERRORS}, UNAVAILABLE (a PDF, and poppler-utils is not installed).`,
  parameters: z.object({
    path: z.string().min(1).describe('the image (.png, .jpg, .jpeg, .tif, .tiff, .webp, .gif) or .pdf to read'),
    words: z.boolean().default(false).describe('also return each word with confidence and bounding box'),
    maxPages: z.number().int().min(1).max(200).default(20).describe('most PDF pages read'),
  }),
  returns: z.object({
    text: z.string().describe('the text read, pages joined by a blank line'),
    confidence: z.number().describe('mean confidence over the pages, 0..100'),
    pages: z.array(page).describe('per page'),
    pageCount: z.number().describe('pages in the file (1 for an image)'),
  }),
  examples: [
    `const card = await image.readText({ path: 'cards/Tom_card.png' });
const email = /[\\w.+-]+@[\\w-]+\\.[\\w.]+/.exec(card.text)?.[0];
log(email ?? 'no email on the card');`,
    `const scan = await image.readText({ path: 'cards/Tom_card.png', words: true });
const doubtful = scan.pages[0].words?.filter((w) => w.confidence < 60).map((w) => w.text) ?? [];
log(\`\${scan.confidence}% confident; doubtful: \${doubtful.join(' ')}\`);`,
  ],
  composition:
    'Find images with fs.list or fs.search; read them here and pick names, numbers or tables out of text in the program (split lines, regular expressions); write what you found with xlsx.writeCells, docx.createDocument or fs.writeText. For text-layer PDFs use fs.readPdfText.',
  effects: 'read',
  run: async (args, ctx) => {
    const file = await ctx.staging.readPath(args.path);
    const handle = await open(file, 'r');
    const head = Buffer.alloc(1024);
    await handle.read(head, 0, head.length, 0).finally(() => handle.close());
    if (head.indexOf('%PDF-') >= 0) {
      const size = (await stat(file)).size;
      if (size > MAX_BYTES)
        throw new ApiError('TOO_LARGE', `${args.path} is ${Math.round(size / 1024 / 1024)} MB; at most ${MAX_BYTES / 1024 / 1024} MB is read`);
      const pageCount = await pdfPageCount(file);
      const pages = [];
      for (let n = 1; n <= Math.min(pageCount, args.maxPages); n++) {
        if (ctx.signal.aborted) throw new ApiError('API_ERROR', 'cancelled');
        ctx.progress((n - 1) / Math.min(pageCount, args.maxPages), `reading page ${n}`);
        const png = await renderPdfPage(file, n);
        const meta = await sharp(png, { limitInputPixels: MAX_PIXELS }).metadata();
        const prepared = await prepareForOcr(sharp(png, { limitInputPixels: MAX_PIXELS }), meta.width ?? 1);
        const read = await recognize(prepared.png, { words: args.words, scale: prepared.scale });
        pages.push({ page: n, ...read });
      }
      return summary(pages, pageCount);
    }
    const opened = await openImage(ctx, args.path);
    const prepared = await prepareForOcr(opened.image, opened.meta.width).catch((error: unknown) => {
      throw imageError(args.path, error);
    });
    const read = await recognize(prepared.png, { words: args.words, scale: prepared.scale });
    return summary([{ page: 1, ...read }], 1);
  },
});

function summary(pages: z.input<typeof page>[], pageCount: number) {
  const confidence = pages.length ? Math.round(pages.reduce((s, p) => s + p.confidence, 0) / pages.length) : 0;
  return { text: pages.map((p) => p.text).join('\n\n'), confidence, pages, pageCount };
}
