import { z } from 'zod';
import { ApiError } from '../../sdk';
import type { Deck } from './deck';
import { REL } from './package';
import { child, children, type Element } from './xml';

const hex = z
  .string()
  .regex(/^#?[0-9a-fA-F]{6}$/, 'a colour is six hex digits such as 1F4E79')
  .transform((c) => c.replace('#', '').toUpperCase());

export const colorsSchema = z
  .object({
    text: hex.optional().describe('main text colour (theme slot dk1)'),
    background: hex.optional().describe('slide background colour (theme slot lt1)'),
    text2: hex.optional().describe('titles and secondary text (theme slot dk2)'),
    background2: hex.optional().describe('secondary background (theme slot lt2)'),
    accent1: hex.optional().describe('first accent: chart series 1, highlights'),
    accent2: hex.optional().describe('second accent'),
    accent3: hex.optional().describe('third accent'),
    accent4: hex.optional().describe('fourth accent'),
    accent5: hex.optional().describe('fifth accent'),
    accent6: hex.optional().describe('sixth accent'),
  })
  .describe('theme colours as hex RGB (RRGGBB); omitted slots keep their value');
export type ThemeColors = z.output<typeof colorsSchema>;

export const PRESETS = {
  office: {
    text: '000000',
    background: 'FFFFFF',
    text2: '1F3864',
    background2: 'E7E6E6',
    accent1: '4472C4',
    accent2: 'ED7D31',
    accent3: 'A5A5A5',
    accent4: 'FFC000',
    accent5: '5B9BD5',
    accent6: '70AD47',
  },
  dark: {
    text: 'F2F2F2',
    background: '1E1E1E',
    text2: '9CDCFE',
    background2: '333333',
    accent1: '4FC1FF',
    accent2: 'F48771',
    accent3: 'C586C0',
    accent4: 'DCDCAA',
    accent5: '6A9955',
    accent6: 'CE9178',
  },
  ocean: {
    text: '102A43',
    background: 'FFFFFF',
    text2: '0B4F6C',
    background2: 'E3F2FD',
    accent1: '01BAEF',
    accent2: '0B4F6C',
    accent3: '20BF55',
    accent4: 'FBFBFF',
    accent5: '757575',
    accent6: 'F9A03F',
  },
  forest: {
    text: '1B2A1B',
    background: 'FAFAF5',
    text2: '2D5016',
    background2: 'E8EFE0',
    accent1: '2D5016',
    accent2: '6A994E',
    accent3: 'A7C957',
    accent4: 'BC4749',
    accent5: 'F2E8CF',
    accent6: '386641',
  },
  sunset: {
    text: '2B2118',
    background: 'FFF8F0',
    text2: '9E2A2B',
    background2: 'FCE8D5',
    accent1: 'E09F3E',
    accent2: '9E2A2B',
    accent3: '540B0E',
    accent4: '335C67',
    accent5: 'FFF3B0',
    accent6: 'E76F51',
  },
  mono: {
    text: '111111',
    background: 'FFFFFF',
    text2: '333333',
    background2: 'EEEEEE',
    accent1: '444444',
    accent2: '777777',
    accent3: '999999',
    accent4: 'BBBBBB',
    accent5: '222222',
    accent6: '555555',
  },
} as const satisfies Record<string, Required<ThemeColors>>;

export const fontsSchema = z
  .object({
    heading: z.string().min(1).max(64).optional().describe('font for titles (theme major font), e.g. "Georgia"'),
    body: z.string().min(1).max(64).optional().describe('font for body text (theme minor font), e.g. "Arial"'),
  })
  .describe('theme fonts; omitted ones keep their value');
export type ThemeFonts = z.output<typeof fontsSchema>;

const SLOTS: Record<keyof ThemeColors, string> = {
  text: 'dk1',
  background: 'lt1',
  text2: 'dk2',
  background2: 'lt2',
  accent1: 'accent1',
  accent2: 'accent2',
  accent3: 'accent3',
  accent4: 'accent4',
  accent5: 'accent5',
  accent6: 'accent6',
};

/** The theme parts the deck's slide masters use. */
export async function themeParts(deck: Deck): Promise<string[]> {
  const parts = new Set<string>();
  for (const master of (await deck.pkg.rels(deck.presentationPart)).filter((r) => r.type === REL.slideMaster)) {
    for (const rel of await deck.pkg.rels(master.target)) if (rel.type === REL.theme && deck.pkg.has(rel.target)) parts.add(rel.target);
  }
  return [...parts];
}

/** Writes colours and fonts into every master theme of the deck; returns the parts changed. */
export async function applyTheme(deck: Deck, colors: ThemeColors, fonts: ThemeFonts): Promise<string[]> {
  const parts = await themeParts(deck);
  if (parts.length === 0) throw new ApiError('INVALID_FILE', 'the deck has no theme part to change');
  for (const part of parts) {
    const root = (await deck.pkg.doc(part)).documentElement!;
    const elements = child(root, 'themeElements');
    const scheme = elements && child(elements, 'clrScheme');
    const fontScheme = elements && child(elements, 'fontScheme');
    if (!scheme || !fontScheme) throw new ApiError('INVALID_FILE', `${part} has no colour or font scheme`);
    for (const [key, slot] of Object.entries(SLOTS) as [keyof ThemeColors, string][]) {
      const value = colors[key];
      if (!value) continue;
      const el = child(scheme, slot);
      if (!el) continue;
      while (el.firstChild) el.removeChild(el.firstChild);
      const clr = el.ownerDocument!.createElementNS(el.namespaceURI, `${el.prefix ? `${el.prefix}:` : ''}srgbClr`);
      clr.setAttribute('val', value);
      el.appendChild(clr);
    }
    setFont(child(fontScheme, 'majorFont'), fonts.heading);
    setFont(child(fontScheme, 'minorFont'), fonts.body);
    deck.pkg.markDirty(part);
  }
  return parts;
}

function setFont(font: Element | undefined, typeface: string | undefined): void {
  if (!font || !typeface) return;
  const latin = child(font, 'latin');
  if (latin) latin.setAttribute('typeface', typeface);
}

/** The current colours of the first theme (hex), for readers. */
export async function readTheme(deck: Deck): Promise<{ colors: Record<string, string>; fonts: { heading: string; body: string } }> {
  const part = (await themeParts(deck))[0];
  const colors: Record<string, string> = {};
  const fonts = { heading: '', body: '' };
  if (!part) return { colors, fonts };
  const elements = child((await deck.pkg.doc(part)).documentElement!, 'themeElements');
  const scheme = elements && child(elements, 'clrScheme');
  for (const [key, slot] of Object.entries(SLOTS)) {
    const el = scheme && child(scheme, slot);
    const clr = el && children(el)[0];
    const value = clr?.getAttribute('lastClr') ?? clr?.getAttribute('val');
    if (value) colors[key] = value;
  }
  const fontScheme = elements && child(elements, 'fontScheme');
  fonts.heading = (fontScheme && child(fontScheme, 'majorFont') && child(child(fontScheme, 'majorFont')!, 'latin')?.getAttribute('typeface')) || '';
  fonts.body = (fontScheme && child(fontScheme, 'minorFont') && child(child(fontScheme, 'minorFont')!, 'latin')?.getAttribute('typeface')) || '';
  return { colors, fonts };
}
