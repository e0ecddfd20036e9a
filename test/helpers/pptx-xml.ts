import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';

/**
 * A second reader of .pptx files, independent of apis/pptx: plain JSZip and regular expressions over the
 * parts, following presentation.xml's slide list the way PowerPoint does.
 */
export interface RawDeck {
  zip: JSZip;
  /** Slide part names in show order. */
  slides: string[];
  /** Each slide's XML, in show order. */
  slideXml: string[];
  part(name: string): Promise<string | undefined>;
  /** Text runs (`<a:t>`) of a part, joined by spaces. */
  texts(name: string): Promise<string>;
  /** The notes XML of slide i (0-based), or undefined. */
  notesXml(i: number): Promise<string | undefined>;
}

const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function resolve(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

function rels(xml: string, from: string): { id: string; type: string; target: string }[] {
  return [...xml.matchAll(/<Relationship\b[^>]*>/g)].map((m) => ({
    id: /Id="([^"]+)"/.exec(m[0])![1]!,
    type: /Type="([^"]+)"/.exec(m[0])![1]!,
    target: resolve(from, unescape(/Target="([^"]+)"/.exec(m[0])![1]!)),
  }));
}

export async function readRawDeck(file: string): Promise<RawDeck> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const part = async (name: string): Promise<string | undefined> => zip.file(name)?.async('string');
  const relsOf = async (name: string) => {
    const slash = name.lastIndexOf('/');
    const xml = await part(`${name.slice(0, slash)}/_rels/${name.slice(slash + 1)}.rels`);
    return xml ? rels(xml, name) : [];
  };
  const pres = (await part('ppt/presentation.xml'))!;
  const presRels = await relsOf('ppt/presentation.xml');
  const ids = [...(/<p:sldIdLst>([\s\S]*?)<\/p:sldIdLst>/.exec(pres)?.[1] ?? '').matchAll(/r:id="([^"]+)"/g)].map((m) => m[1]!);
  const slides = ids.map((id) => presRels.find((r) => r.id === id)!.target);
  const slideXml = await Promise.all(slides.map(async (s) => (await part(s))!));
  return {
    zip,
    slides,
    slideXml,
    part,
    texts: async (name) => [...((await part(name)) ?? '').matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => unescape(m[1]!)).join(' '),
    notesXml: async (i) => {
      const rel = (await relsOf(slides[i]!)).find((r) => r.type.endsWith('/notesSlide'));
      return rel ? part(rel.target) : undefined;
    },
  };
}
