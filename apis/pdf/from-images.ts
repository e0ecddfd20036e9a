import type * as PdfLibModule from 'pdf-lib';
import { z } from 'zod';
import { ApiError, defineApi, imageInfo } from '../sdk';
import { checkAborted, checkOutput, outputPdf, overwrite, readInput, savePdf } from './io';
import { lazyModule } from '../sdk/lazy-module';

// pdf-lib: loaded when an API first uses it, not when the pack is listed.
const PageSizes = lazyModule<typeof PdfLibModule.PageSizes>('pdf-lib', (m) => m.PageSizes);
const PDFDocument = lazyModule<typeof PdfLibModule.PDFDocument>('pdf-lib', (m) => m.PDFDocument);

const MAX_IMAGES = 500;
const MAX_IMAGE_BYTES = 50 * 1024 * 1024;
const MAX_PIXELS = 50_000_000;
const MAX_TOTAL_BYTES = 300 * 1024 * 1024;

export const fromImages = defineApi({
  name: 'fromImages',
  description: `Make a PDF with one page per image (PNG or JPEG, e.g. scans or photos), in the order given (pdf-lib; no LibreOffice). pageSize "fit" makes each page the image's size; A4 or Letter centres the image on the paper with a margin, scaled down to fit (never up), in its orientation.
Inputs: images (paths), output, pageSize, overwrite.
Output: { path, pages, bytes }. Staged: reaches the disk at Apply.
Errors: INVALID_ARGUMENTS (not PNG/JPEG, output exists or not .pdf), INVALID_FILE (a damaged image), TOO_LARGE (over ${MAX_IMAGES} images, an image over 50 MB or ${MAX_PIXELS / 1_000_000} megapixels), NOT_FOUND, PERMISSION_DENIED.`,
  parameters: z.object({
    images: z.array(z.string().min(1)).min(1).max(MAX_IMAGES).describe('PNG or JPEG files, one page each, in order'),
    output: outputPdf,
    pageSize: z
      .enum(['fit', 'A4', 'Letter'])
      .default('A4')
      .describe('fit: the page is the image size (72 pixels per inch); A4/Letter: the image is centred on the paper'),
    overwrite,
  }),
  returns: z.object({
    path: z.string().describe('the PDF written'),
    pages: z.number().describe('pages in the PDF'),
    bytes: z.number().describe('size of the PDF'),
  }),
  examples: [`await pdf.fromImages({ images: ['scans/page1.png', 'scans/page2.jpg'], output: 'scans/scan.pdf' });`],
  composition: 'Find the images with fs.list or fs.search (sort them by name for page order), then make one PDF here. pdf.toImages goes the other way.',
  effects: 'stage',
  run: async (args, ctx) => {
    await checkOutput(ctx, args.output, args.overwrite);
    const doc = await PDFDocument.create();
    doc.setCreator('Switchboard');
    let total = 0;
    for (const path of args.images) {
      checkAborted(ctx);
      const bytes = await readInput(ctx, path, MAX_IMAGE_BYTES);
      total += bytes.length;
      if (total > MAX_TOTAL_BYTES) throw new ApiError('TOO_LARGE', `the images add up to more than ${MAX_TOTAL_BYTES / 1024 / 1024} MB`);
      const info = imageInfo(bytes);
      if (!info || (info.type !== 'png' && info.type !== 'jpg'))
        throw new ApiError(
          'INVALID_ARGUMENTS',
          `${path} is ${info ? `a ${info.type} image` : 'not an image'}; only PNG and JPEG are placed (convert it first)`,
        );
      if (info.width * info.height > MAX_PIXELS)
        throw new ApiError('TOO_LARGE', `${path} is ${info.width}x${info.height} pixels; at most ${MAX_PIXELS / 1_000_000} megapixels`);
      if (info.width === 0 || info.height === 0) throw new ApiError('INVALID_FILE', `${path} has no pixels`);
      let image;
      try {
        image = info.type === 'png' ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
      } catch (error) {
        throw new ApiError('INVALID_FILE', `${path} is a damaged ${info.type.toUpperCase()}: ${(error as Error).message}`);
      }
      if (args.pageSize === 'fit') {
        doc.addPage([image.width, image.height]).drawImage(image, { x: 0, y: 0, width: image.width, height: image.height });
        continue;
      }
      const paper = args.pageSize === 'A4' ? PageSizes.A4 : PageSizes.Letter;
      const [w, h] = image.width > image.height ? [paper[1], paper[0]] : paper;
      const margin = 36;
      const scale = Math.min(1, (w - margin * 2) / image.width, (h - margin * 2) / image.height);
      const dw = image.width * scale;
      const dh = image.height * scale;
      doc.addPage([w, h]).drawImage(image, { x: (w - dw) / 2, y: (h - dh) / 2, width: dw, height: dh });
    }
    const saved = await savePdf(ctx, args.output, doc);
    return { path: args.output, ...saved };
  },
});
