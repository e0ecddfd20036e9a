import { child, children, type Element } from './ooxml-reader';
import { boxOf, colorOf, type Box, type SlideCtx } from './pptx-svg-common';
import { renderPicture } from './pptx-svg-pictures';
import { renderFrame } from './pptx-svg-tables';
import { renderText } from './pptx-svg-text';

// Shape kinds: the shape tree walk, groups, preset shapes, placeholders and the boxes they inherit.

export function placeholder(shape: Element): { type: string; idx: string } | undefined {
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
      (['ctrTitle', 'title'].includes(ph.type)
        ? shapes.find((s) => ['title', 'ctrTitle'].includes(placeholder(s)?.type ?? ''))
        : shapes.find((s) => placeholder(s)?.type === 'body'));
    const box = match && boxOf(child(match, 'spPr', 'xfrm'));
    if (box) return box;
  }
  return undefined;
}

export async function renderTree(tree: Element | undefined, ctx: SlideCtx, out: string[], decorOnly: boolean): Promise<void> {
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
        const transform = box
          ? ` transform="translate(${box.x} ${box.y}) scale(${box.w / cw} ${box.h / chh}) translate(${-(Number(chOff?.getAttribute('x')) || 0)} ${-(Number(chOff?.getAttribute('y')) || 0)})"`
          : '';
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
    else if (geom === 'line')
      out.push(`<line x1="${box.x}" y1="${box.y}" x2="${box.x + box.w}" y2="${box.y + box.h}" stroke="${stroke ?? '#000'}" stroke-width="${strokeW}"/>`);
    else
      out.push(
        `<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}"${geom === 'roundRect' ? ` rx="${Math.min(box.w, box.h) / 6}"` : ''} ${paint}/>`,
      );
  }
  const body = child(shape, 'txBody');
  if (body) renderText(body, box, ph?.type, ctx, out);
}
