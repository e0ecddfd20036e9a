import type PptxGenJSTypes from 'pptxgenjs';
import type { RenderOptions } from './render';
import type { Bullet, SlideSpec, TextStyle } from './spec';

type Slide = PptxGenJSTypes.Slide;
type TextRun = PptxGenJSTypes.TextProps;
type LayoutSpec<K extends SlideSpec['layout']> = Extract<SlideSpec, { layout: K }>;

const TITLE_FONT = '+mj-lt';
const BODY_FONT = '+mn-lt';

/** One slide being drawn: its size in inches, the body box under the title, and the deck's options. */
export interface SlideFrame {
  pptx: PptxGenJSTypes;
  slide: Slide;
  o: RenderOptions;
  W: number;
  H: number;
  bodyTop: number;
  bodyH: number;
  title(text: string, y?: number, h?: number, size?: number): void;
}

export function slideFrame(pptx: PptxGenJSTypes, slide: Slide, o: RenderOptions): SlideFrame {
  const W = o.width;
  const H = o.height;
  const bodyTop = 1.35;
  const title = (text: string, y = 0.3, h = 0.9, size = 30): void => {
    slide.addText(text, {
      x: 0.5,
      y,
      w: W - 1,
      h,
      fontSize: size,
      bold: true,
      fontFace: TITLE_FONT,
      color: 'tx2',
      valign: 'middle',
      objectName: 'Title',
      fit: 'shrink',
    });
  };
  return { pptx, slide, o, W, H, bodyTop, bodyH: H - bodyTop - 0.35, title };
}

export function renderTitleSlide({ slide, W, H }: SlideFrame, spec: LayoutSpec<'title'>): void {
  slide.addText(spec.title, {
    x: 0.5,
    y: H * 0.28,
    w: W - 1,
    h: 1.4,
    fontSize: 40,
    bold: true,
    fontFace: TITLE_FONT,
    color: 'tx2',
    align: 'center',
    valign: 'bottom',
    objectName: 'Title',
    fit: 'shrink',
  });
  if (spec.subtitle)
    slide.addText(spec.subtitle, {
      x: 0.5,
      y: H * 0.28 + 1.5,
      w: W - 1,
      h: 0.8,
      fontSize: 20,
      fontFace: BODY_FONT,
      color: 'tx1',
      align: 'center',
      valign: 'top',
      objectName: 'Subtitle',
    });
}

export function renderSectionSlide({ pptx, slide, o, W, H }: SlideFrame, spec: LayoutSpec<'section'>): void {
  slide.addShape(pptx.ShapeType.rect, {
    x: 0.5,
    y: H * 0.5,
    w: 1.5,
    h: 0.08,
    fill: { color: o.accents[0] ?? '4472C4' },
    line: { type: 'none' },
    objectName: 'Accent bar',
  });
  slide.addText(spec.title, {
    x: 0.5,
    y: H * 0.5 - 1.3,
    w: W - 1,
    h: 1.2,
    fontSize: 36,
    bold: true,
    fontFace: TITLE_FONT,
    color: 'tx2',
    valign: 'bottom',
    objectName: 'Title',
  });
  if (spec.subtitle)
    slide.addText(spec.subtitle, {
      x: 0.5,
      y: H * 0.5 + 0.2,
      w: W - 1,
      h: 0.8,
      fontSize: 18,
      fontFace: BODY_FONT,
      color: 'tx1',
      valign: 'top',
      objectName: 'Subtitle',
    });
}

export function renderBulletsSlide({ slide, W, bodyTop, bodyH, title }: SlideFrame, spec: LayoutSpec<'bullets'>): void {
  title(spec.title);
  if (spec.bullets.length > 0)
    slide.addText(bulletRuns(spec.bullets, spec.style), {
      x: 0.5,
      y: bodyTop,
      w: W - 1,
      h: bodyH,
      valign: 'top',
      fontFace: spec.style?.font ?? BODY_FONT,
      fontSize: spec.style?.fontSize ?? 20,
      color: spec.style?.color ?? 'tx1',
      objectName: 'Content',
      fit: 'shrink',
    });
}

