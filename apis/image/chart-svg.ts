import { xmlEscape } from './raster';
import { FONT } from './text-layout';

export interface ChartSpec {
  type: 'bar' | 'line' | 'pie' | 'scatter';
  title?: string;
  labels: string[];
  series: { name: string; values: number[]; x?: number[] }[];
  xLabel?: string;
  yLabel?: string;
  width: number;
  height: number;
  legend: boolean;
}

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const colour = (i: number) => PALETTE[i % PALETTE.length]!;

const text = (x: number, y: number, s: string, size: number, extra = '', fill = '#222') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="${FONT}" font-size="${size}" fill="${fill}"${extra}>${xmlEscape(s)}</text>`;

/** Round axis steps (1, 2, 5 × 10^n) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (lo === hi) [lo, hi] = lo === 0 ? [0, 1] : [Math.min(0, lo), Math.max(0, hi)];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.floor(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1]! < hi) ticks.push(ticks[ticks.length - 1]! + step);
  return ticks;
}

const fmt = (v: number) =>
  Math.abs(v) >= 1e6 ? `${(v / 1e6).toPrecision(3)}M` : Math.abs(v) >= 1e4 ? `${(v / 1e3).toPrecision(3)}k` : String(Number(v.toPrecision(6)));

/** The chart as an SVG document. */
export function chartSvg(spec: ChartSpec): string {
  const { width: W, height: H } = spec;
  const fs = Math.max(10, Math.round(Math.min(W, H) / 40));
  const top = spec.title ? fs * 3 : fs * 1.5;
  const legendH = spec.legend && (spec.series.length > 1 || spec.type === 'pie') ? fs * 2 : 0;
  const parts: string[] = [`<rect width="100%" height="100%" fill="#ffffff"/>`];
  if (spec.title) parts.push(text(W / 2, fs * 2, spec.title, Math.round(fs * 1.4), ' text-anchor="middle" font-weight="bold"'));
  const names = spec.type === 'pie' ? spec.labels : spec.series.map((s) => s.name);
  if (legendH) {
    let x = fs * 2;
    names.forEach((n, i) => {
      parts.push(
        `<rect x="${x}" y="${H - legendH + fs * 0.4}" width="${fs}" height="${fs}" fill="${colour(i)}"/>`,
        text(x + fs * 1.4, H - legendH + fs * 1.25, n, fs),
      );
      x += fs * 2.4 + n.length * fs * 0.6;
    });
  }
  if (spec.type === 'pie')
    return wrapSvg(W, H, [...parts, ...pie(spec, W / 2, top + (H - top - legendH) / 2, Math.min(W, H - top - legendH) / 2 - fs * 2, fs)]);
  const left = fs * (spec.yLabel ? 6 : 4.5);
  const plot = { x: left, y: top, w: W - left - fs * 2, h: H - top - legendH - fs * (spec.xLabel ? 5 : 3.5) };
  const all = spec.series.flatMap((s) => s.values);
  const yTicks = niceTicks(Math.min(0, ...all), Math.max(0, ...all));
  const [y0, y1] = [yTicks[0]!, yTicks[yTicks.length - 1]!];
  const yPos = (v: number) => plot.y + plot.h - ((v - y0) / (y1 - y0)) * plot.h;
  for (const t of yTicks)
    parts.push(
      `<line x1="${plot.x}" x2="${plot.x + plot.w}" y1="${yPos(t)}" y2="${yPos(t)}" stroke="#ddd"/>`,
      text(plot.x - fs * 0.4, yPos(t) + fs * 0.35, fmt(t), fs, ' text-anchor="end"'),
    );
  parts.push(
    `<line x1="${plot.x}" x2="${plot.x}" y1="${plot.y}" y2="${plot.y + plot.h}" stroke="#444"/>`,
    `<line x1="${plot.x}" x2="${plot.x + plot.w}" y1="${yPos(Math.max(y0, 0))}" y2="${yPos(Math.max(y0, 0))}" stroke="#444"/>`,
  );
  if (spec.yLabel)
    parts.push(text(fs * 1.2, plot.y + plot.h / 2, spec.yLabel, fs, ` text-anchor="middle" transform="rotate(-90 ${fs * 1.2} ${plot.y + plot.h / 2})"`));
  if (spec.xLabel) parts.push(text(plot.x + plot.w / 2, plot.y + plot.h + fs * 3.8, spec.xLabel, fs, ' text-anchor="middle"'));
  if (spec.type === 'scatter') parts.push(...scatter(spec, plot, yPos, fs));
  else parts.push(...categorical(spec, plot, yPos, fs));
  return wrapSvg(W, H, parts);
}

type Plot = { x: number; y: number; w: number; h: number };

function categorical(spec: ChartSpec, plot: Plot, yPos: (v: number) => number, fs: number): string[] {
  const n = Math.max(1, spec.labels.length);
  const slot = plot.w / n;
  const out: string[] = [];
  spec.labels.forEach((l, i) =>
    out.push(text(plot.x + slot * (i + 0.5), plot.y + plot.h + fs * 1.5, l.length > 18 ? `${l.slice(0, 17)}…` : l, fs, ' text-anchor="middle"')),
  );
  const zero = yPos(Math.max(0, niceFloor(spec)));
  spec.series.forEach((s, k) => {
    if (spec.type === 'bar') {
      const bw = (slot * 0.8) / spec.series.length;
      s.values.forEach((v, i) => {
        const x = plot.x + slot * i + slot * 0.1 + bw * k;
        const [y, h] = [Math.min(yPos(v), zero), Math.abs(zero - yPos(v))];
        out.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bw.toFixed(1)}" height="${h.toFixed(1)}" fill="${colour(k)}"/>`);
      });
    } else {
      const pts = s.values.map((v, i) => `${(plot.x + slot * (i + 0.5)).toFixed(1)},${yPos(v).toFixed(1)}`);
      out.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${colour(k)}" stroke-width="${Math.max(2, fs / 5)}"/>`);
      pts.forEach((p) => out.push(`<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="${fs / 3}" fill="${colour(k)}"/>`));
    }
  });
  return out;
}

