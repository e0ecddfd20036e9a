import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { ApiError, imageInfo } from '../../../apis/sdk';
import { readCsv } from './csv-reader';
import { readDocx } from './docx-reader';
import { readPdf } from './pdf-reader';
import { readPptx } from './pptx-reader';
import { DEFAULT_READ_LIMITS, type AttachmentSummary, type ReadLimits } from './types';
import { readXlsx } from './xlsx-reader';

// Calendars (.ics), messages (.eml) and contact cards (.vcf) are text formats: their raw text is a faithful summary.
const TEXT = new Set(['.txt', '.md', '.markdown', '.json', '.log', '.xml', '.html', '.htm', '.yaml', '.yml', '.ini', '.tsv', '.ics', '.eml', '.vcf']);

/**
 * Reads a dropped file into a typed, bounded summary for the planner: tables (xlsx, csv) as schema plus a
 * sample, docx as structured text, pptx as a slide outline, pdf as text by page, images as metadata
 * (the model sees the image itself), text and markdown as text. Unknown, oversized, corrupt, encrypted
 * or bomb-like files raise ApiError (INVALID_FILE, TOO_LARGE, NOT_FOUND) with a sentence saying why.
 */
export async function readAttachment(path: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<AttachmentSummary> {
  const name = basename(path);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ApiError('NOT_FOUND', `${name} does not exist`);
  if (!info.isFile()) throw new ApiError('INVALID_ARGUMENTS', `${name} is not a file`);
  if (info.size > limits.maxBytes) throw new ApiError('TOO_LARGE', `${name} is ${info.size} bytes; attachments are read up to ${limits.maxBytes}`);
  const handle = await open(path, 'r');
  const bytes = Buffer.alloc(info.size);
  await handle.read(bytes, 0, info.size, 0).finally(() => handle.close());
  const ext = extname(name).toLowerCase();
  const base = { path, bytes: info.size };
  switch (ext) {
    case '.xlsx':
    case '.xlsm':
      return { kind: 'table', format: 'xlsx', ...base, tables: await readXlsx(bytes, name, limits) };
    case '.csv':
      return { kind: 'table', format: 'csv', ...base, tables: readCsv(decodeText(bytes, name), name, limits) };
    case '.docx':
      return { kind: 'document', format: 'docx', ...base, ...(await readDocx(bytes, name, limits)) };
    case '.pptx':
      return { kind: 'slides', format: 'pptx', ...base, slides: await readPptx(bytes, name) };
    case '.pdf':
      return { kind: 'pdf', format: 'pdf', ...base, ...(await readPdf(bytes, name, limits)) };
  }
  const image = imageInfo(bytes);
  if (image) {
    if (image.width * image.height > limits.maxPixels)
      throw new ApiError('TOO_LARGE', `${name} is ${image.width}×${image.height} pixels; the limit is ${limits.maxPixels}`);
    if (image.width === 0 || image.height === 0) throw new ApiError('INVALID_FILE', `${name} has an empty image size`);
    return { kind: 'image', format: image.type, ...base, width: image.width, height: image.height };
  }
  if (['.png', '.jpg', '.jpeg', '.gif', '.bmp', '.webp'].includes(ext)) throw new ApiError('INVALID_FILE', `${name} is not a readable ${ext.slice(1)} image`);
  if (TEXT.has(ext) || ext === '') {
    const all = decodeText(bytes, name);
    const markdown = ext === '.md' || ext === '.markdown';
    const headings = markdown ? [...all.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => m[1]!.trim()).slice(0, 200) : [];
    return {
      kind: 'text',
      format: markdown ? 'markdown' : 'text',
      ...base,
      text: all.slice(0, limits.maxChars),
      headings,
      truncated: all.length > limits.maxChars,
    };
  }
  if (['.doc', '.xls', '.ppt'].includes(ext)) throw new ApiError('INVALID_FILE', `${name} is a legacy binary Office file; save it as ${ext}x`);
  throw new ApiError('INVALID_FILE', `${name}: ${ext} files are not read (xlsx, csv, docx, pptx, pdf, images, text, markdown, .ics, .eml and .vcf are)`);
}

function decodeText(bytes: Buffer, name: string): string {
  if (bytes.subarray(0, 8192).includes(0)) throw new ApiError('INVALID_FILE', `${name} is binary, not text`);
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}
