import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type fontkitTypes from '@pdf-lib/fontkit';
import type * as PdfLibModule from 'pdf-lib';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { lazyModule } from '../sdk/lazy-module';

// @pdf-lib/fontkit, pdf-lib: loaded when an API first uses it, not when the pack is listed.
const fontkit = lazyModule<typeof fontkitTypes>('@pdf-lib/fontkit');
const StandardFonts = lazyModule<typeof PdfLibModule.StandardFonts>('pdf-lib', (m) => m.StandardFonts);

/** A paragraph-level piece of the input: markdown headings and bullets, or plain paragraphs. */
export interface TextBlock {
  kind: 'heading' | 'paragraph' | 'bullet' | 'code' | 'rule' | 'gap';
  text: string;
  level: number;
  /** The bullet's marker ("•" or "3."). */
  marker?: string;
}

/** Splits markdown into blocks (headings #..######, bullets - * + and 1., fenced code, rules, paragraphs). */
export function parseMarkdown(source: string): TextBlock[] {
  const out: TextBlock[] = [];
  let inCode = false;
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\t/g, '    ');
    if (/^\s*```/.test(line)) {
      inCode = !inCode;
      continue;
    }
    if (inCode) {
      out.push({ kind: 'code', text: line, level: 0 });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    const bullet = /^(\s*)([-*+]|\d{1,3}[.)])\s+(.*)$/.exec(line);
    if (!line.trim()) out.push({ kind: 'gap', text: '', level: 0 });
    else if (heading) out.push({ kind: 'heading', text: inline(heading[2]!), level: heading[1]!.length });
    else if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) out.push({ kind: 'rule', text: '', level: 0 });
    else if (bullet)
      out.push({
        kind: 'bullet',
        text: inline(bullet[3]!),
        level: Math.min(4, Math.floor(bullet[1]!.length / 2)),
        marker: /\d/.test(bullet[2]!) ? bullet[2]! : '•',
      });
    else out.push({ kind: 'paragraph', text: inline(line.replace(/^>\s?/, '')), level: 0 });
  }
  return out;
}

/** Plain text: every line is a paragraph, blank lines are gaps. */
export function parsePlain(source: string): TextBlock[] {
  return source
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => (line.trim() ? { kind: 'paragraph' as const, text: line.replace(/\t/g, '    '), level: 0 } : { kind: 'gap' as const, text: '', level: 0 }));
}

/** Drops inline markdown markers (bold, italic, code, links keep their text). */
function inline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\(([^)]*)\)/g, '$1 ($2)')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|\W)[*_](\S.*?)[*_](?=\W|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1');
}

const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/TTF', '/usr/share/fonts/dejavu', '/Library/Fonts', 'C:\\Windows\\Fonts'];
const FONT_FILES = [
  ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'],
  ['LiberationSans-Regular.ttf', 'LiberationSans-Bold.ttf'],
  ['arial.ttf', 'arialbd.ttf'],
];

/** A TrueType font pair found on this machine (DejaVu Sans first), or undefined. */
export function findTrueType(): { regular: string; bold: string } | undefined {
  for (const dir of FONT_DIRS) {
    for (const [regular, bold] of FONT_FILES) {
      const r = `${dir}/${regular}`;
      if (existsSync(r)) return { regular: r, bold: existsSync(`${dir}/${bold}`) ? `${dir}/${bold}` : r };
    }
  }
  return undefined;
}

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  /** The font family used ("DejaVuSans" or "Helvetica"). */
  name: string;
  /** Code points both fonts can draw. */
  covers(codePoint: number): boolean;
}

/** Embeds a TrueType font when one is found (subset), else the standard Helvetica (WinAnsi only). */
export async function embedFonts(doc: PDFDocument, ttf: { regular: string; bold: string } | null | undefined = findTrueType()): Promise<Fonts> {
  if (ttf) {
    doc.registerFontkit(fontkit);
    const regular = await doc.embedFont(await readFile(ttf.regular), { subset: true });
    const bold = await doc.embedFont(await readFile(ttf.bold), { subset: true });
    const set = new Set(regular.getCharacterSet());
    const boldSet = new Set(bold.getCharacterSet());
    return { regular, bold, name: regular.name.replace(/^[A-Z]{6}\+/, ''), covers: (c) => set.has(c) && boldSet.has(c) };
  }
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const set = new Set(regular.getCharacterSet());
  return { regular, bold, name: 'Helvetica', covers: (c) => set.has(c) };
}

/** Replaces what the fonts cannot draw with "?" and counts the replacements. */
export function encodable(text: string, fonts: Fonts, missing: Set<string>): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x20 || fonts.covers(cp)) out += ch;
    else {
      missing.add(ch);
      out += '?';
    }
  }
  return out;
}

const WIDTHS = new WeakMap<PDFFont, Map<string, number>>();

/** Width of `text` at size 1 from cached per-character advances (fontkit's full layout per call is slow). */
function advance(font: PDFFont, text: string): number {
  let cache = WIDTHS.get(font);
  if (!cache) WIDTHS.set(font, (cache = new Map()));
  let sum = 0;
  for (const ch of text) {
    let w = cache.get(ch);
    if (w === undefined) cache.set(ch, (w = font.widthOfTextAtSize(ch, 1)));
    sum += w;
  }
  return sum;
}

/** Breaks `text` into lines no wider than `width` at `size` (long words are cut). */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const space = advance(font, ' ') * size;
  let lineWidth = 0;
  const fits = (w: number) => w <= width;
  for (const word of text.split(/ +/)) {
    const wordWidth = advance(font, word) * size;
    const candidate = line ? lineWidth + space + wordWidth : wordWidth;
    if (fits(candidate)) {
      line = line ? `${line} ${word}` : word;
      lineWidth = candidate;
      continue;
    }
    if (line) lines.push(line);
    let rest = '';
    let restWidth = 0;
    for (const ch of word) {
      const w = advance(font, ch) * size;
      if (rest && !fits(restWidth + w)) {
        lines.push(rest);
        rest = '';
        restWidth = 0;
      }
      rest += ch;
      restWidth += w;
    }
    line = rest;
    lineWidth = restWidth;
  }
  lines.push(line);
  return lines;
}
