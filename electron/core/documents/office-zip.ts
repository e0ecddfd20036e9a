import { constants, inflateRawSync } from 'node:zlib';
import { DOMParser, type Document as XmlDocument, type Element } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { ApiError, inspectOfficePackage, type OfficeKind } from '../../../apis/sdk';

const inflatePrefix = (data: Uint8Array): Uint8Array => inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH });

/** The sdk guard alone (for readers that stream the package themselves, such as exceljs's). */
export function checkOfficeBytes(bytes: Uint8Array, kind: OfficeKind, name: string): void {
  inspectOfficePackage(bytes, kind, name, inflatePrefix);
}

/** An Office package checked by the sdk guard (zip structure, encryption, bombs, DTDs) and then opened. */
export async function openOfficeZip(bytes: Uint8Array, kind: OfficeKind, name: string): Promise<JSZip> {
  inspectOfficePackage(bytes, kind, name, inflatePrefix);
  return JSZip.loadAsync(bytes, { checkCRC32: true }).catch((error: Error) => {
    throw new ApiError('INVALID_FILE', `${name} is not a readable ${kind}: ${error.message}`);
  });
}

/** Parses one XML part, refusing malformed XML with INVALID_FILE. */
export async function xmlPart(zip: JSZip, part: string, name: string): Promise<XmlDocument | undefined> {
  const text = await zip
    .file(part)
    ?.async('string')
    .catch((error: Error) => {
      throw new ApiError('INVALID_FILE', `${name}: ${part} does not inflate (${error.message})`);
    });
  if (text === undefined) return undefined;
  let failed = '';
  let doc: XmlDocument | undefined;
  try {
    doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && (failed ||= message)) }).parseFromString(text.replace(/^[\uFEFF\s]+/, ''), 'application/xml');
  } catch (error) {
    failed ||= (error as Error).message;
  }
  if (failed || !doc?.documentElement) throw new ApiError('INVALID_FILE', `${name}: ${part} is not well-formed XML (${failed.split('\n')[0]})`);
  return doc;
}

/** Local-name lookup that ignores namespaces (DrawingML, WordprocessingML and PresentationML mix them). */
export function byLocalName(node: { getElementsByTagNameNS(ns: string, local: string): ArrayLike<unknown> }, local: string): Element[] {
  return Array.from(node.getElementsByTagNameNS('*', local)) as Element[];
}
