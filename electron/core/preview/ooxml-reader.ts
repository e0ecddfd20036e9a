import type { Document, Element, Node } from '@xmldom/xmldom';
import type JSZip from 'jszip';
import { ApiError } from '../../../apis/sdk';
import { OOXML_LIMITS, readOfficePart } from '../../../apis/sdk/ooxml-package';
import type { CallErrorCode } from '../../shared/errors';
import { openOfficeZip, xmlPart } from '../documents/office-zip';

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

/** The sdk's refusals (an ApiError with a file code) as the preview's own error; anything else is rethrown. */
async function asPreviewError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'INVALID_FILE' || error.code === 'TOO_LARGE')) throw new PreviewError(error.code, error.message);
    throw error;
  }
}

/**
 * A read-only view of an OOXML package for previews, opened by the sdk's one Office reader
 * (apis/sdk/ooxml-package.ts): sizes are checked before any part is inflated and again while it inflates,
 * and DTDs are refused (entity expansion), so a hostile file cannot exhaust memory.
 */
export class OoxmlReader {
  private readonly docs = new Map<string, Document>();

  private constructor(
    private readonly zip: JSZip,
    private readonly what: string,
  ) {}

  /** Opens a deck; `what` names it in error messages. */
  static async open(bytes: Uint8Array, what = 'the deck'): Promise<OoxmlReader> {
    return new OoxmlReader(await asPreviewError(() => openOfficeZip(bytes, 'pptx', what, { verifyAll: false })), what);
  }

  has(part: string): boolean {
    return this.zip.file(part) !== null;
  }

  async xml(part: string): Promise<Document | undefined> {
    const cached = this.docs.get(part);
    if (cached) return cached;
    const doc = await asPreviewError(() => xmlPart(this.zip, part, this.what));
    if (doc) this.docs.set(part, doc);
    return doc;
  }

  /** Bytes of a binary part (images), or undefined when missing or over the preview's image limit. */
  async binary(part: string): Promise<Uint8Array | undefined> {
    if (!this.zip.file(part)) return undefined;
    try {
      return await asPreviewError(() => readOfficePart(this.zip, part, this.what, OOXML_LIMITS.previewImageBytes));
    } catch (error) {
      if (error instanceof PreviewError && error.code === 'TOO_LARGE') return undefined;
      throw error;
    }
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
