import { ApiError } from './pack';

/** One page's text; `ocr` is true when `fillEmptyPage` supplied it because the page had no text layer. */
export interface PdfPageText {
  page: number;
  text: string;
  ocr: boolean;
}

export interface PdfTextOptions {
  maxPages: number;
  maxChars: number;
  /** Checked before each page; true stops with API_ERROR 'cancelled'. */
  cancelled?: () => boolean;
  /** Text for a page without a text layer (OCR, say), or undefined to keep it empty. */
  fillEmptyPage?: (page: number, pagesRead: number) => Promise<string | undefined>;
}

interface TextItem {
  str?: string;
  hasEOL?: boolean;
}

function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  for (let i = 0; i + 5 <= head.length; i++)
    if (head[i] === 0x25 && head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return true;
  return false;
}

/**
 * The one place PDF text is extracted (pdfjs-dist's legacy build runs in plain Node without a worker thread):
 * a file without a %PDF header, a password-protected or unreadable PDF is INVALID_FILE; text stops at the limits.
 */
export async function extractPdfText(
  bytes: Uint8Array,
  what: string,
  options: PdfTextOptions,
): Promise<{ pageCount: number; pages: PdfPageText[]; truncated: boolean }> {
  if (!hasPdfHeader(bytes)) throw new ApiError('INVALID_FILE', `${what} is not a PDF (no %PDF header)`);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    const e = error as { name?: string; message?: string };
    if (e.name === 'PasswordException') throw new ApiError('INVALID_FILE', `${what} is password-protected`);
    throw new ApiError('INVALID_FILE', `${what} is not a readable PDF: ${e.message ?? String(error)}`);
  }
  try {
    const pages: PdfPageText[] = [];
    let chars = 0;
    const last = Math.min(doc.numPages, options.maxPages);
    for (let n = 1; n <= last && chars < options.maxChars; n++) {
      if (options.cancelled?.()) throw new ApiError('API_ERROR', 'cancelled');
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = (content.items as TextItem[])
        .map((i) => (i.str ?? '') + (i.hasEOL ? '\n' : ''))
        .join('')
        .replace(/[ \t]+\n/g, '\n')
        .trim();
      const filled = !text && options.fillEmptyPage ? await options.fillEmptyPage(n, last) : undefined;
      if (filled !== undefined) text = filled;
      const kept = text.slice(0, options.maxChars - chars);
      chars += kept.length;
      pages.push({ page: n, text: kept, ocr: filled !== undefined });
      page.cleanup();
    }
    return { pageCount: doc.numPages, pages, truncated: pages.length < doc.numPages || chars >= options.maxChars };
  } finally {
    await doc.destroy();
  }
}
