import { z } from 'zod';
import { defineApi } from '../sdk';
import { EDIT_COMPOSITION, ERRORS_EDIT, pathParam } from './lib/common';
import { graftSlide } from './lib/graft';
import { checkSlideNumbers, editDeck } from './lib/io';

export const duplicateSlide = defineApi({
  name: 'duplicateSlide',
  description: [
    'Duplicate one slide of an existing .pptx: an exact copy with its layout, formatting, pictures, charts (copied, so editing one does not change the other) and speaker notes.',
    'The copy goes to `position` (1-based; default right after the original). Returns { newSlide, slideCount }.',
    ERRORS_EDIT,
  ].join('\n'),
  parameters: z.object({
    path: pathParam,
    slide: z.number().int().describe('number of the slide to copy (from 1)'),
    position: z.number().int().min(1).optional().describe('number the copy gets; default right after the original'),
  }),
  returns: z.object({ newSlide: z.number().describe('number of the copy'), slideCount: z.number().describe('slides in the deck now') }),
  examples: [
    `const { newSlide } = await pptx.duplicateSlide({ path: 'report.pptx', slide: 2 });
await pptx.replaceText({ path: 'report.pptx', slides: [newSlide], replacements: [{ find: 'Q3', replace: 'Q4' }] });`,
  ],
  composition: `Duplicate then replaceText on the copy to make a variant slide. ${EDIT_COMPOSITION}`,
  effects: 'stage',
  run: async (args, ctx) =>
    editDeck(ctx, args.path, async (deck) => {
      const refs = await deck.slides();
      checkSlideNumbers([args.slide], refs.length);
      const position = args.position ?? args.slide + 1;
      if (position !== refs.length + 1) checkSlideNumbers([position], refs.length, 'position');
      const source = refs[args.slide - 1]!.part;
      const layout = await deck.layoutOf(source);
      if (!layout) throw new Error(`slide ${args.slide} has no layout`);
      await graftSlide(deck.pkg, source, deck, { layoutPart: layout, index: position - 1 });
      return { newSlide: position, slideCount: refs.length + 1 };
    }),
});
