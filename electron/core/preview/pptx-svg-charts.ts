import { child, children, descendants, type Element } from './ooxml-reader';
import { colorOf, esc, PT, type Box, type SlideCtx } from './pptx-svg-common';

// Charts from their cached data: bar/column, line, area, scatter and pie.

interface Series {
  name: string;
  cats: string[];
  values: number[];
  x: number[];
  color: string;
}

/** What every chart kind draws with: the plot box, the label size and the value range. */
interface Plot {
  box: Box;
  font: number;
  min: number;
  span: number;
  /** Categories along the axis (1..n when the series have none). */
  cats: string[];
  horizontal: boolean;
}

function numbers(el: Element | undefined): number[] {
  return el ? descendants(el, 'pt').map((pt) => Number(child(pt, 'v')?.textContent)) : [];
}

function labels(el: Element | undefined): string[] {
  return el ? descendants(el, 'pt').map((pt) => child(pt, 'v')?.textContent ?? '') : [];
}

export function renderChart(space: Element, box: Box, ctx: SlideCtx, out: string[]): void {
  const plot = descendants(space, 'plotArea')[0];
  const kind = plot ? children(plot).find((e) => /Chart$/.test(e.localName ?? '')) : undefined;
  const accents = ['accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6'].map((a) => `#${ctx.theme.scheme[a]}`);
  out.push(`<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" fill="none" stroke="#D9D9D9" stroke-width="9525"/>`);
  if (!kind) return;
  const series: Series[] = children(kind, 'ser').map((ser, i) => ({
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
  if (type === 'pieChart' || type === 'doughnutChart') return drawPie(series[0]!, plotBox, font, accents, out);
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const max = Math.max(0, ...all);
  const min = Math.min(0, ...all);
  const cats = series[0]!.cats.length > 0 ? series[0]!.cats : series[0]!.values.map((_, i) => String(i + 1));
  const horizontal = type === 'barChart' && child(kind, 'barDir')?.getAttribute('val') === 'bar';
  const p: Plot = { box: plotBox, font, min, span: max - min || 1, cats, horizontal };
  out.push(
    `<line x1="${plotBox.x}" y1="${plotBox.y + plotBox.h}" x2="${plotBox.x + plotBox.w}" y2="${plotBox.y + plotBox.h}" stroke="#808080" stroke-width="9525"/><line x1="${plotBox.x}" y1="${plotBox.y}" x2="${plotBox.x}" y2="${plotBox.y + plotBox.h}" stroke="#808080" stroke-width="9525"/>`,
  );
  if (type === 'scatterChart') drawScatter(series, p, out);
  else if (type === 'barChart' || type === 'bar3DChart') drawBars(series, p, out);
  else drawLines(series, p, type === 'areaChart', out);
  if (type !== 'scatterChart') drawCategories(p, out);
  out.push(
    `<text x="${box.x + box.w / 2}" y="${box.y + box.h - font * 0.6}" font-size="${font}" text-anchor="middle">${series.map((s) => esc(s.name)).join('   ')}</text>`,
  );
}

function drawPie(s: Series, plotBox: Box, font: number, accents: string[], out: string[]): void {
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
    out.push(
      `<text x="${cx + r * 1.1 * Math.cos(mid)}" y="${cy + r * 1.1 * Math.sin(mid)}" font-size="${font}" text-anchor="middle">${esc(s.cats[i] ?? '')}</text>`,
    );
    angle += a;
  });
}

function drawScatter(series: Series[], { box, font, min, span }: Plot, out: string[]): void {
  const xs = series.flatMap((s) => s.x);
  const xmin = Math.min(...xs, 0);
  const xspan = Math.max(...xs, 1) - xmin || 1;
  for (const s of series)
    s.values.forEach((v, i) =>
      out.push(
        `<circle cx="${box.x + (((s.x[i] ?? i + 1) - xmin) / xspan) * box.w}" cy="${box.y + box.h - ((v - min) / span) * box.h}" r="${font / 3}" fill="${s.color}"/>`,
      ),
    );
}

function drawBars(series: Series[], { box, min, span, cats, horizontal }: Plot, out: string[]): void {
  const slot = (horizontal ? box.h : box.w) / Math.max(cats.length, 1);
  const barW = (slot * 0.7) / series.length;
  series.forEach((s, si) =>
    s.values.forEach((v, i) => {
      const len = ((v - min) / span) * (horizontal ? box.w : box.h);
      if (horizontal)
        out.push(`<rect x="${box.x}" y="${box.y + box.h - (i + 1) * slot + slot * 0.15 + si * barW}" width="${len}" height="${barW}" fill="${s.color}"/>`);
      else out.push(`<rect x="${box.x + i * slot + slot * 0.15 + si * barW}" y="${box.y + box.h - len}" width="${barW}" height="${len}" fill="${s.color}"/>`);
    }),
  );
}

function drawLines(series: Series[], { box, min, span, cats }: Plot, area: boolean, out: string[]): void {
  const n = Math.max(cats.length, 1);
  for (const s of series) {
    const pts = s.values.map((v, i) => `${box.x + (i + 0.5) * (box.w / n)},${box.y + box.h - ((v - min) / span) * box.h}`);
    out.push(
      area
        ? `<polygon points="${box.x + 0.5 * (box.w / n)},${box.y + box.h} ${pts.join(' ')} ${box.x + (n - 0.5) * (box.w / n)},${box.y + box.h}" fill="${s.color}" opacity="0.7"/>`
        : `<polyline points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="${PT * 2}"/>`,
    );
  }
}

function drawCategories({ box, font, cats, horizontal }: Plot, out: string[]): void {
  const n = Math.max(cats.length, 1);
  cats.forEach((c, i) => {
    if (horizontal)
      out.push(`<text x="${box.x - font / 2}" y="${box.y + box.h - (i + 0.5) * (box.h / n)}" font-size="${font}" text-anchor="end">${esc(c)}</text>`);
    else out.push(`<text x="${box.x + (i + 0.5) * (box.w / n)}" y="${box.y + box.h + font * 1.4}" font-size="${font}" text-anchor="middle">${esc(c)}</text>`);
  });
}
