import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { buildSlides } from './lib/build';
import { ERRORS_READ, pathParam } from './lib/common';
import { Deck } from './lib/deck';
import { guard, saveDeck } from './lib/io';
import { slidesSchema, themeSchema } from './lib/spec';
import { PRESETS, applyTheme } from './lib/theme';

const SIZES = { '16:9': { width: 10, height: 5.625 }, '4:3': { width: 10, height: 7.5 } } as const;

export const createDeck = defineApi({
  name: 'createDeck',
  description: [
    'Make a new PowerPoint deck (a .pptx slide presentation) from a list of typed slides, in one call.',
    'Each slide has a `layout`: title (title, subtitle), bullets (title, bullets), twoColumn (title, left, right, leftHeading, rightHeading), section (title, subtitle), image (image path, title, caption), chart (title, chart: { type bar|column|line|pie|doughnut|scatter|area, categories, series: [{ name, values, x }] }), table (title, columns, rows), quote (quote, author), blank. Every slide may have `notes` (speaker notes) and `background` (hex colour).',
    'Bullets are strings or { text, level (0-4), bold, italic, color }; `style` styles all bullets or cells (fontSize, bold, italic, underline, color, font, align).',
    'Text colours and fonts follow the theme (a preset: office, dark, ocean, forest, sunset, mono; optional colour and font overrides), so pptx.setTheme restyles the deck later.',
    'Images are read from files inside the granted folders (PNG, JPEG, GIF; at most 25 MB and 100 megapixels).',
    'Returns { path, slideCount }. The file is staged: it is written to `path` when the person applies the run.',
    `${ERRORS_READ} INVALID_ARGUMENTS when the file exists and overwrite is false.`,
  ].join('\n'),
  parameters: z.object({
    path: pathParam,
    slides: slidesSchema.describe('the slides in order (1 to 1000)'),
    theme: themeSchema.default({ preset: 'office' }),
    size: z.enum(['16:9', '4:3']).default('16:9').describe('slide shape: widescreen 16:9 (10 × 5.625 in) or standard 4:3 (10 × 7.5 in)'),
    overwrite: z.boolean().default(false).describe('replace an existing file at path'),
  }),
  returns: z.object({ path: z.string().describe('the path as given'), slideCount: z.number().describe('slides written') }),
  examples: [
    `await pptx.createDeck({
  path: 'q3-review.pptx',
  theme: { preset: 'ocean', fonts: { heading: 'Georgia' } },
  slides: [
    { layout: 'title', title: 'Q3 Review', subtitle: 'Sales team, October' },
    { layout: 'bullets', title: 'Highlights', bullets: ['Revenue up 12%', { text: 'EMEA led growth', level: 1 }], notes: 'Start with the good news.' },
    { layout: 'chart', title: 'Revenue by region', chart: { type: 'column', categories: ['EMEA', 'APAC', 'AMER'], series: [{ name: 'Q3', values: [42, 31, 55] }] } },
    { layout: 'table', title: 'Top accounts', columns: ['Account', 'Revenue'], rows: [['Acme', 1200], ['Globex', 950]] },
    { layout: 'quote', quote: 'Keep it simple.', author: 'The team' },
  ],
});`,
  ],
  composition:
    "Start here for a new deck. Afterwards pptx.addSlides appends more typed slides, pptx.setTheme restyles, pptx.readDeck checks the result. Use pptx.insertSlide to add slides from an existing deck's own layouts.",
  effects: 'stage',
  run: async (args, ctx) => {
    const exists = await ctx.staging.readPath(args.path).then(
      () => true,
      (error: unknown) => {
        if (error instanceof ApiError && error.code === 'NOT_FOUND') return false;
        throw error;
      },
    );
    if (exists && !args.overwrite)
      throw new ApiError('INVALID_ARGUMENTS', `${args.path} already exists: pass overwrite: true to replace it, or use pptx.addSlides to extend it`);
    if (!/\.pptx$/i.test(args.path)) throw new ApiError('INVALID_ARGUMENTS', `${args.path} must end in .pptx`);
    const colors = { ...PRESETS[args.theme.preset], ...stripUndefined(args.theme.colors ?? {}) };
    const fonts = { heading: args.theme.fonts?.heading ?? 'Calibri Light', body: args.theme.fonts?.body ?? 'Calibri' };
    const size = SIZES[args.size];
    const accents = [colors.accent1, colors.accent2, colors.accent3, colors.accent4, colors.accent5, colors.accent6];
    const raw = await buildSlides(ctx, args.slides, { ...size, fonts, accents });
    const bytes = await guard(args.path, async () => {
      const deck = await Deck.open(raw, args.path);
      await applyTheme(deck, colors, fonts);
      return deck.pkg.toBytes();
    });
    await saveDeck(ctx, args.path, bytes);
    return { path: args.path, slideCount: args.slides.length };
  },
});

export function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
