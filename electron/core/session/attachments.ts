import { open, readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { ContentPart } from '../model/provider';
import type { AttachmentSummary } from './planner-prompts';

/**
 * Attachment summaries for the prompts. SEAM: the document readers (xlsx, docx, pptx, pdf) are built
 * elsewhere; until they are handed in as `AttachmentReader`, a summary is the file's metadata plus
 * the start of a text file's content.
 */
export type AttachmentReader = (path: string, signal?: AbortSignal) => Promise<string | undefined>;

const TEXT_EXTENSIONS = new Set(['.txt', '.md', '.csv', '.tsv', '.json', '.ics', '.eml', '.html', '.xml', '.log', '.yaml', '.yml']);
const IMAGE_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };
const HEAD_BYTES = 600;
const MAX_IMAGE_BYTES = 8 * 1024 * 1024;

export function isImage(path: string): boolean {
  return extname(path).toLowerCase() in IMAGE_TYPES;
}

async function head(path: string, bytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(bytes), 0, bytes, 0);
    return buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/\uFFFD+$/, '');
  } finally {
    await handle.close();
  }
}

/** A simple summary: name, kind and size, and for text files their first lines. */
export async function summarizeAttachment(path: string, reader?: AttachmentReader, signal?: AbortSignal): Promise<AttachmentSummary> {
  const name = basename(path);
  const info = await stat(path);
  const ext = extname(path).toLowerCase();
  const meta = `${ext.slice(1) || 'file'}, ${info.size} bytes`;
  const read = reader ? await reader(path, signal) : undefined;
  if (read) return { name, summary: `${meta}. ${read}` };
  if (TEXT_EXTENSIONS.has(ext)) {
    const text = (await head(path, HEAD_BYTES)).replace(/\s+/g, ' ').trim();
    return { name, summary: `${meta}. Starts: ${text}${info.size > HEAD_BYTES ? ' …' : ''}` };
  }
  return { name, summary: `${meta}. (Its content is not summarised yet; pass it to the APIs by its attachment handle.)` };
}

/** An image attachment as a message part (a data: URL); undefined when it is too large. */
export async function imagePart(path: string): Promise<ContentPart | undefined> {
  const info = await stat(path);
  if (info.size > MAX_IMAGE_BYTES) return undefined;
  const type = IMAGE_TYPES[extname(path).toLowerCase()]!;
  return { type: 'image', url: `data:${type};base64,${(await readFile(path)).toString('base64')}`, detail: 'auto' };
}
