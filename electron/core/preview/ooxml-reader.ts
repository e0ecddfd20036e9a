import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { errorMessage, type CallErrorCode } from '../../shared/errors';

/** Why a preview could not be computed; the message says what is wrong with the file. */
export class PreviewError extends Error {
  constructor(
    /** The call codes a file's own fault maps to (electron/shared/errors.ts). */
    readonly code: Extract<CallErrorCode, 'INVALID_FILE' | 'TOO_LARGE'>,
    message: string,
  ) {
    super(message);
    this.name = 'PreviewError';
  }
}

const LIMITS = { fileBytes: 200 * 1024 * 1024, xmlPartBytes: 30 * 1024 * 1024, totalBytes: 600 * 1024 * 1024, imageBytes: 10 * 1024 * 1024 };

/**
 * A read-only view of an OOXML package for previews: sizes are checked from the zip directory before any
 * part is inflated, and DTDs are refused (entity expansion), so a hostile file cannot exhaust memory.
 */
export class OoxmlReader {
  private readonly docs = new Map<string, Document>();

  private constructor(private readonly zip: JSZip) {}

  static async open(bytes: Uint8Array): Promise<OoxmlReader> {
    if (bytes.length > LIMITS.fileBytes) throw new PreviewError('TOO_LARGE', 'the file is larger than 200 MB');
    if (bytes[0] === 0xd0 && bytes[1] === 0xcf) throw new PreviewError('INVALID_FILE', 'the file is password-protected (encrypted) or a legacy .ppt');
    if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new PreviewError('INVALID_FILE', 'the file is not a zip package');
    let zip: JSZip;
    try {
      zip = await JSZip.loadAsync(bytes);
    } catch (error) {
      throw new PreviewError('INVALID_FILE', `the zip package is damaged (${errorMessage(error)})`);
    }
    let total = 0;
    for (const file of Object.values(zip.files)) {
      const size = (file as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
      total += size;
      if (/\.(xml|rels)$/i.test(file.name) && size > LIMITS.xmlPartBytes) throw new PreviewError('TOO_LARGE', `part ${file.name} unpacks to more than 30 MB`);
    }
    if (total > LIMITS.totalBytes) throw new PreviewError('TOO_LARGE', 'the package unpacks to more than 600 MB');
    return new OoxmlReader(zip);
  }

  has(part: string): boolean {
    return this.zip.file(part) !== null;
  }

  async xml(part: string): Promise<Document | undefined> {
    const cached = this.docs.get(part);
    if (cached) return cached;
    const file = this.zip.file(part);
    if (!file) return undefined;
    const text = await file.async('string');
    if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new PreviewError('INVALID_FILE', `${part} declares a DTD, which Office files never do`);
    const errors: string[] = [];
    let doc: Document | undefined;
    try {
      doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && errors.push(message)) }).parseFromString(text, 'application/xml');
    } catch (error) {
      errors.push(String(error));
    }
    if (!doc?.documentElement || errors.length > 0) throw new PreviewError('INVALID_FILE', `${part} is not well-formed XML`);
    this.docs.set(part, doc);
    return doc;
  }

  /** Bytes of a binary part (images), or undefined when missing or over the image limit. */
  async binary(part: string): Promise<Uint8Array | undefined> {
    const file = this.zip.file(part);
    const size = (file as unknown as { _data?: { uncompressedSize?: number } } | null)?._data?.uncompressedSize ?? 0;
    if (!file || size > LIMITS.imageBytes) return undefined;
    return file.async('uint8array');
  }

  /** Relationships of a part: id → { type, target (resolved part name) }. */
  async rels(part: string): Promise<Map<string, { type: string; target: string }>> {
    const slash = part.lastIndexOf('/');
    const relsPart = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
    const out = new Map<string, { type: string; target: string }>();
    const doc = await this.xml(relsPart);
    if (!doc) return out;
    for (const r of children(doc.documentElement!, 'Relationship')) {
      if (r.getAttribute('TargetMode') === 'External') continue;
      out.set(r.getAttribute('Id') ?? '', { type: r.getAttribute('Type') ?? '', target: resolveTarget(part, r.getAttribute('Target') ?? '') });
    }
    return out;
  }
}

export function resolveTarget(from: string, target: string): string {
  const parts = target.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const seg of target.replace(/^\//, '').split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

export function children(node: Node, name?: string): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === 1 && (name === undefined || (c as Element).localName === name)) out.push(c as Element);
  return out;
}

export function child(node: Node | undefined, ...names: string[]): Element | undefined {
  let current: Node | undefined = node;
  for (const name of names) {
    current = current ? children(current, name)[0] : undefined;
    if (!current) return undefined;
  }
  return current as Element | undefined;
}

export function descendants(node: Node, name: string): Element[] {
  const out: Element[] = [];
  const walk = (n: Node): void => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType !== 1) continue;
      if ((c as Element).localName === name) out.push(c as Element);
      walk(c);
    }
  };
  walk(node);
  return out;
}

export type { Element };
