import type { Element } from '@xmldom/xmldom';
import { ApiError } from '../../../apis/sdk';
import { byLocalName, openOfficeZip, xmlPart } from './office-zip';
import type { ReadLimits } from './types';

function text(p: Element): string {
  let out = '';
  for (const n of byLocalName(p, '*')) {
    if (n.localName === 't') out += n.textContent ?? '';
    else if (n.localName === 'tab') out += '\t';
    else if (n.localName === 'br') out += '\n';
  }
  return out;
}

function level(p: Element): number | undefined {
  const style = byLocalName(p, 'pStyle')[0]?.getAttribute('w:val') ?? '';
  const m = /^heading\s*(\d)$/i.exec(style.replace(/[ _-]/g, ''));
  if (m) return Number(m[1]);
  if (/^title$/i.test(style)) return 1;
  const outline = byLocalName(p, 'outlineLvl')[0]?.getAttribute('w:val');
  return outline ? Number(outline) + 1 : undefined;
}

/** A docx as structured text: heading outline, paragraphs as markdown-ish lines, tables as rows. */
export async function readDocx(bytes: Buffer, name: string, limits: ReadLimits) {
  const zip = await openOfficeZip(bytes, 'docx', name);
  const doc = await xmlPart(zip, 'word/document.xml', name);
  const body = doc && byLocalName(doc, 'body')[0];
  if (!body) throw new ApiError('INVALID_FILE', `${name} has no document body`);
  const outline: { level: number; text: string }[] = [];
  const tables: string[][][] = [];
  const lines: string[] = [];
  let words = 0;
  for (let n = body.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const el = n as Element;
    if (el.localName === 'p') {
      const t = text(el);
      if (!t.trim()) continue;
      words += t.split(/\s+/).filter(Boolean).length;
      const l = level(el);
      if (l !== undefined) outline.push({ level: l, text: t });
      lines.push(l !== undefined ? `${'#'.repeat(Math.min(l, 6))} ${t}` : t);
    } else if (el.localName === 'tbl') {
      const rows = byLocalName(el, 'tr').map((tr) => byLocalName(tr, 'tc').map((tc) => byLocalName(tc, 'p').map(text).join(' ')));
      tables.push(rows);
      lines.push(...rows.map((r) => `| ${r.join(' | ')} |`));
      words += rows.flat().join(' ').split(/\s+/).filter(Boolean).length;
    }
  }
  const all = lines.join('\n');
  return { outline, text: all.slice(0, limits.maxChars), tables, words, truncated: all.length > limits.maxChars };
}
