import { readFile, stat, writeFile } from 'node:fs/promises';
import { constants, inflateRawSync } from 'node:zlib';
import type { Document as XmlDocument, Element } from '@xmldom/xmldom';
import type * as Xmldom from '@xmldom/xmldom';
import type JSZip from 'jszip';
import { ApiError, inspectOfficePackage, OFFICE_LIMITS, type ApiContext } from '../../sdk';
import { openOfficePackage, parseOfficePart } from '../../sdk/ooxml-package';
import { lazyModule } from '../../sdk/lazy-module';

const xmldom = lazyModule<typeof Xmldom>('@xmldom/xmldom');

export const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const inflatePrefix = (data: Uint8Array, maxOutput?: number): Uint8Array =>
  inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH, ...(maxOutput ? { maxOutputLength: maxOutput } : {}) });

/** The bytes of a .docx for this run (staged or real), checked before any parser sees them. */
export async function readDocxBytes(ctx: ApiContext, path: string): Promise<Buffer> {
  const bytes = await readDocxFile(ctx, path);
  inspectOfficePackage(bytes, 'docx', path, inflatePrefix);
  return bytes;
}

async function readDocxFile(ctx: ApiContext, path: string): Promise<Buffer> {
  if (!/\.(docx|docm|dotx)$/i.test(path)) throw new ApiError('INVALID_ARGUMENTS', `${path} is not a .docx file`);
  const file = await ctx.staging.readPath(path);
  const size = (await stat(file)).size;
  if (size > OFFICE_LIMITS.maxBytes) throw new ApiError('TOO_LARGE', `${path} is ${size} bytes; the limit is ${OFFICE_LIMITS.maxBytes}`);
  return readFile(file);
}

export interface OpenDocx {
  zip: JSZip;
  doc: XmlDocument;
}

/** Opens a .docx as a zip plus its parsed word/document.xml. */
export async function openDocx(ctx: ApiContext, path: string): Promise<OpenDocx> {
  const bytes = await readDocxFile(ctx, path);
  const zip = await openOfficePackage(bytes, 'docx', path, inflatePrefix, { verifyAll: true });
  return { zip, doc: await parsePart(zip, 'word/document.xml', path) };
}

export async function parsePart(zip: JSZip, name: string, path: string): Promise<XmlDocument> {
  const doc = await parseOfficePart(zip, name, path);
  if (!doc) throw new ApiError('INVALID_FILE', `${path} has no ${name}`);
  return doc;
}

export function serialize(doc: XmlDocument): string {
  return new xmldom.XMLSerializer().serializeToString(doc);
}

/** Stages bytes as the .docx `path`. Call last, after every check passed. */
export async function saveDocx(ctx: ApiContext, path: string, bytes: Uint8Array): Promise<void> {
  if (!/\.docx$/i.test(path)) throw new ApiError('INVALID_ARGUMENTS', `${path} must end in .docx`);
  const staged = await ctx.staging.stageFile(path, 'docx');
  await writeFile(staged, bytes);
}

export async function zipBytes(zip: JSZip): Promise<Uint8Array> {
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** Child elements with a w: local name. */
export function children(el: Element, local: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling)
    if (n.nodeType === 1 && (local === '*' || (n as Element).localName === local) && (n as Element).namespaceURI === W) out.push(n as Element);
  return out;
}

export function descendants(el: Element | XmlDocument, local: string): Element[] {
  return Array.from(el.getElementsByTagNameNS(W, local));
}

/** The visible text of a paragraph (w:t, tabs and breaks). */
export function paragraphText(p: Element): string {
  let text = '';
  for (const node of descendants(p, '*')) {
    if (node.localName === 't') text += node.textContent ?? '';
    else if (node.localName === 'tab') text += '\t';
    else if (node.localName === 'br') text += '\n';
  }
  return text;
}

/** The paragraph's style id (w:pStyle), if any. */
export function paragraphStyle(p: Element): string | undefined {
  const pPr = children(p, 'pPr')[0];
  const style = pPr && children(pPr, 'pStyle')[0];
  return style?.getAttributeNS(W, 'val') ?? style?.getAttribute('w:val') ?? undefined;
}

/** Heading level 1-9 from a Heading/Title style or an outline level, else undefined. */
export function headingLevel(p: Element): number | undefined {
  const style = paragraphStyle(p) ?? '';
  const m = /^(?:heading|berschrift|titre)\s*(\d)$/i.exec(style.replace(/[ _-]/g, ''));
  if (m) return Number(m[1]);
  if (/^title$/i.test(style)) return 1;
  const pPr = children(p, 'pPr')[0];
  const outline = pPr && children(pPr, 'outlineLvl')[0];
  const val = outline?.getAttribute('w:val');
  return val !== undefined && val !== null && val !== '' ? Number(val) + 1 : undefined;
}

export function body(doc: XmlDocument): Element {
  const b = descendants(doc, 'body')[0];
  if (!b) throw new ApiError('INVALID_FILE', 'the document has no body');
  return b;
}
