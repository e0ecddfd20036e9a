import type { Document as XmlDocument } from '@xmldom/xmldom';
import type * as Xmldom from '@xmldom/xmldom';
import type JSZip from 'jszip';
import { errorMessage } from './error-message';
import { inspectOfficePackage, OFFICE_LIMITS, zipEntries, type InflatePrefix, type OfficeKind } from './office-guard';
import { ApiError } from './pack';
import { lazyModule } from './lazy-module';

const Zip = lazyModule<typeof JSZip>('jszip');
const xmldom = lazyModule<typeof Xmldom>('@xmldom/xmldom');

/**
 * The one table of hostile-file limits for reading Office packages: the zip-level limits the guard checks
 * (OFFICE_LIMITS, office-guard.ts) plus what the readers here add on top of them.
 */
export const OOXML_LIMITS = {
  ...OFFICE_LIMITS,
  /** One XML or rels part read whole into a DOM; checked from the zip directory and again while inflating. */
  xmlPartBytes: 30 * 1024 * 1024,
  /** A binary part (an image) a preview reads; a larger one is left out of the preview. */
  previewImageBytes: 10 * 1024 * 1024,
} as const;

export interface OpenOfficeOptions {
  /**
   * Inflate every part once at open (capped, checksum-checked), so a damaged part the caller never reads is
   * still refused before it is copied into a new file. Off for readers that touch only some parts.
   */
  verifyAll?: boolean;
}

/**
 * The one home for opening an Office package, shared by packs and core: size, encryption and signature first
 * (messages name the kind), then declared part sizes, then the guard (office-guard.ts: directory, bombs,
 * DTDs) before JSZip sees the bytes. `inflate` is injected because the sdk runs without Node (callers pass
 * zlib's inflateRawSync with a sync flush). Parts are inflated later, each capped (sizes in a zip can lie).
 */
export async function openOfficePackage(
  bytes: Uint8Array,
  kind: OfficeKind,
  what: string,
  inflate: InflatePrefix,
  options: OpenOfficeOptions = {},
): Promise<JSZip> {
  checkEnvelope(bytes, kind, what);
  checkDeclaredPartSizes(bytes, what);
  inspectOfficePackage(bytes, kind, what, inflate, OOXML_LIMITS);
  const zip = await Zip.loadAsync(bytes, { checkCRC32: false }).catch((error: Error) => {
    throw new ApiError('INVALID_FILE', `${what} is a damaged zip package (${firstLine(error)})`);
  });
  if (options.verifyAll) {
    for (const file of Object.values(zip.files))
      if (!file.dir) await readOfficePart(zip, file.name, what, /\.(xml|rels)$/i.test(file.name) ? OOXML_LIMITS.xmlPartBytes : OOXML_LIMITS.maxEntryBytes);
  }
  return zip;
}

function checkEnvelope(bytes: Uint8Array, kind: OfficeKind, what: string): void {
  if (bytes.length > OOXML_LIMITS.maxBytes) throw new ApiError('TOO_LARGE', `${what} is ${mb(bytes.length)}; the limit is ${mb(OOXML_LIMITS.maxBytes)}`);
  if (bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new ApiError(
      'INVALID_FILE',
      `${what} is an OLE compound file: a password-protected (encrypted) or legacy binary Office file. Remove the password or save it as .${kind} first`,
    );
  }
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new ApiError('INVALID_FILE', `${what} is not a .${kind} (it is not a zip package)`);
}

/** An XML part too big for a DOM is refused by its declared size, naming the size, before any ratio check. */
function checkDeclaredPartSizes(bytes: Uint8Array, what: string): void {
  let entries;
  try {
    entries = zipEntries(bytes, what, { ...OOXML_LIMITS, maxEntryBytes: Number.POSITIVE_INFINITY, maxRatio: Number.POSITIVE_INFINITY });
  } catch (error) {
    if (error instanceof ApiError && /truncated|corrupt/.test(error.message)) {
      throw new ApiError('INVALID_FILE', `${what} is a damaged zip package (${error.message.replace(`${what} `, 'it ')})`);
    }
    throw error;
  }
  for (const entry of entries) {
    if (/\.(xml|rels)$/i.test(entry.name) && entry.uncompressedSize > OOXML_LIMITS.xmlPartBytes) {
      throw new ApiError(
        'TOO_LARGE',
        `${what}: part ${entry.name} unpacks to ${mb(entry.uncompressedSize)}; the limit for one XML part is ${mb(OOXML_LIMITS.xmlPartBytes)}`,
      );
    }
  }
}

