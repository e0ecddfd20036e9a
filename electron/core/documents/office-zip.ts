import { constants, inflateRawSync } from 'node:zlib';
import type { Document as XmlDocument, Element } from '@xmldom/xmldom';
import type JSZip from 'jszip';
import { inspectOfficePackage, type OfficeKind } from '../../../apis/sdk';
import { openOfficePackage, parseOfficePart, type OpenOfficeOptions } from '../../../apis/sdk/ooxml-package';

const inflatePrefix = (data: Uint8Array, maxOutput?: number): Uint8Array =>
  inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH, ...(maxOutput ? { maxOutputLength: maxOutput } : {}) });

/** The sdk guard alone (for readers that stream the package themselves, such as exceljs's). */
export function checkOfficeBytes(bytes: Uint8Array, kind: OfficeKind, name: string): void {
  inspectOfficePackage(bytes, kind, name, inflatePrefix);
}

/** An Office package checked by the sdk reader (zip structure, encryption, bombs, DTDs, every part's checksum) and then opened. */
export async function openOfficeZip(bytes: Uint8Array, kind: OfficeKind, name: string, options: OpenOfficeOptions = { verifyAll: true }): Promise<JSZip> {
  return openOfficePackage(bytes, kind, name, inflatePrefix, options);
}

/** Parses one XML part, refusing malformed XML with INVALID_FILE. */
export async function xmlPart(zip: JSZip, part: string, name: string): Promise<XmlDocument | undefined> {
  return parseOfficePart(zip, part, name);
}

/** Local-name lookup that ignores namespaces (DrawingML, WordprocessingML and PresentationML mix them). */
export function byLocalName(node: { getElementsByTagNameNS(ns: string, local: string): ArrayLike<unknown> }, local: string): Element[] {
  return Array.from(node.getElementsByTagNameNS('*', local)) as Element[];
}
