import { extractPdfText } from '../../../apis/sdk/pdf-text';
import type { ReadLimits } from './types';

/** A PDF's text, page by page (the sdk's one PDF text extractor). */
export async function readPdf(bytes: Buffer, name: string, limits: ReadLimits) {
  const read = await extractPdfText(new Uint8Array(bytes), name, { maxPages: limits.maxPages, maxChars: limits.maxChars });
  return { pageCount: read.pageCount, pages: read.pages.map(({ page, text }) => ({ page, text })), truncated: read.truncated };
}
