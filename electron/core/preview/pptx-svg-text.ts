import { child, children, type Element } from './ooxml-reader';
import { colorOf, esc, PT, type Box, type SlideCtx } from './pptx-svg-common';

// Text: runs into tokens, tokens wrapped into lines, lines placed by anchor and alignment.

interface Token {
  text: string;
  size: number;
  bold: boolean;
  italic: boolean;
  color: string;
  font?: string;
}

interface Line {
  tokens: Token[];
  width: number;
  height: number;
  align: string;
  indent: number;
}

interface Inset {
  l: number;
  r: number;
  t: number;
  b: number;
}

function defaultSize(type: string | undefined, level: number): number {
  if (type === 'ctrTitle') return 4400;
  if (type === 'title') return 3600;
  if (type === 'subTitle') return 2400;
  if (type === 'body' || type === 'obj') return level > 0 ? 2000 : 2400;
  return 1800;
}

export function renderText(body: Element, box: Box, phType: string | undefined, ctx: SlideCtx, out: string[]): void {
  const bodyPr = child(body, 'bodyPr');
  const inset = {
    l: Number(bodyPr?.getAttribute('lIns') ?? 91440),
    r: Number(bodyPr?.getAttribute('rIns') ?? 91440),
    t: Number(bodyPr?.getAttribute('tIns') ?? 45720),
    b: Number(bodyPr?.getAttribute('bIns') ?? 45720),
  };
  const scale = Number(child(bodyPr, 'normAutofit')?.getAttribute('fontScale') ?? 100000) / 100000;
  const listSize = Number(child(body, 'lstStyle', 'lvl1pPr', 'defRPr')?.getAttribute('sz')) || undefined;
  const maxW = Math.max(box.w - inset.l - inset.r, PT);
  const lines = children(body, 'p').flatMap((p) => paragraphLines(p, { phType, ctx, scale, listSize, maxW }));
  const anchor = bodyPr?.getAttribute('anchor') ?? (phType === 'ctrTitle' || phType === 'title' ? 'ctr' : 't');
  drawLines(lines, box, inset, anchor, out);
}

interface ParagraphStyle {
  phType: string | undefined;
  ctx: SlideCtx;
  scale: number;
  listSize: number | undefined;
  maxW: number;
}

/** One paragraph's runs as tokens (a bullet first when it has one), wrapped into lines of at most maxW. */
function paragraphLines(p: Element, style: ParagraphStyle): Line[] {
  const { phType, scale } = style;
  const pPr = child(p, 'pPr');
  const level = Number(pPr?.getAttribute('lvl') ?? 0) || 0;
  const align = pPr?.getAttribute('algn') ?? 'l';
  const indent = Number(pPr?.getAttribute('marL')) || level * 457200;
  const bulletChar =
    pPr && child(pPr, 'buChar')
      ? child(pPr, 'buChar')!.getAttribute('char')
      : pPr && child(pPr, 'buNone')
        ? undefined
        : phType === 'body' || phType === 'obj'
          ? '•'
          : undefined;
  const fallbackSize = Number(child(p, 'endParaRPr')?.getAttribute('sz')) || style.listSize || defaultSize(phType, level);
  const tokens = runTokens(p, fallbackSize, style);
  const paraSize = tokens[0]?.size ?? fallbackSize * scale;
  if (bulletChar && tokens.some((t) => t.text.trim()))
    tokens.unshift({ text: `${bulletChar} `, size: paraSize, bold: false, italic: false, color: tokens[0]?.color ?? '#000' });
  const lines: Line[] = [];
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
    if (width + w > style.maxW - indent && line.length > 0) flush();
    line.push(token);
    width += w;
  }
  flush();
  return lines;
}

/** The runs and breaks of a paragraph, one token per word so lines can wrap between them. */
function runTokens(p: Element, fallbackSize: number, { phType, ctx, scale }: ParagraphStyle): Token[] {
  const isTitle = phType === 'title' || phType === 'ctrTitle';
  const tokens: Token[] = [];
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
    for (const word of text.split(/(?<=\s)/))
      tokens.push({ text: word, size, bold: rPr?.getAttribute('b') === '1', italic: rPr?.getAttribute('i') === '1', color, font });
  }
  return tokens;
}

/** Places the lines in the box by its anchor; neighbouring tokens of one style merge into one tspan. */
function drawLines(lines: Line[], box: Box, inset: Inset, anchor: string, out: string[]): void {
  const total = lines.reduce((n, l) => n + (l.height * PT) / 100, 0);
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
      if (last && last.size === t.size && last.color === t.color && last.bold === t.bold && last.italic === t.italic && last.font === t.font)
        last.text += t.text;
      else merged.push({ ...t });
    }
    const spans = merged
      .map(
        (t) =>
          `<tspan font-size="${(t.size * PT) / 100}" fill="${t.color}"${t.bold ? ' font-weight="bold"' : ''}${t.italic ? ' font-style="italic"' : ''}${t.font ? ` font-family="${esc(t.font)}"` : ''}>${esc(t.text)}</tspan>`,
      )
      .join('');
    out.push(`<text x="${Math.round(x)}" y="${Math.round(y - h * 0.22)}" text-anchor="${anchorAttr}" xml:space="preserve">${spans}</text>`);
  }
}