/** Uncompressed bytes of a part, its real size capped while it inflates and its checksum checked. */
export async function readOfficePart(zip: JSZip, part: string, what: string, limit: number): Promise<Uint8Array> {
  const file = zip.file(part);
  if (!file) throw new ApiError('INVALID_FILE', `${what} has no part ${part}`);
  const data = (file as unknown as { _data?: { uncompressedSize?: number; crc32?: number } })._data;
  if ((data?.uncompressedSize ?? 0) > limit)
    throw new ApiError('TOO_LARGE', `${what}: part ${part} unpacks to ${mb(data!.uncompressedSize!)}; the limit is ${mb(limit)}`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    const stream = (file as unknown as { internalStream(type: 'uint8array'): StreamHelper }).internalStream('uint8array');
    stream
      .on('data', (chunk: Uint8Array) => {
        size += chunk.length;
        if (size > limit) {
          stream.pause();
          reject(new ApiError('TOO_LARGE', `${what}: part ${part} unpacks past ${mb(limit)}`));
          return;
        }
        chunks.push(chunk);
      })
      .on('error', (error: Error) => reject(new ApiError('INVALID_FILE', `${what}: part ${part} is damaged (${firstLine(error)})`)))
      .on('end', () => resolve());
    stream.resume();
  });
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  if (typeof data?.crc32 === 'number' && crc32(out) !== data.crc32 >>> 0)
    throw new ApiError('INVALID_FILE', `${what}: part ${part} is corrupted (its checksum does not match)`);
  return out;
}

/** Parses one XML part, or undefined when the package lacks it; a part that does not inflate or parse is INVALID_FILE. */
export async function parseOfficePart(zip: JSZip, part: string, what: string): Promise<XmlDocument | undefined> {
  if (!zip.file(part)) return undefined;
  const text = new TextDecoder('utf-8').decode(await readOfficePart(zip, part, what, OOXML_LIMITS.xmlPartBytes));
  return parseOfficeXml(text, `${what}: ${part}`);
}

/** Parses XML text of a package part. DTDs are refused outright: OOXML never has one, and entities are the bomb vector. */
export function parseOfficeXml(text: string, what: string): XmlDocument {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new ApiError('INVALID_FILE', `${what} declares a DTD or entities, which Office files never do; refused`);
  let failed = '';
  let doc: XmlDocument | undefined;
  try {
    doc = new xmldom.DOMParser({ onError: (level, message) => void (level !== 'warning' && (failed ||= message)) }).parseFromString(
      text.replace(/^[\uFEFF\s]+/, ''),
      'application/xml',
    );
  } catch (error) {
    failed ||= errorMessage(error);
  }
  if (failed || !doc?.documentElement) throw new ApiError('INVALID_FILE', `${what} is not well-formed XML (${(failed || 'no root element').split('\n')[0]})`);
  return doc;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function firstLine(error: unknown): string {
  return errorMessage(error).split('\n')[0]!.slice(0, 200);
}

interface StreamHelper {
  on(event: 'data', cb: (chunk: Uint8Array) => void): StreamHelper;
  on(event: 'error', cb: (error: Error) => void): StreamHelper;
  on(event: 'end', cb: () => void): StreamHelper;
  pause(): StreamHelper;
  resume(): StreamHelper;
}

let crcTable: Uint32Array | undefined;
/** CRC-32 (the zip checksum), in plain TypeScript because the sdk has no zlib. */
function crc32(bytes: Uint8Array): number {
  const table = (crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  }));
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
