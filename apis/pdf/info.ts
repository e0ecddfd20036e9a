import type * as PdfLibModule from 'pdf-lib';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { checkPdfBytes, PDF_LIMITS, pdfPath, readInput } from './io';
import { lazyModule } from '../sdk/lazy-module';

// pdf-lib: loaded when an API first uses it, not when the pack is listed.
const PDFDocument = lazyModule<typeof PdfLibModule.PDFDocument>('pdf-lib', (m) => m.PDFDocument);
type PDFDocument = PdfLibModule.PDFDocument;

export const info = defineApi({
  name: 'info',
  description: `Facts about a PDF without changing it: page count, title, author, subject, creator, producer, whether it is encrypted (password-protected; the other pdf APIs refuse such files), and the first page's size in points (1/72 inch). Reads this program's staged version when it wrote the file.
Inputs: path.
Output: { path, pages, encrypted, title, author, subject, creator, producer (null when unset or encrypted), width, height, bytes }.
Errors: INVALID_FILE (not a PDF, truncated or damaged), TOO_LARGE (over 100 MB or ${PDF_LIMITS.maxPages} pages), NOT_FOUND, PERMISSION_DENIED.`,
  parameters: z.object({ path: pdfPath }),
  returns: z.object({
    path: z.string().describe('the PDF read'),
    pages: z.number().describe('number of pages'),
    encrypted: z.boolean().describe('password-protected: other pdf APIs refuse it'),
    title: z.string().nullable().describe('document title from its properties'),
    author: z.string().nullable().describe('author from its properties'),
    subject: z.string().nullable().describe('subject from its properties'),
    creator: z.string().nullable().describe('the application that made the original'),
    producer: z.string().nullable().describe('the application that wrote the PDF'),
    width: z.number().describe('first page width in points'),
    height: z.number().describe('first page height in points'),
    bytes: z.number().describe('file size'),
  }),
  examples: [
    `const facts = await pdf.info({ path: 'contract.pdf' });
if (facts.encrypted) log('contract.pdf is password-protected');
else log(\`\${facts.pages} pages, title \${facts.title ?? '(none)'}\`);`,
  ],
  composition: 'Check a PDF before pdf.split, pdf.extractPages or pdf.toImages (page count, encryption); read its text with fs.readPdfText.',
  effects: 'read',
  run: async (args, ctx) => {
    const bytes = await readInput(ctx, args.path, PDF_LIMITS.maxBytes);
    checkPdfBytes(bytes, args.path);
    let doc: PDFDocument;
    try {
      doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
    } catch (error) {
      throw new ApiError('INVALID_FILE', `${args.path} is not a readable PDF: ${(error as Error).message}`);
    }
    let pages: number;
    try {
      pages = doc.getPageCount();
    } catch (error) {
      throw new ApiError('INVALID_FILE', `${args.path} has a damaged page tree: ${(error as Error).message}`);
    }
    if (pages === 0) throw new ApiError('INVALID_FILE', `${args.path} has no readable pages (damaged or truncated)`);
    if (pages > PDF_LIMITS.maxPages) throw new ApiError('TOO_LARGE', `${args.path} has ${pages} pages; at most ${PDF_LIMITS.maxPages} are handled`);
    const encrypted = doc.isEncrypted;
    const prop = (get: () => string | undefined): string | null => {
      if (encrypted) return null;
      try {
        return get() ?? null;
      } catch {
        return null;
      }
    };
    const { width, height } = doc.getPage(0).getSize();
    return {
      path: args.path,
      pages,
      encrypted,
      title: prop(() => doc.getTitle()),
      author: prop(() => doc.getAuthor()),
      subject: prop(() => doc.getSubject()),
      creator: prop(() => doc.getCreator()),
      producer: prop(() => doc.getProducer()),
      width: Math.round(width * 100) / 100,
      height: Math.round(height * 100) / 100,
      bytes: bytes.length,
    };
  },
});
