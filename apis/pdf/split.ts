import type * as PdfLibModule from 'pdf-lib';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { checkAborted, checkOutput, loadPdf, overwrite, parsePages, pdfPath, savePdf, siblingPath } from './io';
import { lazyModule } from '../sdk/lazy-module';

// pdf-lib: loaded when an API first uses it, not when the pack is listed.
const PDFDocument = lazyModule<typeof PdfLibModule.PDFDocument>('pdf-lib', (m) => m.PDFDocument);
type PDFDocument = PdfLibModule.PDFDocument;

const MAX_PARTS = 500;

export const split = defineApi({
  name: 'split',
  description: `Cut a PDF into several PDFs: every N pages (default 1: one file per page), or by explicit page lists. Parts are named <name>-1.pdf, <name>-2.pdf... beside the source or in outDir. The source is not changed.
Inputs: path, every (pages per part) or ranges (one page list per part, e.g. ["1-2", "3-"]), outDir, overwrite.
Output: { parts: [{ path, pages }] }. Staged: the parts reach the disk at Apply.
Errors: INVALID_ARGUMENTS (both every and ranges, a page outside the document, a part that exists), INVALID_FILE (not a PDF, damaged, truncated or password-protected), TOO_LARGE (more than ${MAX_PARTS} parts), NOT_FOUND, PERMISSION_DENIED.`,
  parameters: z.object({
    path: pdfPath,
    every: z.number().int().min(1).max(2000).optional().describe('pages per part (the last part may be shorter); 1 when neither every nor ranges is given'),
    ranges: z.array(z.string().min(1)).min(1).max(MAX_PARTS).optional().describe('one page list per part, 1-based: ["1-3", "4-"]'),
    outDir: z.string().min(1).optional().describe("folder for the parts; default: the source's folder"),
    overwrite,
  }),
  returns: z.object({
    parts: z.array(z.object({ path: z.string().describe('a part written'), pages: z.number().describe('its pages') })).describe('the parts, in order'),
  }),
  examples: [
    `await pdf.fromText({ output: 'book.pdf', text: Array.from({ length: 150 }, (_, i) => \`Line \${i + 1}\`).join('\\n') });
const { parts } = await pdf.split({ path: 'book.pdf', every: 1, outDir: 'pages' });
log(parts.map((p) => p.path));`,
  ],
  composition: 'Check the page count with pdf.info first; to pull a few pages into one file use pdf.extractPages.',
  effects: 'stage',
  run: async (args, ctx) => {
    if (args.every !== undefined && args.ranges !== undefined) throw new ApiError('INVALID_ARGUMENTS', 'give every or ranges, not both');
    const doc = await loadPdf(ctx, args.path);
    const count = doc.getPageCount();
    const groups: number[][] = [];
    if (args.ranges) for (const r of args.ranges) groups.push(parsePages(r, count));
    else {
      const every = args.every ?? 1;
      for (let start = 0; start < count; start += every) groups.push(Array.from({ length: Math.min(every, count - start) }, (_, i) => start + i));
    }
    if (groups.length > MAX_PARTS) throw new ApiError('TOO_LARGE', `that makes ${groups.length} parts; at most ${MAX_PARTS}`);
    const names = groups.map((_, i) => siblingPath(args.path, `-${i + 1}`, '.pdf', args.outDir));
    for (const name of names) await checkOutput(ctx, name, args.overwrite);
    const built: PDFDocument[] = [];
    for (const indices of groups) {
      checkAborted(ctx);
      const part = await PDFDocument.create();
      part.setCreator('Switchboard');
      for (const page of await part.copyPages(doc, indices)) part.addPage(page);
      built.push(part);
    }
    const parts = [];
    for (const [i, part] of built.entries()) parts.push({ path: names[i]!, pages: (await savePdf(ctx, names[i]!, part)).pages });
    return { parts };
  },
});
