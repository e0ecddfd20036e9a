import { child, children, PreviewError, type Element, type OoxmlReader } from './ooxml-reader';
import { background, esc, readTheme, type SlideCtx } from './pptx-svg-common';
import { renderTree } from './pptx-svg-shapes';

/**
 * A small, dependency-free SVG renderer for slides, used when LibreOffice is not installed: backgrounds,
 * shapes with fills and lines, text (sizes, bold, italic, colours, alignment, bullets, wrapping), pictures,
 * tables, groups, and bar/column/line/area/scatter/pie charts from their cached data. Coordinates stay in
 * EMU (the viewBox), so positions are exactly the file's.
 */

const REL_SLIDE = '/relationships/slide';

export interface SvgDeck {
  width: number;
  height: number;
  slides: string[];
  /** Slides in the deck (may exceed slides.length when capped). */
  slideCount: number;
}

export async function renderDeckSvg(reader: OoxmlReader, maxSlides = 200): Promise<SvgDeck> {
  const root = await reader.rels('');
  const main = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target;
  const pres = main ? await reader.xml(main) : undefined;
  if (!main || !pres || pres.documentElement?.localName !== 'presentation') throw new PreviewError('INVALID_FILE', 'the package is not a presentation');
  const sz = child(pres.documentElement, 'sldSz');
  const width = Number(sz?.getAttribute('cx')) || 9144000;
  const height = Number(sz?.getAttribute('cy')) || 6858000;
  const presRels = await reader.rels(main);
  const ids = children(child(pres.documentElement, 'sldIdLst') ?? pres.documentElement!, 'sldId');
  const slides: string[] = [];
  for (const el of ids.slice(0, maxSlides)) {
    const rel = presRels.get(el.getAttribute('r:id') ?? '');
    if (!rel || !rel.type.endsWith(REL_SLIDE)) continue;
    slides.push(await renderSlide(reader, rel.target, width, height));
  }
  return { width, height, slides, slideCount: ids.length };
}

async function renderSlide(reader: OoxmlReader, part: string, width: number, height: number): Promise<string> {
  const slide = (await reader.xml(part))?.documentElement;
  if (!slide) throw new PreviewError('INVALID_FILE', `slide ${part} is missing`);
  const rels = await reader.rels(part);
  const layoutPart = [...rels.values()].find((r) => r.type.endsWith('/slideLayout'))?.target;
  const layout = (layoutPart ? (await reader.xml(layoutPart))?.documentElement : undefined) ?? undefined;
  const layoutRels = layoutPart ? await reader.rels(layoutPart) : new Map();
  const masterPart = [...layoutRels.values()].find((r) => r.type.endsWith('/slideMaster'))?.target;
  const master = (masterPart ? (await reader.xml(masterPart))?.documentElement : undefined) ?? undefined;
  const masterRels = masterPart ? await reader.rels(masterPart) : new Map();
  const themePart = [...masterRels.values()].find((r) => r.type.endsWith('/theme'))?.target;
  const theme = await readTheme(reader, themePart, master);
  const ctx: SlideCtx = {
    reader,
    theme,
    rels,
    inherited: [layout, master].map((e) => e && child(e, 'cSld', 'spTree')).filter((e): e is Element => Boolean(e)),
  };
  const out: string[] = [];
  const bg = [slide, layout, master].map((e) => e && background(e, theme)).find(Boolean) ?? `#${theme.scheme.lt1 ?? 'FFFFFF'}`;
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="${bg}"/>`);
  if (master && layout?.getAttribute('showMasterSp') !== '0')
    await renderTree(child(master, 'cSld', 'spTree'), { ...ctx, rels: masterRels, inherited: [] }, out, true);
  if (layout) await renderTree(child(layout, 'cSld', 'spTree'), { ...ctx, rels: layoutRels, inherited: [] }, out, true);
  await renderTree(child(slide, 'cSld', 'spTree'), ctx, out, false);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${Math.round(width / 9525)}" height="${Math.round(height / 9525)}" font-family="${esc(theme.minor)}, DejaVu Sans, Arial, sans-serif">${out.join('')}</svg>`;
}
