import { child, children, type Element, type OoxmlReader } from './ooxml-reader';

// What every part of the SVG slide renderer shares: units, boxes, the theme and colours, escaping.

/** EMU per point. */
export const PT = 12700;
const DEFAULT_SCHEME: Record<string, string> = {
  dk1: '000000',
  lt1: 'FFFFFF',
  dk2: '44546A',
  lt2: 'E7E6E6',
  accent1: '4472C4',
  accent2: 'ED7D31',
  accent3: 'A5A5A5',
  accent4: 'FFC000',
  accent5: '5B9BD5',
  accent6: '70AD47',
  hlink: '0563C1',
  folHlink: '954F72',
};
const DEFAULT_MAP: Record<string, string> = { bg1: 'lt1', tx1: 'dk1', bg2: 'lt2', tx2: 'dk2' };

export interface Theme {
  scheme: Record<string, string>;
  map: Record<string, string>;
  major: string;
  minor: string;
}

export interface SlideCtx {
  reader: OoxmlReader;
  theme: Theme;
  rels: Map<string, { type: string; target: string }>;
  /** Layout then master shape trees, for placeholder positions. */
  inherited: Element[];
}

export async function readTheme(reader: OoxmlReader, part: string | undefined, master: Element | undefined): Promise<Theme> {
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

export function colorOf(el: Element | undefined, theme: Theme): string | undefined {
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

export function background(el: Element, theme: Theme): string | undefined {
  const bg = child(el, 'cSld', 'bg');
  if (!bg) return undefined;
  const pr = child(bg, 'bgPr');
  if (pr) return colorOf(child(pr, 'solidFill'), theme);
  const ref = child(bg, 'bgRef');
  return ref ? colorOf(ref, theme) : undefined;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function boxOf(xfrm: Element | undefined): Box | undefined {
  const off = xfrm && child(xfrm, 'off');
  const ext = xfrm && child(xfrm, 'ext');
  if (!off || !ext) return undefined;
  return {
    x: Number(off.getAttribute('x')) || 0,
    y: Number(off.getAttribute('y')) || 0,
    w: Number(ext.getAttribute('cx')) || 0,
    h: Number(ext.getAttribute('cy')) || 0,
  };
}

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