function niceFloor(spec: ChartSpec): number {
  return Math.min(0, ...spec.series.flatMap((s) => s.values));
}

function scatter(spec: ChartSpec, plot: Plot, yPos: (v: number) => number, fs: number): string[] {
  const xs = spec.series.flatMap((s) => s.x ?? s.values.map((_, i) => i + 1));
  const ticks = niceTicks(Math.min(...xs), Math.max(...xs));
  const [x0, x1] = [ticks[0]!, ticks[ticks.length - 1]!];
  const xPos = (v: number) => plot.x + ((v - x0) / (x1 - x0)) * plot.w;
  const out = ticks.map((t) => text(xPos(t), plot.y + plot.h + fs * 1.5, fmt(t), fs, ' text-anchor="middle"'));
  spec.series.forEach((s, k) =>
    s.values.forEach((v, i) =>
      out.push(`<circle cx="${xPos(s.x?.[i] ?? i + 1).toFixed(1)}" cy="${yPos(v).toFixed(1)}" r="${fs / 2.5}" fill="${colour(k)}" fill-opacity="0.85"/>`),
    ),
  );
  return out;
}

function pie(spec: ChartSpec, cx: number, cy: number, r: number, fs: number): string[] {
  const values = spec.series[0]?.values ?? [];
  const total = values.reduce((a, b) => a + b, 0);
  let angle = -Math.PI / 2;
  return values.flatMap((v, i) => {
    const sweep = (v / total) * 2 * Math.PI;
    const [a0, a1] = [angle, angle + sweep];
    angle = a1;
    const p = (a: number, rr = r) => `${(cx + rr * Math.cos(a)).toFixed(1)},${(cy + rr * Math.sin(a)).toFixed(1)}`;
    const shape =
      sweep >= 2 * Math.PI - 1e-9
        ? `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${colour(i)}"/>`
        : `<path d="M${cx},${cy} L${p(a0)} A${r},${r} 0 ${sweep > Math.PI ? 1 : 0} 1 ${p(a1)} Z" fill="${colour(i)}" stroke="#fff"/>`;
    const [lx, ly] = p((a0 + a1) / 2, r * 0.65)
      .split(',')
      .map(Number);
    return [shape, sweep > 0.25 ? text(lx!, ly!, `${Math.round((v / total) * 100)}%`, fs, ' text-anchor="middle"', '#fff') : ''];
  });
}

function wrapSvg(w: number, h: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">\n${parts.filter(Boolean).join('\n')}\n</svg>\n`;
}
