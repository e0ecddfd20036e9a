import { ApiError } from './pack';

/**
 * Checks an Office Open XML package (xlsx, docx, pptx) BEFORE any library parses it: a readable zip whose
 * central directory fits the file, no encrypted (password-protected, OLE compound) container, bounded
 * entry count and uncompressed size, no entry that inflates like a bomb, the part the kind needs, and no
 * DTD in any XML part (entity-expansion bombs live there). Pure TypeScript over bytes, so packs and core share it.
 */

export type OfficeKind = 'xlsx' | 'docx' | 'pptx';

export interface OfficeLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  maxEntries: number;
  /** Sum of the uncompressed sizes of all entries. */
  maxUncompressedBytes: number;
  /**
   * Largest uncompressed size of any one entry, whatever its ratio: a part is read whole into one string
   * or DOM, so its absolute size (not only its ratio) is what a parser's memory must survive.
   */
  maxEntryBytes?: number;
  /** Largest uncompressed/compressed ratio for an entry above 1 MB (deflate of real XML stays well below). */
  maxRatio: number;
}

/**
 * The one table of hostile-file limits for Office packages and archives. A 100k-row, 10-column sheet's
 * XML is about 30 MB; a part of 128 MB or more is refused before any library inflates it.
 */
export const OFFICE_LIMITS: Required<OfficeLimits> = {
  maxBytes: 200 * 1024 * 1024,
  maxEntries: 20_000,
  maxUncompressedBytes: 512 * 1024 * 1024,
  maxEntryBytes: 128 * 1024 * 1024,
  maxRatio: 250,
};

export interface ZipEntryInfo {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the entry's local header. */
  offset: number;
}

const MAIN_PART: Record<OfficeKind, string> = { xlsx: 'xl/workbook.xml', docx: 'word/document.xml', pptx: 'ppt/presentation.xml' };
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PROLOG_BYTES = 2048;
/** Largest prolog (declaration, comments, processing instructions, whitespace) read before a part's root element. */
export const PROLOG_LIMIT = 64 * 1024;

/**
 * Inflates raw deflate (a prefix may be cut mid-stream) into the bytes it yields; callers pass zlib with a sync
 * flush. With `maxOutput` it must stop (throw) once the output would pass that many bytes (zlib's maxOutputLength).
 */
