import { child, children, descendants, PreviewError, type Element, type OoxmlReader } from './ooxml-reader';

/**
 * A small, dependency-free SVG renderer for slides, used when LibreOffice is not installed: backgrounds,
 * shapes with fills and lines, text (sizes, bold, italic, colours, alignment, bullets, wrapping), pictures,
 * tables, groups, and bar/column/line/area/scatter/pie charts from their cached data. Coordinates stay in
 * EMU (the viewBox), so positions are exactly the file's.
 */

const REL_SLIDE = '/relationships/slide';
const PT = 12700;
const DEFAULT_SCHEME: Record<string, string> = { dk1: '000000', lt1: 'FFFFFF', dk2: '44546A', lt2: 'E7E6E6', accent1: '4472C4', accent2: 'ED7D31', accent3: 'A5A5A5', accent4: 'FFC000', accent5: '5B9BD5', accent6: '70AD47', hlink: '0563C1', folHlink: '954F72' };
const DEFAULT_MAP: Record<string, string> = { bg1: 'lt1', tx1: 'dk1', bg2: 'lt2', tx2: 'dk2' };

interface Theme {
  scheme: Record<string, string>;
  map: Record<string, string>;
  major: string;
  minor: string;
}

interface SlideCtx {
  reader: OoxmlReader;
  theme: Theme;
  rels: Map<string, { type: string; target: string }>;
  /** Layout then master shape trees, for placeholder positions. */
  inherited: Element[];
}

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
  const ctx: SlideCtx = { reader, theme, rels, inherited: [layout, master].map((e) => e && child(e, 'cSld', 'spTree')).filter((e): e is Element => Boolean(e)) };
  const out: string[] = [];
  const bg = [slide, layout, master].map((e) => e && background(e, theme)).find(Boolean) ?? `#${theme.scheme.lt1 ?? 'FFFFFF'}`;
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="${bg}"/>`);
  if (master && layout?.getAttribute('showMasterSp') !== '0') await renderTree(child(master, 'cSld', 'spTree'), { ...ctx, rels: masterRels, inherited: [] }, out, true);
  if (layout) await renderTree(child(layout, 'cSld', 'spTree'), { ...ctx, rels: layoutRels, inherited: [] }, out, true);
  await renderTree(child(slide, 'cSld', 'spTree'), ctx, out, false);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${Math.round(width / 9525)}" height="${Math.round(height / 9525)}" font-family="${esc(theme.minor)}, DejaVu Sans, Arial, sans-serif">${out.join('')}</svg>`;
}

async function readTheme(reader: OoxmlReader, part: string | undefined, master: Element | undefined): Promise<Theme> {
  const scheme = { ...DEFAULT_SCHEME };
  let major = 'Calibri';
  let minor = 'Calibri';
  const root = (part ? (await reader.xml(part))?.documentElement : undefined) ?? undefined;
  const elements = root && child(root, 'themeElements');
  for (const slot of elements ? children(child(elements, 'clrScheme') ?? elements) : []) {
    const c = children(slot)[0];
    const value = c?.getAttribute('lastClr') ?? c?.getAttribute('val');
    if (value && /^[0-9a-f]{6}$/i.test(value)) scheme[slot.localName!] = value;
  }
  major = child(elements, 'fontScheme', 'majorFont', 'latin')?.getAttribute('typeface') || major;
  minor = child(elements, 'fontScheme', 'minorFont', 'latin')?.getAttribute('typeface') || minor;
  const map = { ...DEFAULT_MAP };
  const clrMap = master && child(master, 'clrMap');
  for (const key of Object.keys(DEFAULT_MAP)) map[key] = clrMap?.getAttribute(key) || map[key]!;
  return { scheme, map, major, minor };
}

function colorOf(el: Element | undefined, theme: Theme): string | undefined {
  if (!el) return undefined;
  const c = children(el)[0];
  if (!c) return undefined;
  if (c.localName === 'srgbClr') return `#${c.getAttribute('val')}`;
  if (c.localName === 'sysClr') return `#${c.getAttribute('lastClr') ?? '000000'}`;
  if (c.localName === 'schemeClr') {
    const val = c.getAttribute('val') ?? '';
    const slot = theme.map[val] ?? val;
    const hex = theme.scheme[slot];
    return hex ? `#${hex}` : undefined;
  }
  return undefined;
}

