import { child, children, descendants, type Element } from './ooxml-reader';
import { renderChart } from './pptx-svg-charts';
import { boxOf, colorOf, type Box, type SlideCtx } from './pptx-svg-common';
import { renderText } from './pptx-svg-text';

// Graphic frames: tables (cells, fills, text) and the charts they hold.

export async function renderFrame(frame: Element, ctx: SlideCtx, out: string[]): Promise<void> {
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