export type InflatePrefix = (compressed: Uint8Array, maxOutput?: number) => Uint8Array;

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}
function ascii(b: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length && i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** Lists the entries of a zip from its central directory, refusing anything malformed. */
export function zipEntries(bytes: Uint8Array, what: string, limits: OfficeLimits = OFFICE_LIMITS): ZipEntryInfo[] {
  if (bytes.length === 0) throw new ApiError('INVALID_FILE', `${what} is empty`);
  if (bytes.length > limits.maxBytes) throw new ApiError('TOO_LARGE', `${what} is ${bytes.length} bytes; the limit is ${limits.maxBytes}`);
  if (OLE.every((v, i) => bytes[i] === v)) {
    throw new ApiError(
      'INVALID_FILE',
      `${what} is password-protected (an encrypted OLE container) or a legacy binary Office file; save it unprotected as .xlsx/.docx/.pptx`,
    );
  }
  if (u32(bytes, 0) !== 0x04034b50) throw new ApiError('INVALID_FILE', `${what} is not a zip package (wrong signature)`);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ApiError('INVALID_FILE', `${what} is truncated or corrupt: no zip end record`);
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (count > limits.maxEntries) throw new ApiError('TOO_LARGE', `${what} has ${count} zip entries; the limit is ${limits.maxEntries}`);
  if (cdOffset + cdSize > eocd) throw new ApiError('INVALID_FILE', `${what} is truncated or corrupt: the zip directory lies outside the file`);
  const entries: ZipEntryInfo[] = [];
  let p = cdOffset;
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || u32(bytes, p) !== 0x02014b50) throw new ApiError('INVALID_FILE', `${what} is corrupt: bad zip directory entry ${n}`);
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const compressedSize = u32(bytes, p + 20);
    const uncompressedSize = u32(bytes, p + 24);
    const nameLength = u16(bytes, p + 28);
    const extraLength = u16(bytes, p + 30);
    const commentLength = u16(bytes, p + 32);
    const offset = u32(bytes, p + 42);
    const name = ascii(bytes, p + 46, nameLength);
    if (flags & 1) throw new ApiError('INVALID_FILE', `${what} is password-protected (zip entry ${name} is encrypted)`);
    if (method !== 0 && method !== 8) throw new ApiError('INVALID_FILE', `${what} uses an unsupported zip compression (${method}) for ${name}`);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) throw new ApiError('TOO_LARGE', `${what} needs zip64 (an entry over 4 GB)`);
    if (offset + 30 > cdOffset || u32(bytes, offset) !== 0x04034b50)
      throw new ApiError('INVALID_FILE', `${what} is corrupt: entry ${name} points outside the data`);
    const dataStart = offset + 30 + u16(bytes, offset + 26) + u16(bytes, offset + 28);
    if (dataStart + compressedSize > cdOffset) throw new ApiError('INVALID_FILE', `${what} is truncated: entry ${name} runs past the data`);
    const maxEntry = limits.maxEntryBytes ?? OFFICE_LIMITS.maxEntryBytes;
    if (uncompressedSize > maxEntry)
      throw new ApiError('TOO_LARGE', `${what}: ${name} inflates to ${uncompressedSize} bytes; the limit for one part is ${maxEntry}`);
    total += uncompressedSize;
    if (total > limits.maxUncompressedBytes) throw new ApiError('TOO_LARGE', `${what} inflates to more than ${limits.maxUncompressedBytes} bytes`);
    if (uncompressedSize > 1024 * 1024 && uncompressedSize > compressedSize * limits.maxRatio) {
      throw new ApiError('TOO_LARGE', `${what} looks like a zip bomb: ${name} inflates ${Math.round(uncompressedSize / Math.max(1, compressedSize))} times`);
    }
    entries.push({ name, method, compressedSize, uncompressedSize, offset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The first bytes of an entry's content (inflated when compressed), from at most `compressedLength` stored bytes. */
export function entryPrefix(bytes: Uint8Array, entry: ZipEntryInfo, inflate: InflatePrefix, length = PROLOG_BYTES, compressedLength = length): Uint8Array {
  const dataStart = entry.offset + 30 + u16(bytes, entry.offset + 26) + u16(bytes, entry.offset + 28);
  if (entry.compressedSize === 0) return new Uint8Array(0);
  if (entry.method === 0) return bytes.subarray(dataStart, dataStart + Math.min(length, entry.compressedSize));
  const compressed = bytes.subarray(dataStart, dataStart + Math.min(entry.compressedSize, compressedLength));
  return inflate(compressed).subarray(0, length);
}

/** The ASCII characters of XML bytes (UTF-8, or UTF-16 of either order), anything else as U+FFFD. */
function xmlAscii(b: Uint8Array): string {
  const le = (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0x3c && b[1] === 0);
  const be = (b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0 && b[1] === 0x3c);
  if (!le && !be) return ascii(b, b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0, b.length).replace(/[\x80-\xff]/g, '\ufffd');
  let s = '';
  for (let i = le && b[0] === 0xff ? 2 : be && b[0] === 0xfe ? 2 : 0; i + 1 < b.length; i += 2) {
    const [lo, hi] = le ? [b[i]!, b[i + 1]!] : [b[i + 1]!, b[i]!];
    s += hi === 0 && lo < 0x80 ? String.fromCharCode(lo) : '\ufffd';
  }
  return s;
}

/**
 * Reads an XML prolog (declaration, comments, processing instructions, whitespace): `root` when the root
 * element starts, `dtd` at any other markup declaration before it (DOCTYPE, ENTITY), `more` when the text
 * ends inside the prolog, `text` when something that is not XML markup comes first.
 */
export function prologState(text: string): 'root' | 'dtd' | 'more' | 'text' {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
    if (i >= text.length) return 'more';
    if (text[i] !== '<') return 'text';
    if (text.startsWith('<?', i) || text.startsWith('<!--', i)) {
      const close = text.startsWith('<?', i) ? '?>' : '-->';
      const end = text.indexOf(close, i + 2);
      if (end < 0) return 'more';
      i = end + close.length;
      continue;
    }
    if (i + 4 > text.length && '<!--'.startsWith(text.slice(i))) return 'more';
    return text[i + 1] === '!' ? 'dtd' : 'root';
  }
}

const DTD_MESSAGE = 'declares a DTD or entities, which Office files never need; refused before parsing';

/** Refuses XML that declares a DTD: entity expansion ("billion laughs") and external entities need one. */
export function assertNoDtd(prolog: Uint8Array | string, what: string): void {
  const text = typeof prolog === 'string' ? prolog.slice(0, PROLOG_LIMIT) : xmlAscii(prolog.subarray(0, PROLOG_LIMIT));
  if (prologState(text) === 'dtd' || /<!DOCTYPE|<!ENTITY/i.test(text)) throw new ApiError('INVALID_FILE', `${what} ${DTD_MESSAGE}`);
}

/**
 * Reads a part's prolog up to its root element, inflating a growing prefix (so a DOCTYPE behind kilobytes of
 * whitespace, comments or processing instructions is found), and refuses a DTD anywhere before the root or
 * a prolog longer than PROLOG_LIMIT.
 */
export function assertPartProlog(bytes: Uint8Array, entry: ZipEntryInfo, inflate: InflatePrefix, what: string): void {
  for (let compressed = 1024; ; compressed *= 4) {
    let prefix: Uint8Array;
    try {
      prefix = entryPrefix(bytes, entry, inflate, PROLOG_LIMIT + 1, compressed);
    } catch {
      throw new ApiError('INVALID_FILE', `${what} is corrupt: ${entry.name} does not inflate`);
    }
    const text = xmlAscii(prefix.subarray(0, PROLOG_LIMIT));
    const state = prologState(text);
    // As before, also a declaration anywhere in the first 2 KB (inside a comment, after a small root).
    if (state === 'dtd' || /<!DOCTYPE|<!ENTITY/i.test(text.slice(0, PROLOG_BYTES)))
      throw new ApiError('INVALID_FILE', `${what} (${entry.name}) ${DTD_MESSAGE}`);
    if (state !== 'more') return;
    if (prefix.length > PROLOG_LIMIT)
      throw new ApiError(
        'INVALID_FILE',
        `${what} (${entry.name}) has more than ${PROLOG_LIMIT} bytes before its root element, which Office files never need; refused before parsing`,
      );
    if (entry.method === 0 || compressed >= entry.compressedSize) return;
  }
}

/**
 * Checks a whole Office package. Returns its entries. `kind` names what the caller expects: a docx given
 * to an xlsx API is refused with a message that says what the file really is.
 */
export function inspectOfficePackage(
  bytes: Uint8Array,
  kind: OfficeKind,
  what: string,
  inflate: InflatePrefix,
  limits: OfficeLimits = OFFICE_LIMITS,
): ZipEntryInfo[] {
  const entries = zipEntries(bytes, what, limits);
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml')) throw new ApiError('INVALID_FILE', `${what} is a zip but not an Office package (no [Content_Types].xml)`);
  if (!names.has(MAIN_PART[kind])) {
    const actual = (Object.keys(MAIN_PART) as OfficeKind[]).find((k) => names.has(MAIN_PART[k]));
    throw new ApiError('INVALID_FILE', actual ? `${what} is a ${actual} file, not a ${kind}` : `${what} is not a ${kind}: ${MAIN_PART[kind]} is missing`);
  }
  for (const entry of entries) {
    if (!/\.(xml|rels|vml)$/i.test(entry.name)) continue;
    assertPartProlog(bytes, entry, inflate, what);
  }
  for (const entry of entries) assertTrueSize(bytes, entry, what, inflate);
  return entries;
}

/**
 * The limits above trust each entry's declared size; a header that lies (a 1 MB file whose 5 KB part really
 * inflates to 1 GB) would let a parser inflate it all first. Inflating every part once, stopped one byte past
 * its declared size, bounds the real size by the checked one.
 */
function assertTrueSize(bytes: Uint8Array, entry: ZipEntryInfo, what: string, inflate: InflatePrefix): void {
  if (entry.method !== 8 || entry.compressedSize === 0) return;
  const dataStart = entry.offset + 30 + u16(bytes, entry.offset + 26) + u16(bytes, entry.offset + 28);
  let size: number;
  try {
    size = inflate(bytes.subarray(dataStart, dataStart + entry.compressedSize), entry.uncompressedSize + 1).length;
  } catch (error) {
    if (!(error instanceof RangeError)) throw new ApiError('INVALID_FILE', `${what} is corrupt: ${entry.name} does not inflate`);
    size = entry.uncompressedSize + 1;
  }
  if (size > entry.uncompressedSize) {
    throw new ApiError(
      'TOO_LARGE',
      `${what}: ${entry.name} inflates past the ${entry.uncompressedSize} bytes its zip header states; a header that lies about sizes is refused (zip bomb)`,
    );
  }
}
