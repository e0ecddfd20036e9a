import type * as PdfLibModule from 'pdf-lib';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { checkAborted, checkOutput, loadPdf, outputPdf, overwrite, PDF_LIMITS, savePdf } from './io';
import { lazyModule } from '../sdk/lazy-module';

// pdf-lib: loaded when an API first uses it, not when the pack is listed.
const PDFDocument = lazyModule<typeof PdfLibModule.PDFDocument>('pdf-lib', (m) => m.PDFDocument);

export const merge = defineApi({
  name: 'merge',
  description: `Join PDFs into one, in the order given, every page of each (pdf-lib copies the pages; bookmarks and form fields are not carried over).
Inputs: inputs (at least two PDFs; the same file may repeat), output, title, overwrite.
Output: { path, pages, bytes }. Staged: reaches the disk at Apply; the inputs are not changed.
Errors: INVALID_FILE (not a PDF, damaged, truncated or password-protected input), TOO_LARGE (an input over 100 MB, more than ${PDF_LIMITS.maxPages} pages in all), INVALID_ARGUMENTS (output exists or not .pdf), NOT_FOUND, PERMISSION_DENIED.`,
  parameters: z.object({
    inputs: z.array(z.string().min(1)).min(2).max(200).describe('the PDFs to join, in order'),
    output: outputPdf,
    title: z.string().max(500).optional().describe('title of the merged PDF'),
    overwrite,
  }),
  returns: z.object({
    path: z.string().describe('the PDF written'),
    pages: z.number().describe('pages in the merged PDF'),
    bytes: z.number().describe('size of the PDF'),
  }),
  examples: [
    `const all = await pdf.merge({ inputs: ['cover.pdf', 'chapter.pdf', 'appendix.pdf'], output: 'full-report.pdf' });
log(\`\${all.pages} pages\`);`,
  ],
  composition:
    'Make the parts first (pdf.fromDocument, pdf.fromText, pdf.fromImages) in the same program, then merge them; pdf.extractPages picks pages instead of whole files.',
  effects: 'stage',
  run: async (args, ctx) => {
    await checkOutput(ctx, args.output, args.overwrite);
    const out = await PDFDocument.create();
    if (args.title) out.setTitle(args.title);
    out.setCreator('Switchboard');
    for (const input of args.inputs) {
      checkAborted(ctx);
      const doc = await loadPdf(ctx, input);
      if (out.getPageCount() + doc.getPageCount() > PDF_LIMITS.maxPages)
        throw new ApiError('TOO_LARGE', `the merged PDF would have more than ${PDF_LIMITS.maxPages} pages`);
      for (const page of await out.copyPages(doc, doc.getPageIndices())) out.addPage(page);
    }
    const saved = await savePdf(ctx, args.output, out);
    return { path: args.output, ...saved };
  },
});