export function renderTwoColumnSlide({ slide, o, W, H, bodyTop, title }: SlideFrame, spec: LayoutSpec<'twoColumn'>): void {
  title(spec.title);
  const colW = (W - 1.4) / 2;
  const columns: [number, string | undefined, readonly Bullet[], string][] = [
    [0.5, spec.leftHeading, spec.left, 'Left'],
    [0.9 + colW, spec.rightHeading, spec.right, 'Right'],
  ];
  for (const [x, heading, items, name] of columns) {
    let y = bodyTop;
    if (heading) {
      slide.addText(heading, {
        x,
        y,
        w: colW,
        h: 0.5,
        fontSize: 20,
        bold: true,
        fontFace: TITLE_FONT,
        color: o.accents[0] ?? 'accent1',
        objectName: `${name} heading`,
      });
      y += 0.55;
    }
    if (items.length > 0)
      slide.addText(bulletRuns(items, spec.style), {
        x,
        y,
        w: colW,
        h: H - y - 0.35,
        valign: 'top',
        fontFace: spec.style?.font ?? BODY_FONT,
        fontSize: spec.style?.fontSize ?? 18,
        color: spec.style?.color ?? 'tx1',
        objectName: `${name} column`,
        fit: 'shrink',
      });
  }
}

/** The picture is scaled to fit the box under the title (or the whole slide) and centred in it. */
export function renderImageSlide({ slide, o, W, H, bodyTop, title }: SlideFrame, spec: LayoutSpec<'image'>): void {
  if (spec.title) title(spec.title);
  const image = o.images.get(spec.image)!;
  const top = spec.title ? bodyTop : 0.4;
  const boxH = H - top - (spec.caption ? 0.9 : 0.4);
  const boxW = W - 1;
  const scale = Math.min(boxW / image.width, boxH / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  slide.addImage({
    data: image.dataUri,
    x: 0.5 + (boxW - w) / 2,
    y: top + (boxH - h) / 2,
    w,
    h,
    objectName: 'Picture',
    altText: spec.caption ?? spec.title ?? '',
  });
  if (spec.caption)
    slide.addText(spec.caption, {
      x: 0.5,
      y: H - 0.85,
      w: W - 1,
      h: 0.5,
      fontSize: 14,
      italic: true,
      fontFace: BODY_FONT,
      color: 'tx1',
      align: 'center',
      objectName: 'Caption',
    });
}

/** Smaller type for longer tables; the header row takes the first accent colour. */
export function renderTableSlide({ slide, o, W, bodyTop, title }: SlideFrame, spec: LayoutSpec<'table'>): void {
  title(spec.title);
  const rows: PptxGenJSTypes.TableRow[] = [];
  const size = spec.style?.fontSize ?? (spec.rows.length > 12 ? 10 : spec.rows.length > 6 ? 12 : 14);
  const cellOpts = {
    fontSize: size,
    fontFace: spec.style?.font ?? BODY_FONT,
    color: spec.style?.color ?? 'tx1',
    bold: spec.style?.bold,
    italic: spec.style?.italic,
    align: spec.style?.align,
  };
  if (spec.columns?.length)
    rows.push(spec.columns.map((c) => ({ text: c, options: { ...cellOpts, bold: true, color: 'FFFFFF', fill: { color: o.accents[0] ?? '4472C4' } } })));
  for (const row of spec.rows) rows.push(row.map((c) => ({ text: c === null ? '' : String(c), options: cellOpts })));
  if (rows.length > 0)
    slide.addTable(rows, { x: 0.5, y: bodyTop, w: W - 1, border: { type: 'solid', pt: 0.75, color: 'A6A6A6' }, autoPage: false, objectName: 'Table' });
}

export function renderQuoteSlide({ slide, W, H }: SlideFrame, spec: LayoutSpec<'quote'>): void {
  slide.addText(`\u201C${spec.quote}\u201D`, {
    x: 1,
    y: H * 0.2,
    w: W - 2,
    h: H * 0.45,
    fontSize: 30,
    italic: true,
    fontFace: TITLE_FONT,
    color: 'tx2',
    align: 'center',
    valign: 'middle',
    objectName: 'Quote',
    fit: 'shrink',
  });
  if (spec.author)
    slide.addText(`\u2014 ${spec.author}`, {
      x: 1,
      y: H * 0.68,
      w: W - 2,
      h: 0.6,
      fontSize: 18,
      fontFace: BODY_FONT,
      color: 'tx1',
      align: 'right',
      objectName: 'Author',
    });
}

function bulletRuns(items: readonly Bullet[], style: TextStyle | undefined): TextRun[] {
  return items.map((item) => {
    const b = typeof item === 'string' ? { text: item, level: 0 } : item;
    return {
      text: b.text,
      options: {
        bullet: true,
        indentLevel: b.level,
        bold: ('bold' in b ? b.bold : undefined) ?? style?.bold,
        italic: ('italic' in b ? b.italic : undefined) ?? style?.italic,
        underline: style?.underline ? { style: 'sng' } : undefined,
        color: ('color' in b ? b.color : undefined) ?? style?.color,
        align: style?.align,
        breakLine: true,
      },
    };
  });
}
