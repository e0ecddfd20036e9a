import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type mammothTypes from 'mammoth';
import { ApiError } from '../../../apis/sdk';
import { openOfficeZip } from '../documents/office-zip';
import { lazyModule } from '../../../apis/sdk/lazy-module';

// mammoth: loaded when an API first uses it, not when the core starts.
const mammoth = lazyModule<typeof mammothTypes>('mammoth');

export interface DocxPreview {
  kind: 'docx';
  /** Semantic HTML (headings, paragraphs, lists, tables, inline images as data URIs); no scripts or styles. */
  html: string;
  /** What mammoth could not map (unknown styles and the like). */
  warnings: string[];
}

const MAX_PREVIEW_BYTES = 50 * 1024 * 1024;

/** HTML for a staged .docx, by mammoth, after the package guard has checked the bytes. */
export async function previewDocx(file: string): Promise<DocxPreview> {
  const name = basename(file);
  if ((await stat(file)).size > MAX_PREVIEW_BYTES) throw new ApiError('TOO_LARGE', `${name} is too large to preview`);
  const buffer = await readFile(file);
  await openOfficeZip(buffer, 'docx', name);
  try {
    const result = await mammoth.convertToHtml({ buffer }, { includeDefaultStyleMap: true });
    return { kind: 'docx', html: result.value.replace(/<script[\s\S]*?<\/script>/gi, ''), warnings: result.messages.map((m) => m.message) };
  } catch (error) {
    throw new ApiError('INVALID_FILE', `${name} could not be previewed: ${(error as Error).message}`);
  }
}
