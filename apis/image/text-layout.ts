import { xmlEscape } from './raster';

/** Average advance of a DejaVu Sans glyph as a share of the font size (wide enough that lines never overflow). */
const CHAR_WIDTH = 0.6;
export const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

export interface Line {
  text: string;
  size: number;
  bold: boolean;
  /** Indent in pixels (list items). */
  indent: number;
  /** Extra space before the line, in pixels. */
  gap: number;
}

/** Breaks `text` into lines at most `width` pixels wide at `size`; words longer than a line are cut. */
export function wrap(text: string, size: number, width: number): string[] {
  const perLine = Math.max(1, Math.floor(width / (size * CHAR_WIDTH)));
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let w = word; w.length; w = w.slice(perLine)) {
      const piece = w.slice(0, perLine);
      if (!current) current = piece;
      else if (current.length + 1 + piece.length <= perLine) current += ` ${piece}`;
      else {
        lines.push(current);
        current = piece;
      }
      if (w.length <= perLine) break;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** Lays out plain text or light markdown (# headings, - / * / 1. lists, **bold** markers dropped) into lines. */
export function layout(source: string, options: { size: number; width: number; markdown: boolean }): Line[] {
  const out: Line[] = [];
  const { size, width } = options;
  let paragraphGap = 0;
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    if (!raw.trim()) {
      paragraphGap = Math.round(size * 0.6);
      continue;
    }
    let text = raw.trim();
    let lineSize = size;
    let bold = false;
    let indent = 0;
    let bullet = '';
    if (options.markdown) {
      const heading = /^(#{1,6})\s+(.*)$/.exec(text);
      const item = /^([-*+]|\d+[.)])\s+(.*)$/.exec(text);
      if (heading) {
        lineSize = Math.round(size * ([2, 1.6, 1.3, 1.15, 1.05, 1][heading[1]!.length - 1] ?? 1));
        bold = true;
        text = heading[2]!;
      } else if (item) {
        bullet = /\d/.test(item[1]!) ? `${item[1]} ` : '• ';
        indent = Math.round(size * 1.2);
        text = item[2]!;
      }
      text = text
        .replace(/\*\*(.+?)\*\*|__(.+?)__/g, '$1$2')
        .replace(/`([^`]+)`/g, '$1')
        .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
    }
    const wrapped = wrap(bullet + text, lineSize, width - indent);
    wrapped.forEach((t, i) =>
      out.push({
        text: t,
        size: lineSize,
        bold,
        indent: i === 0 ? indent : indent + Math.round(size * 0.8),
        gap: i === 0 ? paragraphGap + (bold ? Math.round(size * 0.4) : 0) : 0,
      }),
    );
    paragraphGap = 0;
  }
  return out;
}

/** The height the lines take (line height 1.35 of each line's size). */
export function linesHeight(lines: Line[]): number {
  return lines.reduce((h, l) => h + l.gap + Math.round(l.size * 1.35), 0);
}

/** SVG <text> elements for the lines, starting at (x, y) (y is the top of the first line). */
export function linesSvg(lines: Line[], x: number, y: number, color: string): string {
  let top = y;
  return lines
    .map((l) => {
      top += l.gap;
      const baseline = top + Math.round(l.size * 1.05);
      top += Math.round(l.size * 1.35);
      return `<text x="${x + l.indent}" y="${baseline}" font-family="${FONT}" font-size="${l.size}"${l.bold ? ' font-weight="bold"' : ''} fill="${xmlEscape(color)}" xml:space="preserve">${xmlEscape(l.text)}</text>`;
    })
    .join('\n');
}
