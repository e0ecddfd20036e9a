import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { checkAborted, checkOutput, loadPdf, parsePages, pdfPath, readInput, siblingPath, overwrite, PDF_LIMITS, stageBytes } from './io';
import { requireTool, runTool } from './tools';

const MAX_IMAGES = 200;

export const toImages = defineApi({
  name: 'toImages',
  description: `Render PDF pages as PNG images with poppler (pdftoppm), named <name>-<page>.png beside the PDF or in outDir. The PDF is not changed.
Inputs: path, pages (1-based list such as "1-3, 5"; default every page), dpi (resolution, 36-300; 100 is screen size), outDir, overwrite.
Output: { images: [{ path, page }] }. Staged: the images reach the disk at Apply.
Errors: UNAVAILABLE ("poppler's pdftoppm is needed...") when it is not installed (Debian/Ubuntu package poppler-utils); INVALID_FILE (not a PDF, damaged, truncated or password-protected); INVALID_ARGUMENTS (a page outside the document, an image that exists); TOO_LARGE (more than ${MAX_IMAGES} pages, a page over 100 megapixels at that dpi); NOT_FOUND; PERMISSION_DENIED.`,
  parameters: z.object({
    path: pdfPath,
    pages: z.string().min(1).max(2000).optional().describe('pages to render, 1-based: "1", "2-4"; default all'),
    dpi: z.number().int().min(36).max(300).default(100).describe('resolution in dots per inch'),
    outDir: z.string().min(1).optional().describe("folder for the images; default: the PDF's folder"),
    overwrite,
  }),
  returns: z.object({
    images: z
      .array(z.object({ path: z.string().describe('a PNG written'), page: z.number().describe('its page, 1-based') }))
      .describe('one image per page, in order'),
  }),
  examples: [
    `await pdf.fromText({ output: 'flyer.pdf', text: '# Sale\\n\\nEverything half price.' });
const { images } = await pdf.toImages({ path: 'flyer.pdf', pages: '1', dpi: 72 });
log(images[0].path);`,
  ],
  composition: 'Render pages to look at them or to put them in a document (docx.createDocument image blocks, pptx slides); pdf.fromImages goes the other way.',
  effects: 'stage',
  run: async (args, ctx) => {
    const doc = await loadPdf(ctx, args.path);
    const count = doc.getPageCount();
    const pages = [...new Set(args.pages ? parsePages(args.pages, count) : doc.getPageIndices())].map((i) => i + 1);
    if (pages.length > MAX_IMAGES) throw new ApiError('TOO_LARGE', `${pages.length} pages asked; at most ${MAX_IMAGES} are rendered per call`);
    for (const p of pages) {
      const { width, height } = doc.getPage(p - 1).getSize();
      if (((width * args.dpi) / 72) * ((height * args.dpi) / 72) > 100_000_000)
        throw new ApiError('TOO_LARGE', `page ${p} would be over 100 megapixels at ${args.dpi} dpi; lower dpi`);
    }
    const targets = pages.map((p) => siblingPath(args.path, `-${p}`, '.png', args.outDir));
    for (const t of targets) await checkOutput(ctx, t, args.overwrite, '.png');
    const pdftoppm = requireTool('pdftoppm');
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-pdftoppm-'));
    try {
      await writeFile(join(dir, 'in.pdf'), await readInput(ctx, args.path, PDF_LIMITS.maxBytes));
      const rendered = new Map<number, Buffer>();
      for (const p of pages) {
        checkAborted(ctx);
        await runTool(
          ctx,
          pdftoppm,
          ['-png', '-r', String(args.dpi), '-f', String(p), '-l', String(p), '-singlefile', join(dir, 'in.pdf'), join(dir, `page-${p}`)],
          'pdftoppm',
          60_000,
        );
        const file = (await readdir(dir)).find((f) => f === `page-${p}.png`);
        if (!file) throw new ApiError('INVALID_FILE', `pdftoppm could not render page ${p} of ${args.path}`);
        rendered.set(p, await readFile(join(dir, file)));
        ctx.progress(rendered.size / pages.length, `page ${p}`);
      }
      const images = [];
      for (const [i, p] of pages.entries()) {
        await stageBytes(ctx, targets[i]!, rendered.get(p)!);
        images.push({ path: targets[i]!, page: p });
      }
      return { images };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
});
