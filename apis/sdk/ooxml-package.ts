import { DOMParser, type Document as XmlDocument } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { inspectOfficePackage, type InflatePrefix, type OfficeKind } from './office-guard';
import { ApiError } from './pack';

/**
 * The one home for opening an Office package and parsing its XML parts, shared by packs and core. The guard
 * (office-guard.ts, limits in OFFICE_LIMITS) runs before JSZip sees the bytes; `inflate` is injected because
 * the sdk runs without Node (callers pass zlib's inflateRawSync with a sync flush).
 */
export async function openOfficePackage(bytes: Uint8Array, kind: OfficeKind, what: string, inflate: InflatePrefix): Promise<JSZip> {
  inspectOfficePackage(bytes, kind, what, inflate);
  return JSZip.loadAsync(bytes, { checkCRC32: true }).catch((error: Error) => {
    throw new ApiError('INVALID_FILE', `${what} is not a readable ${kind}: ${error.message}`);
  });
}

/** Parses one XML part, or undefined when the package lacks it; a part that does not inflate or parse is INVALID_FILE. */
export async function parseOfficePart(zip: JSZip, part: string, what: string): Promise<XmlDocument | undefined> {
  const text = await zip
    .file(part)
    ?.async('string')
    .catch((error: Error) => {
      throw new ApiError('INVALID_FILE', `${what}: ${part} does not inflate (${error.message})`);
    });
  if (text === undefined) return undefined;
  let failed = '';
  let doc: XmlDocument | undefined;
  try {
    doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && (failed ||= message)) }).parseFromString(text.replace(/^[\uFEFF\s]+/, ''), 'application/xml');
  } catch (error) {
    failed ||= (error as Error).message;
  }
  if (failed || !doc?.documentElement) throw new ApiError('INVALID_FILE', `${what}: ${part} is not well-formed XML (${failed.split('\n')[0]})`);
  return doc;
}
