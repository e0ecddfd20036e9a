import { open, stat } from 'node:fs/promises';
import { z } from 'zod';
import { recognize } from '../ocr/engine';
import { renderPdfPage } from '../ocr/pdf-pages';
import { ApiError, defineApi } from '../sdk';
import { extractPdfText } from '../sdk/pdf-text';

const MAX_BYTES = 50 * 1024 * 1024;

export const readPdfText = defineApi({
  name: 'readPdfText',
  description: `Read the text of a PDF, page by page (pdfjs-dist's text layer; a page without one, such as a scan, is rendered with poppler's pdftoppm and read with OCR, offline, unless ocr is false). Reads this program's staged version when it already wrote the file.
Inputs: path, maxPages (pages after it are left out), maxChars (text after it is cut), ocr (read pages without a text layer with OCR; default true).
Output: { pages: [{ page (from 1), text (lines separated by \\n), ocr (true when the text came from OCR: check names and numbers) }], pageCount (pages in the file), text (every returned page joined by a blank line), truncated }.
Errors: NOT_FOUND, PERMISSION_DENIED, INVALID_FILE (not a PDF, damaged, or password-protected), TOO_LARGE (over 50 MB), UNAVAILABLE (a page needs OCR and poppler-utils is not installed; pass ocr: false to get its empty text instead).`,
  parameters: z.object({
    path: z.string().min(1).describe('the .pdf file to read'),
    maxPages: z.number().int().min(1).max(2000).default(100).describe('most pages read'),
    maxChars: z.number().int().min(1).max(5_000_000).default(200_000).describe('most characters returned'),
    ocr: z.boolean().default(true).describe('read pages that have no text layer (scans) with OCR'),
  }),
  returns: z.object({
    pages: z.array(z.object({ page: z.number(), text: z.string(), ocr: z.boolean() })),
    pageCount: z.number(),
    text: z.string(),
    truncated: z.boolean(),
  }),
  examples: [
    `const invoice = await fs.readPdfText({ path: 'invoice.pdf' });
const total = /total due[^0-9]*([0-9.,]+)/i.exec(invoice.text)?.[1];
log(\`\${invoice.pageCount} pages, total due \${total}\`);`,
  ],
  composition:
    'Find PDFs with fs.list or fs.search, read them here, pick out what you need in the program, then write it with xlsx.writeCells, docx.createDocument or fs.writeText.',
  effects: 'read',
  run: async (args, ctx) => {
    const file = await ctx.staging.readPath(args.path);
    const size = (await stat(file)).size;
    if (size > MAX_BYTES)
      throw new ApiError('TOO_LARGE', `${args.path} is ${Math.round(size / 1024 / 1024)} MB; at most ${MAX_BYTES / 1024 / 1024} MB is read`);
    const handle = await open(file, 'r');
    const bytes = new Uint8Array(size);
    await handle.read(bytes, 0, size, 0).finally(() => handle.close());
    const read = await extractPdfText(bytes, args.path, {
      maxPages: args.maxPages,
      maxChars: args.maxChars,
      cancelled: () => ctx.signal.aborted,
      fillEmptyPage: args.ocr
        ? async (n, last) => {
            ctx.progress(n / last, `page ${n} has no text layer; reading it with OCR`);
            return (await recognize(await renderPdfPage(file, n))).text;
          }
        : undefined,
    });
    return { pages: read.pages, pageCount: read.pageCount, text: read.pages.map((p) => p.text).join('\n\n'), truncated: read.truncated };
  },
});