function background(el: Element, theme: Theme): string | undefined {
  const bg = child(el, 'cSld', 'bg');
  if (!bg) return undefined;
  const pr = child(bg, 'bgPr');
  if (pr) return colorOf(child(pr, 'solidFill'), theme);
  const ref = child(bg, 'bgRef');
  return ref ? colorOf(ref, theme) : undefined;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function boxOf(xfrm: Element | undefined): Box | undefined {
  const off = xfrm && child(xfrm, 'off');
  const ext = xfrm && child(xfrm, 'ext');
  if (!off || !ext) return undefined;
  return { x: Number(off.getAttribute('x')) || 0, y: Number(off.getAttribute('y')) || 0, w: Number(ext.getAttribute('cx')) || 0, h: Number(ext.getAttribute('cy')) || 0 };
}

function placeholder(shape: Element): { type: string; idx: string } | undefined {
  const ph = child(shape, 'nvSpPr', 'nvPr', 'ph') ?? child(shape, 'nvPicPr', 'nvPr', 'ph') ?? child(shape, 'nvGraphicFramePr', 'nvPr', 'ph');
  return ph ? { type: ph.getAttribute('type') || 'body', idx: ph.getAttribute('idx') ?? '' } : undefined;
}

/** A placeholder's box from the layout or master when the slide leaves it out. */
function inheritedBox(ph: { type: string; idx: string }, ctx: SlideCtx): Box | undefined {
  for (const tree of ctx.inherited) {
    const shapes = children(tree, 'sp');
    const match =
      shapes.find((s) => placeholder(s)?.idx === ph.idx && ph.idx !== '' && placeholder(s)?.idx !== '') ??
      shapes.find((s) => placeholder(s)?.type === ph.type) ??
      (['ctrTitle', 'title'].includes(ph.type) ? shapes.find((s) => ['title', 'ctrTitle'].includes(placeholder(s)?.type ?? '')) : shapes.find((s) => placeholder(s)?.type === 'body'));
    const box = match && boxOf(child(match, 'spPr', 'xfrm'));
    if (box) return box;
  }
  return undefined;
}

async function renderTree(tree: Element | undefined, ctx: SlideCtx, out: string[], decorOnly: boolean): Promise<void> {
  if (!tree) return;
  for (const shape of children(tree)) {
    if (decorOnly && placeholder(shape)) continue;
    switch (shape.localName) {
      case 'sp':
        renderShape(shape, ctx, out);
        break;
      case 'pic':
        await renderPicture(shape, ctx, out);
        break;
      case 'graphicFrame':
        await renderFrame(shape, ctx, out);
        break;
      case 'grpSp': {
        const xfrm = child(shape, 'grpSpPr', 'xfrm');
        const box = boxOf(xfrm);
        const chOff = xfrm && child(xfrm, 'chOff');
        const chExt = xfrm && child(xfrm, 'chExt');
        const cw = Number(chExt?.getAttribute('cx')) || box?.w || 1;
        const chh = Number(chExt?.getAttribute('cy')) || box?.h || 1;
        const transform = box ? ` transform="translate(${box.x} ${box.y}) scale(${box.w / cw} ${box.h / chh}) translate(${-(Number(chOff?.getAttribute('x')) || 0)} ${-(Number(chOff?.getAttribute('y')) || 0)})"` : '';
        out.push(`<g${transform}>`);
        await renderTree(shape, ctx, out, decorOnly);
        out.push('</g>');
        break;
      }
      default:
        break;
    }
  }
}

function renderShape(shape: Element, ctx: SlideCtx, out: string[]): void {
  const ph = placeholder(shape);
  const box = boxOf(child(shape, 'spPr', 'xfrm')) ?? (ph ? inheritedBox(ph, ctx) : undefined);
  if (!box) return;
  const spPr = child(shape, 'spPr');
  const fill = spPr && child(spPr, 'solidFill') ? colorOf(child(spPr, 'solidFill'), ctx.theme) : undefined;
  const ln = spPr && child(spPr, 'ln');
  const stroke = ln && !child(ln, 'noFill') ? colorOf(child(ln, 'solidFill'), ctx.theme) : undefined;
  const strokeW = Number(ln?.getAttribute('w')) || 12700;
  const geom = child(spPr, 'prstGeom')?.getAttribute('prst') ?? 'rect';
  if (fill || stroke) {
    const paint = `fill="${fill ?? 'none'}"${stroke ? ` stroke="${stroke}" stroke-width="${strokeW}"` : ''}`;
    if (geom === 'ellipse') out.push(`<ellipse cx="${box.x + box.w / 2}" cy="${box.y + box.h / 2}" rx="${box.w / 2}" ry="${box.h / 2}" ${paint}/>`);
    else if (geom === 'line') out.push(`<line x1="${box.x}" y1="${box.y}" x2="${box.x + box.w}" y2="${box.y + box.h}" stroke="${stroke ?? '#000'}" stroke-width="${strokeW}"/>`);
    else out.push(`<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}"${geom === 'roundRect' ? ` rx="${Math.min(box.w, box.h) / 6}"` : ''} ${paint}/>`);
  }
  const body = child(shape, 'txBody');
  if (body) renderText(body, box, ph?.type, ctx, out);
}

interface Token {
  text: string;
  size: number;
  bold: boolean;
  italic: boolean;
  color: string;
  font?: string;
}

function defaultSize(type: string | undefined, level: number): number {
  if (type === 'ctrTitle') return 4400;
  if (type === 'title') return 3600;
  if (type === 'subTitle') return 2400;
  if (type === 'body' || type === 'obj') return level > 0 ? 2000 : 2400;
  return 1800;
}

function renderText(body: Element, box: Box, phType: string | undefined, ctx: SlideCtx, out: string[]): void {
  const bodyPr = child(body, 'bodyPr');
  const inset = { l: Number(bodyPr?.getAttribute('lIns') ?? 91440), r: Number(bodyPr?.getAttribute('rIns') ?? 91440), t: Number(bodyPr?.getAttribute('tIns') ?? 45720), b: Number(bodyPr?.getAttribute('bIns') ?? 45720) };
  const scale = Number(child(bodyPr, 'normAutofit')?.getAttribute('fontScale') ?? 100000) / 100000;
  const listSize = Number(child(body, 'lstStyle', 'lvl1pPr', 'defRPr')?.getAttribute('sz')) || undefined;
  const isTitle = phType === 'title' || phType === 'ctrTitle';
  const lines: { tokens: Token[]; width: number; height: number; align: string; indent: number }[] = [];
  const maxW = Math.max(box.w - inset.l - inset.r, PT);
  for (const p of children(body, 'p')) {
    const pPr = child(p, 'pPr');
    const level = Number(pPr?.getAttribute('lvl') ?? 0) || 0;
    const align = pPr?.getAttribute('algn') ?? 'l';
    const indent = Number(pPr?.getAttribute('marL')) || level * 457200;
    const bulletChar = pPr && child(pPr, 'buChar') ? child(pPr, 'buChar')!.getAttribute('char') : pPr && child(pPr, 'buNone') ? undefined : phType === 'body' || phType === 'obj' ? '•' : undefined;
    const tokens: Token[] = [];
    const fallbackSize = Number(child(p, 'endParaRPr')?.getAttribute('sz')) || listSize || defaultSize(phType, level);
    for (const r of children(p)) {
      if (r.localName === 'br') {
        tokens.push({ text: '\n', size: fallbackSize, bold: false, italic: false, color: '' });
        continue;
      }
      if (r.localName !== 'r' && r.localName !== 'fld') continue;
      const rPr = child(r, 'rPr');
      const size = (Number(rPr?.getAttribute('sz')) || fallbackSize) * scale;
      const color = colorOf(child(rPr, 'solidFill'), ctx.theme) ?? `#${ctx.theme.scheme[ctx.theme.map.tx1 ?? 'dk1'] ?? '000000'}`;
      const typeface = child(rPr, 'latin')?.getAttribute('typeface');
      const font = typeface === '+mj-lt' ? ctx.theme.major : typeface === '+mn-lt' ? ctx.theme.minor : typeface || (isTitle ? ctx.theme.major : undefined);
      const text = child(r, 't')?.textContent ?? '';
      for (const word of text.split(/(?<=\s)/)) tokens.push({ text: word, size, bold: rPr?.getAttribute('b') === '1', italic: rPr?.getAttribute('i') === '1', color, font });
    }
    const paraSize = tokens[0]?.size ?? fallbackSize * scale;
    if (bulletChar && tokens.some((t) => t.text.trim())) tokens.unshift({ text: `${bulletChar} `, size: paraSize, bold: false, italic: false, color: tokens[0]?.color ?? '#000' });
    let line: Token[] = [];
    let width = 0;
    const flush = (): void => {
      const height = Math.max(paraSize, ...line.map((t) => t.size)) * 1.2;
      lines.push({ tokens: line, width, height, align, indent });
      line = [];
      width = 0;
    };
    for (const token of tokens) {
      if (token.text === '\n') {
        flush();
        continue;
      }
      const w = (token.text.length * token.size * PT * 0.52) / 100;
      if (width + w > maxW - indent && line.length > 0) flush();
      line.push(token);
      width += w;
    }
    flush();
  }
  const total = lines.reduce((n, l) => n + (l.height * PT) / 100, 0);
  const anchor = bodyPr?.getAttribute('anchor') ?? (phType === 'ctrTitle' || phType === 'title' ? 'ctr' : 't');
  let y = box.y + inset.t + (anchor === 'ctr' ? (box.h - inset.t - inset.b - total) / 2 : anchor === 'b' ? box.h - inset.t - inset.b - total : 0);
  for (const l of lines) {
    const h = (l.height * PT) / 100;
    y += h;
    if (l.tokens.length === 0) continue;
    const x = l.align === 'ctr' ? box.x + box.w / 2 : l.align === 'r' ? box.x + box.w - inset.r : box.x + inset.l + l.indent;
    const anchorAttr = l.align === 'ctr' ? 'middle' : l.align === 'r' ? 'end' : 'start';
    const merged: Token[] = [];
    for (const t of l.tokens) {
      const last = merged.at(-1);
      if (last && last.size === t.size && last.color === t.color && last.bold === t.bold && last.italic === t.italic && last.font === t.font) last.text += t.text;
      else merged.push({ ...t });
    }
    const spans = merged
      .map((t) => `<tspan font-size="${(t.size * PT) / 100}" fill="${t.color}"${t.bold ? ' font-weight="bold"' : ''}${t.italic ? ' font-style="italic"' : ''}${t.font ? ` font-family="${esc(t.font)}"` : ''}>${esc(t.text)}</tspan>`)
      .join('');
    out.push(`<text x="${Math.round(x)}" y="${Math.round(y - h * 0.22)}" text-anchor="${anchorAttr}" xml:space="preserve">${spans}</text>`);
  }
}

async function renderPicture(pic: Element, ctx: SlideCtx, out: string[]): Promise<void> {
  const box = boxOf(child(pic, 'spPr', 'xfrm'));
  const id = child(pic, 'blipFill', 'blip')?.getAttribute('r:embed');
  const target = id ? ctx.rels.get(id)?.target : undefined;
  if (!box) return;
  const bytes = target ? await ctx.reader.binary(target) : undefined;
  const ext = target?.split('.').pop()?.toLowerCase() ?? '';
  const mime = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml' }[ext];
  if (bytes && mime) out.push(`<image x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" preserveAspectRatio="none" href="data:${mime};base64,${Buffer.from(bytes).toString('base64')}"/>`);
  else out.push(`<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" fill="#DDD" stroke="#999"/>`);
}

async function renderFrame(frame: Element, ctx: SlideCtx, out: string[]): Promise<void> {
  const box = boxOf(child(frame, 'xfrm'));
  if (!box) return;
  const tbl = descendants(frame, 'tbl')[0];
  if (tbl) return renderTable(tbl, box, ctx, out);
  const chart = descendants(frame, 'chart')[0];
  const target = chart ? ctx.rels.get(chart.getAttribute('r:id') ?? '')?.target : undefined;
  const doc = target ? await ctx.reader.xml(target) : undefined;
  if (doc?.documentElement) renderChart(doc.documentElement, box, ctx, out);
}

function renderTable(tbl: Element, box: Box, ctx: SlideCtx, out: string[]): void {
  const cols = children(child(tbl, 'tblGrid') ?? tbl, 'gridCol').map((c) => Number(c.getAttribute('w')) || 0);
  let y = box.y;
  for (const tr of children(tbl, 'tr')) {
    const h = Number(tr.getAttribute('h')) || 370840;
    let x = box.x;
    children(tr, 'tc').forEach((tc, i) => {
      const w = cols[i] ?? box.w / Math.max(cols.length, 1);
      const fill = colorOf(child(tc, 'tcPr', 'solidFill'), ctx.theme) ?? 'none';
      out.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}" stroke="#A6A6A6" stroke-width="9525"/>`);
      const body = child(tc, 'txBody');
      if (body) renderText(body, { x, y, w, h }, undefined, ctx, out);
      x += w;
    });
    y += h;
  }
}

