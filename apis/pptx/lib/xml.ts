import type { Document, Element, Node } from '@xmldom/xmldom';
import type * as Xmldom from '@xmldom/xmldom';
import { parseOfficeXml } from '../../sdk/ooxml-package';
import { lazyModule } from '../../sdk/lazy-module';

const xmldom = lazyModule<typeof Xmldom>('@xmldom/xmldom');

export const NS = {
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  p: 'http://schemas.openxmlformats.org/presentationml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  rel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  ct: 'http://schemas.openxmlformats.org/package/2006/content-types',
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
} as const;

export type { Document, Element };

/** Parses one package part (the sdk's Office XML parser: DTDs and entities are refused outright). */
export function parseXml(text: string, part: string): Document {
  return parseOfficeXml(text, part);
}

export function serializeXml(doc: Document): string {
  const text = new xmldom.XMLSerializer().serializeToString(doc);
  return text.startsWith('<?xml') ? text : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${text}`;
}

/** Element children of `node` (optionally only those with the local name `name`). */
export function children(node: Node, name?: string): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && (name === undefined || (c as Element).localName === name)) out.push(c as Element);
  }
  return out;
}

export function child(node: Node, name: string): Element | undefined {
  return children(node, name)[0];
}

/** Every descendant element with the local name `name`, in document order. */
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

/** The first descendant along a path of local names (`path(sp, 'nvSpPr', 'nvPr', 'ph')`). */
export function path(node: Node, ...names: string[]): Element | undefined {
  let current: Node | undefined = node;
  for (const name of names) {
    current = current ? child(current, name) : undefined;
    if (!current) return undefined;
  }
  return current as Element | undefined;
}
