import { posix } from 'node:path';
import type JSZip from 'jszip';
import type { Element } from '@xmldom/xmldom';
import { ApiError } from '../../../apis/sdk';
import { byLocalName, openOfficeZip, xmlPart } from './office-zip';

/** Relationship id → target part, for one part's .rels file. */
async function rels(zip: JSZip, part: string, name: string): Promise<Map<string, { target: string; type: string }>> {
  const relsPath = posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
  const doc = await xmlPart(zip, relsPath, name);
  const out = new Map<string, { target: string; type: string }>();
  for (const r of doc ? byLocalName(doc, 'Relationship') : []) {
    out.set(r.getAttribute('Id') ?? '', {
      target: posix.normalize(posix.join(posix.dirname(part), r.getAttribute('Target') ?? '')),
      type: r.getAttribute('Type') ?? '',
    });
  }
  return out;
}

function paragraphs(shape: Element): string[] {
  return byLocalName(shape, 'p')
    .map((p) =>
      byLocalName(p, 't')
        .map((t) => t.textContent ?? '')
        .join(''),
    )
    .filter((t) => t.trim() !== '');
}

/** A pptx as an outline: per slide (in presentation order) its title, other text and speaker notes. */
export async function readPptx(bytes: Buffer, name: string) {
  const zip = await openOfficeZip(bytes, 'pptx', name);
  const pres = await xmlPart(zip, 'ppt/presentation.xml', name);
  if (!pres) throw new ApiError('INVALID_FILE', `${name} has no presentation part`);
  const presRels = await rels(zip, 'ppt/presentation.xml', name);
  const slides = [];
  let index = 0;
  for (const id of byLocalName(pres, 'sldId')) {
    const part = presRels.get(id.getAttribute('r:id') ?? '')?.target;
    if (!part) continue;
    const slide = await xmlPart(zip, part, name);
    if (!slide) continue;
    index++;
    let title = '';
    const text: string[] = [];
    for (const sp of byLocalName(slide, 'sp')) {
      const ph = byLocalName(sp, 'ph')[0]?.getAttribute('type') ?? '';
      const lines = paragraphs(sp);
      if (!title && (ph === 'title' || ph === 'ctrTitle')) title = lines.join(' ');
      else text.push(...lines);
    }
    for (const frame of byLocalName(slide, 'graphicFrame'))
      text.push(
        ...byLocalName(frame, 'tr').map((tr) =>
          byLocalName(tr, 'tc')
            .map((tc) => paragraphs(tc).join(' '))
            .join(' | '),
        ),
      );
    const notesPart = [...(await rels(zip, part, name)).values()].find((r) => r.type.endsWith('/notesSlide'))?.target;
    const notesDoc = notesPart ? await xmlPart(zip, notesPart, name) : undefined;
    const notes = notesDoc
      ? byLocalName(notesDoc, 'sp')
          .filter((sp) => byLocalName(sp, 'ph')[0]?.getAttribute('type') === 'body')
          .flatMap(paragraphs)
          .join('\n')
      : '';
    slides.push({ index, title, text, notes });
  }
  return slides;
}
