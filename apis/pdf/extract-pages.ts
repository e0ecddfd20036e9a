import type * as PdfLibModule from 'pdf-lib';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { checkOutput, loadPdf, outputPdf, overwrite, parsePages, PDF_LIMITS, pdfPath, savePdf } from './io';
import { lazyModule } from '../sdk/lazy-module';

// pdf-lib: loaded when an API first uses it, not when the pack is listed.
const PDFDocument = lazyModule<typeof PdfLibModule.PDFDocument>('pdf-lib', (m) => m.PDFDocument);

export const extractPages = defineApi({
  name: 'extractPages',
  description: `Copy chosen pages of a PDF into a new PDF, in the order listed (a page may repeat). The source is not changed.
Inputs: path, pages (1-based list such as "1-3, 5, 9-": an open end runs to the last page), output, overwrite.
Output: { path, pages (page count of the new PDF), bytes }. Staged: reaches the disk at Apply.
Errors: INVALID_ARGUMENTS (a page outside the document, a malformed list, output exists or not .pdf), INVALID_FILE (not a PDF, damaged, truncated or password-protected), TOO_LARGE, NOT_FOUND, PERMISSION_DENIED.`,
  parameters: z.object({
    path: pdfPath,
    pages: z.string().min(1).max(2000).describe('pages to copy, 1-based: "2", "1-3, 5", "4-" (to the end)'),
    output: outputPdf,
    overwrite,
  }),
  returns: z.object({
    path: z.string().describe('the PDF written'),
    pages: z.number().describe('pages in the new PDF'),
    bytes: z.number().describe('size of the PDF'),
  }),
  examples: [
    `await pdf.fromText({ output: 'long.pdf', text: Array.from({ length: 200 }, (_, i) => \`Line \${i + 1}\`).join('\\n') });
const first = await pdf.extractPages({ path: 'long.pdf', pages: '1-2', output: 'first-two.pdf' });
log(first.pages);`,
  ],
  composition: 'Check the page count with pdf.info first; pdf.split cuts a whole PDF into pieces; pdf.merge joins the results with other PDFs.',
  effects: 'stage',
  run: async (args, ctx) => {
    await checkOutput(ctx, args.output, args.overwrite);
    const doc = await loadPdf(ctx, args.path);
    const indices = parsePages(args.pages, doc.getPageCount());
    if (indices.length > PDF_LIMITS.maxPages) throw new ApiError('TOO_LARGE', `the list names ${indices.length} pages; at most ${PDF_LIMITS.maxPages}`);
    const out = await PDFDocument.create();
    out.setCreator('Switchboard');
    const title = doc.getTitle();
    if (title) out.setTitle(title);
    for (const page of await out.copyPages(doc, indices)) out.addPage(page);
    const saved = await savePdf(ctx, args.output, out);
    return { path: args.output, ...saved };
  },
});
