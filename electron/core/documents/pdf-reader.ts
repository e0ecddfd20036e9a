import { ApiError } from '../../../apis/sdk';
import type { ReadLimits } from './types';

interface TextItem {
  str?: string;
  hasEOL?: boolean;
}

/** A PDF's text, page by page (pdfjs-dist's legacy build runs in plain Node without a worker thread). */
export async function readPdf(bytes: Buffer, name: string, limits: ReadLimits) {
  if (bytes.subarray(0, 1024).indexOf('%PDF-') < 0) throw new ApiError('INVALID_FILE', `${name} is not a PDF (no %PDF header)`);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    const e = error as { name?: string; message?: string };
    if (e.name === 'PasswordException') throw new ApiError('INVALID_FILE', `${name} is password-protected`);
    throw new ApiError('INVALID_FILE', `${name} is not a readable PDF: ${e.message ?? String(error)}`);
  }
  try {
    const pages: { page: number; text: string }[] = [];
    let chars = 0;
    const last = Math.min(doc.numPages, limits.maxPages);
    for (let n = 1; n <= last && chars < limits.maxChars; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const text = (content.items as TextItem[])
        .map((i) => (i.str ?? '') + (i.hasEOL ? '\n' : ''))
        .join('')
        .replace(/[ \t]+\n/g, '\n')
        .trim();
      const kept = text.slice(0, limits.maxChars - chars);
      chars += kept.length;
      pages.push({ page: n, text: kept });
      page.cleanup();
    }
    return { pageCount: doc.numPages, pages, truncated: pages.length < doc.numPages || chars >= limits.maxChars };
  } finally {
    await doc.destroy();
  }
}