function numbers(el: Element | undefined): number[] {
  return el ? descendants(el, 'pt').map((pt) => Number(child(pt, 'v')?.textContent)) : [];
}

function labels(el: Element | undefined): string[] {
  return el ? descendants(el, 'pt').map((pt) => child(pt, 'v')?.textContent ?? '') : [];
}

function renderChart(space: Element, box: Box, ctx: SlideCtx, out: string[]): void {
  const plot = descendants(space, 'plotArea')[0];
  const kind = plot ? children(plot).find((e) => /Chart$/.test(e.localName ?? '')) : undefined;
  const accents = ['accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6'].map((a) => `#${ctx.theme.scheme[a]}`);
  out.push(`<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" fill="none" stroke="#D9D9D9" stroke-width="9525"/>`);
  if (!kind) return;
  const series = children(kind, 'ser').map((ser, i) => ({
    name: labels(child(ser, 'tx'))[0] ?? `Series ${i + 1}`,
    cats: labels(child(ser, 'cat')),
    values: numbers(child(ser, 'val') ?? child(ser, 'yVal')),
    x: numbers(child(ser, 'xVal')),
    color: colorOf(child(ser, 'spPr', 'solidFill'), ctx.theme) ?? accents[i % 6]!,
  }));
  if (series.length === 0) return;
  const pad = { l: box.w * 0.08, r: box.w * 0.04, t: box.h * 0.06, b: box.h * 0.18 };
  const plotBox = { x: box.x + pad.l, y: box.y + pad.t, w: box.w - pad.l - pad.r, h: box.h - pad.t - pad.b };
  const font = Math.min(box.h / 18, 14 * PT);
  const type = kind.localName;
  if (type === 'pieChart' || type === 'doughnutChart') {
    const s = series[0]!;
    const sum = s.values.reduce((a, b) => a + Math.max(b, 0), 0) || 1;
    const r = Math.min(plotBox.w, plotBox.h) / 2;
    const cx = plotBox.x + plotBox.w / 2;
    const cy = plotBox.y + plotBox.h / 2;
    let angle = -Math.PI / 2;
    s.values.forEach((v, i) => {
      const a = (Math.max(v, 0) / sum) * Math.PI * 2;
      const [x1, y1, x2, y2] = [cx + r * Math.cos(angle), cy + r * Math.sin(angle), cx + r * Math.cos(angle + a), cy + r * Math.sin(angle + a)];
      out.push(`<path d="M${cx} ${cy} L${x1} ${y1} A${r} ${r} 0 ${a > Math.PI ? 1 : 0} 1 ${x2} ${y2} Z" fill="${accents[i % 6]}"/>`);
      const mid = angle + a / 2;
      out.push(`<text x="${cx + r * 1.1 * Math.cos(mid)}" y="${cy + r * 1.1 * Math.sin(mid)}" font-size="${font}" text-anchor="middle">${esc(s.cats[i] ?? '')}</text>`);
      angle += a;
    });
    return;
  }
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const max = Math.max(0, ...all);
  const min = Math.min(0, ...all);
  const span = max - min || 1;
  const horizontal = type === 'barChart' && child(kind, 'barDir')?.getAttribute('val') === 'bar';
  out.push(`<line x1="${plotBox.x}" y1="${plotBox.y + plotBox.h}" x2="${plotBox.x + plotBox.w}" y2="${plotBox.y + plotBox.h}" stroke="#808080" stroke-width="9525"/><line x1="${plotBox.x}" y1="${plotBox.y}" x2="${plotBox.x}" y2="${plotBox.y + plotBox.h}" stroke="#808080" stroke-width="9525"/>`);
  const cats = series[0]!.cats.length > 0 ? series[0]!.cats : series[0]!.values.map((_, i) => String(i + 1));
  const n = Math.max(cats.length, 1);
  if (type === 'scatterChart') {
    const xs = series.flatMap((s) => s.x);
    const xmin = Math.min(...xs, 0);
    const xspan = Math.max(...xs, 1) - xmin || 1;
    for (const s of series) s.values.forEach((v, i) => out.push(`<circle cx="${plotBox.x + (((s.x[i] ?? i + 1) - xmin) / xspan) * plotBox.w}" cy="${plotBox.y + plotBox.h - ((v - min) / span) * plotBox.h}" r="${font / 3}" fill="${s.color}"/>`));
  } else if (type === 'barChart' || type === 'bar3DChart') {
    const slot = (horizontal ? plotBox.h : plotBox.w) / n;
    const barW = (slot * 0.7) / series.length;
    series.forEach((s, si) =>
      s.values.forEach((v, i) => {
        const len = ((v - min) / span) * (horizontal ? plotBox.w : plotBox.h);
        if (horizontal) out.push(`<rect x="${plotBox.x}" y="${plotBox.y + plotBox.h - (i + 1) * slot + slot * 0.15 + si * barW}" width="${len}" height="${barW}" fill="${s.color}"/>`);
        else out.push(`<rect x="${plotBox.x + i * slot + slot * 0.15 + si * barW}" y="${plotBox.y + plotBox.h - len}" width="${barW}" height="${len}" fill="${s.color}"/>`);
      }),
    );
  } else {
    for (const s of series) {
      const pts = s.values.map((v, i) => `${plotBox.x + (i + 0.5) * (plotBox.w / n)},${plotBox.y + plotBox.h - ((v - min) / span) * plotBox.h}`);
      out.push(type === 'areaChart' ? `<polygon points="${plotBox.x + 0.5 * (plotBox.w / n)},${plotBox.y + plotBox.h} ${pts.join(' ')} ${plotBox.x + (n - 0.5) * (plotBox.w / n)},${plotBox.y + plotBox.h}" fill="${s.color}" opacity="0.7"/>` : `<polyline points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="${PT * 2}"/>`);
    }
  }
  if (type !== 'scatterChart') {
    cats.forEach((c, i) => {
      if (horizontal) out.push(`<text x="${plotBox.x - font / 2}" y="${plotBox.y + plotBox.h - (i + 0.5) * (plotBox.h / n)}" font-size="${font}" text-anchor="end">${esc(c)}</text>`);
      else out.push(`<text x="${plotBox.x + (i + 0.5) * (plotBox.w / n)}" y="${plotBox.y + plotBox.h + font * 1.4}" font-size="${font}" text-anchor="middle">${esc(c)}</text>`);
    });
  }
  out.push(`<text x="${box.x + box.w / 2}" y="${box.y + box.h - font * 0.6}" font-size="${font}" text-anchor="middle">${series.map((s) => esc(s.name)).join('   ')}</text>`);
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
