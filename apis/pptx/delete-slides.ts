import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { EDIT_COMPOSITION, ERRORS_EDIT, pathParam } from './lib/common';
import { checkSlideNumbers, editDeck } from './lib/io';

export const deleteSlides = defineApi({
  name: 'deleteSlides',
  description: [
    'Delete slides from an existing .pptx by number, with their speaker notes and the charts and media only they used. The other slides keep their content and formatting; sections are updated.',
    'Returns { slideCount } (slides left). At least one slide must remain.',
    ERRORS_EDIT,
  ].join('\n'),
  parameters: z.object({
    path: pathParam,
    slides: z.array(z.number().int()).min(1).max(5000).describe('slide numbers to delete (from 1, as they are before the call)'),
  }),
  returns: z.object({ slideCount: z.number().describe('slides left in the deck') }),
  examples: [`const { slideCount } = await pptx.deleteSlides({ path: 'report.pptx', slides: [2, 4] });`],
  composition: `Numbers refer to the deck before the call, so delete several slides in one call. ${EDIT_COMPOSITION}`,
  effects: 'stage',
  run: async (args, ctx) =>
    editDeck(ctx, args.path, async (deck) => {
      const refs = await deck.slides();
      checkSlideNumbers(args.slides, refs.length);
      const doomed = new Set(args.slides);
      if (doomed.size >= refs.length)
        throw new ApiError('INVALID_ARGUMENTS', `deleting ${doomed.size} of ${refs.length} slides would leave an empty deck; keep at least one`);
      await deck.removeSlides([...doomed].map((n) => refs[n - 1]!));
      return { slideCount: refs.length - doomed.size };
    }),
});
