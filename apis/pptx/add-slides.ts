import { z } from 'zod';
import { defineApi } from '../sdk';
import { EMU_PER_INCH, buildSlides } from './lib/build';
import { EDIT_COMPOSITION, ERRORS_EDIT, pathParam } from './lib/common';
import { Deck } from './lib/deck';
import { graftSlide } from './lib/graft';
import { checkSlideNumbers, editDeck } from './lib/io';
import { slidesSchema } from './lib/spec';
import { readTheme } from './lib/theme';

export const addSlides = defineApi({
  name: 'addSlides',
  description: [
    'Add typed slides to an existing .pptx (made by any program): the same slide list as pptx.createDeck (layouts title, bullets, twoColumn, section, image, chart, table, quote, blank; notes; styling).',
    "The new slides take the deck's slide size, theme colours and fonts; they are inserted at `position` (1-based: the first new slide gets that number), or appended at the end.",
    "Returns { slideCount, added } with the deck's new slide count and the numbers of the added slides.",
    ERRORS_EDIT,
  ].join('\n'),
  parameters: z.object({
    path: pathParam,
    slides: slidesSchema.describe('the slides to add, in order'),
    position: z.number().int().min(1).optional().describe('slide number the first new slide gets; default after the last slide'),
  }),
  returns: z.object({ slideCount: z.number().describe('slides in the deck now'), added: z.array(z.number()).describe('numbers of the new slides') }),
  examples: [
    `const { added } = await pptx.addSlides({
  path: 'report.pptx',
  slides: [
    { layout: 'section', title: 'Appendix' },
    { layout: 'bullets', title: 'Sources', bullets: ['Finance export, 30 Sept', 'CRM pipeline report'], style: { fontSize: 18 } },
  ],
});`,
  ],
  composition: `Use after pptx.createDeck or on any existing deck. ${EDIT_COMPOSITION}`,
  effects: 'stage',
  run: async (args, ctx) =>
    editDeck(ctx, args.path, async (deck) => {
      const before = (await deck.slides()).length;
      if (args.position !== undefined && args.position !== before + 1) checkSlideNumbers([args.position], before, 'position');
      const size = await deck.size();
      const theme = await readTheme(deck);
      const accents = ['accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6'].map((k) => theme.colors[k]).filter((c): c is string => Boolean(c));
      const raw = await buildSlides(ctx, args.slides, {
        width: size.cx / EMU_PER_INCH,
        height: size.cy / EMU_PER_INCH,
        fonts: { heading: theme.fonts.heading || 'Calibri Light', body: theme.fonts.body || 'Calibri' },
        accents: accents.length > 0 ? accents : ['4472C4', 'ED7D31', 'A5A5A5', 'FFC000', '5B9BD5', '70AD47'],
      });
      const donor = await Deck.open(raw, 'generated slides');
      const layouts = await deck.layouts();
      const layout = layouts.find((l) => l.type === 'blank') ?? layouts.find((l) => /blank/i.test(l.name)) ?? layouts[0];
      if (!layout) throw new Error('the deck has no slide layout');
      const start = (args.position ?? before + 1) - 1;
      const added: number[] = [];
      const donorSlides = await donor.slides();
      for (let i = 0; i < donorSlides.length; i++) {
        await graftSlide(donor.pkg, donorSlides[i]!.part, deck, { layoutPart: layout.part, index: start + i });
        added.push(start + i + 1);
      }
      return { slideCount: before + added.length, added };
    }),
});
