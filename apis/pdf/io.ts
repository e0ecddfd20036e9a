import { readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, basename, extname, join } from 'node:path';
import type * as PdfLibModule from 'pdf-lib';
import { z } from 'zod';
import { ApiError, type ApiContext, existsInRun } from '../sdk';
import { lazyModule } from '../sdk/lazy-module';

// pdf-lib: loaded when an API first uses it, not when the pack is listed.
const EncryptedPDFError = lazyModule<typeof PdfLibModule.EncryptedPDFError>('pdf-lib', (m) => m.EncryptedPDFError);
const PDFDocument = lazyModule<typeof PdfLibModule.PDFDocument>('pdf-lib', (m) => m.PDFDocument);
type PDFDocument = PdfLibModule.PDFDocument;

/** Limits every pdf API shares: larger inputs are refused before pdf-lib parses them. */
export const PDF_LIMITS = { maxBytes: 100 * 1024 * 1024, maxPages: 2000 };

export const pdfPath = z.string().min(1).describe('a .pdf file, relative to the first granted folder or absolute inside a granted folder');
export const outputPdf = z.string().min(1).describe('the .pdf file to write (staged; it reaches the disk at Apply)');
export const overwrite = z.boolean().default(false).describe('replace an existing file; otherwise an existing output is an error');

/** Reads `path` (this run's staged version first) with a size limit. */
export async function readInput(ctx: ApiContext, path: string, maxBytes: number): Promise<Buffer> {
  const file = await ctx.staging.readPath(path);
  const size = (await stat(file)).size;
  if (size > maxBytes)
    throw new ApiError('TOO_LARGE', `${path} is ${Math.round(size / 1024 / 1024)} MB; at most ${Math.round(maxBytes / 1024 / 1024)} MB is read`);
  return readFile(file);
}

/**
 * Checks raw bytes BEFORE pdf-lib parses them: a %PDF header, an %%EOF end marker (a cut file has none)
 * and no page tree that claims more than the page limit (a page-count bomb needs no real pages to claim them).
 */
export function checkPdfBytes(bytes: Uint8Array, what: string): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length === 0) throw new ApiError('INVALID_FILE', `${what} is empty`);
  if (buf.subarray(0, 1024).indexOf('%PDF-') < 0) throw new ApiError('INVALID_FILE', `${what} is not a PDF (no %PDF header)`);
  if (buf.subarray(Math.max(0, buf.length - 4096)).indexOf('%%EOF') < 0)
    throw new ApiError('INVALID_FILE', `${what} is truncated or damaged (no %%EOF end marker)`);
  const text = buf.toString('latin1');
  for (const m of text.matchAll(/\/Count\s+(\d{1,20})/g)) {
    const claimed = Number(m[1]);
    if (claimed > PDF_LIMITS.maxPages) throw new ApiError('TOO_LARGE', `${what} claims ${claimed} pages; at most ${PDF_LIMITS.maxPages} are handled`);
  }
}

/** Parses a PDF for editing; refuses encrypted, damaged, empty and over-long documents with a clear reason. */
export async function loadPdf(ctx: ApiContext, path: string): Promise<PDFDocument> {
  const bytes = await readInput(ctx, path, PDF_LIMITS.maxBytes);
  return parsePdf(bytes, path);
}

export async function parsePdf(bytes: Uint8Array, what: string): Promise<PDFDocument> {
  checkPdfBytes(bytes, what);
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false });
  } catch (error) {
    if (error instanceof EncryptedPDFError || /\bis encrypted\b/.test((error as Error).message))
      throw new ApiError('INVALID_FILE', `${what} is password-protected (encrypted); open it with its password and save an unprotected copy first`);
    throw new ApiError('INVALID_FILE', `${what} is not a readable PDF: ${(error as Error).message}`);
  }
  let pages: number;
  try {
    pages = doc.getPageCount();
  } catch (error) {
    throw new ApiError('INVALID_FILE', `${what} has a damaged page tree: ${(error as Error).message}`);
  }
  if (pages === 0) throw new ApiError('INVALID_FILE', `${what} has no readable pages (damaged or truncated)`);
  if (pages > PDF_LIMITS.maxPages) throw new ApiError('TOO_LARGE', `${what} has ${pages} pages; at most ${PDF_LIMITS.maxPages} are handled`);
  return doc;
}

/** Refuses a non-.pdf output name, or an existing output without overwrite. Call before any work is staged. */
export async function checkOutput(ctx: ApiContext, path: string, replace: boolean, ext = '.pdf'): Promise<void> {
  if (extname(path).toLowerCase() !== ext) throw new ApiError('INVALID_ARGUMENTS', `${path} must end in ${ext}`);
  await ctx.staging.resolve(path);
  if (!replace && (await existsInRun(ctx, path))) throw new ApiError('INVALID_ARGUMENTS', `${path} exists; pass overwrite: true to replace it`);
}

/** Stages finished bytes as `path`. Call last, after every check passed. */
export async function stageBytes(ctx: ApiContext, path: string, bytes: Uint8Array): Promise<number> {
  const staged = await ctx.staging.stageFile(path, 'other');
  await writeFile(staged, bytes);
  return bytes.byteLength;
}

/** Saves a document without object streams, so every reader (old poppler too) opens it. */
export async function savePdf(ctx: ApiContext, path: string, doc: PDFDocument): Promise<{ bytes: number; pages: number }> {
  const bytes = await doc.save({ useObjectStreams: false });
  return { bytes: await stageBytes(ctx, path, bytes), pages: doc.getPageCount() };
}

/**
 * Parses a page list such as "1-3, 5, 8-" (1-based, inclusive; an open end runs to the last page) into
 * 0-based indices in the order given. Refuses pages outside 1..pageCount.
 */
export function parsePages(spec: string, pageCount: number): number[] {
  const out: number[] = [];
  for (const part of spec.split(',').map((p) => p.trim())) {
    const m = /^(\d+)?\s*(-)?\s*(\d+)?$/.exec(part);
    if (!part || !m || (!m[1] && !m[3])) throw new ApiError('INVALID_ARGUMENTS', `"${part}" in "${spec}" is not a page or page range such as 2 or 3-5`);
    const from = m[1] ? Number(m[1]) : 1;
    const to = m[2] ? (m[3] ? Number(m[3]) : pageCount) : from;
    if (from < 1 || to < 1 || from > pageCount || to > pageCount)
      throw new ApiError('INVALID_ARGUMENTS', `pages ${part} lie outside the document (pages 1-${pageCount})`);
    if (from > to) throw new ApiError('INVALID_ARGUMENTS', `page range ${part} runs backwards`);
    for (let p = from; p <= to; p++) out.push(p - 1);
  }
  return out;
}

/** `dir/stem-suffix.ext` beside `path`, or inside `outDir` when given. */
export function siblingPath(path: string, suffix: string, ext: string, outDir?: string): string {
  const stem = basename(path, extname(path));
  return join(outDir ?? dirname(path), `${stem}${suffix}${ext}`);
}

/** Throws API_ERROR "cancelled" once the run is aborted. */
export function checkAborted(ctx: ApiContext): void {
  if (ctx.signal.aborted) throw new ApiError('API_ERROR', 'cancelled');
}

export { existsInRun };
