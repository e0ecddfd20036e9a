import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { EDIT_COMPOSITION, ERRORS_EDIT, pathParam } from './lib/common';
import { checkSlideNumbers, editDeck } from './lib/io';

export const reorderSlides = defineApi({
  name: 'reorderSlides',
  description: [
    'Reorder the slides of an existing .pptx. Either give `order`, every slide number once in the new order ([3, 1, 2] puts slide 3 first), or `move` one slide: { from, to } (both 1-based; `to` is its number afterwards).',
    'Slides keep their content, notes and formatting. Returns { order }: for each new position, the old number of the slide now there.',
    `${ERRORS_EDIT} INVALID_ARGUMENTS also when both or neither of order and move are given, or order is not a permutation.`,
  ].join('\n'),
  parameters: z.object({
    path: pathParam,
    order: z.array(z.number().int()).max(5000).optional().describe('all slide numbers in their new order'),
    move: z
      .object({ from: z.number().int().describe('slide to move'), to: z.number().int().describe('its number afterwards') })
      .optional()
      .describe('move one slide'),
  }),
  returns: z.object({ order: z.array(z.number()).describe('old slide numbers in the new order') }),
  examples: [
    `await pptx.reorderSlides({ path: 'report.pptx', move: { from: 4, to: 2 } });`,
    `await pptx.reorderSlides({ path: 'report.pptx', order: [1, 3, 2, 4] });`,
  ],
  composition: `Read the deck first (pptx.readDeck) to know how many slides it has. ${EDIT_COMPOSITION}`,
  effects: 'stage',
  run: async (args, ctx) =>
    editDeck(ctx, args.path, async (deck) => {
      const refs = await deck.slides();
      if ((args.order === undefined) === (args.move === undefined)) throw new ApiError('INVALID_ARGUMENTS', 'give exactly one of order and move');
      let order: number[];
      if (args.order) {
        checkSlideNumbers(args.order, refs.length);
        if (args.order.length !== refs.length || new Set(args.order).size !== refs.length) {
          throw new ApiError('INVALID_ARGUMENTS', `order must list each of the ${refs.length} slide numbers exactly once`);
        }
        order = args.order;
      } else {
        const { from, to } = args.move!;
        checkSlideNumbers([from, to], refs.length);
        order = refs.map((_, i) => i + 1);
        order.splice(from - 1, 1);
        order.splice(to - 1, 0, from);
      }
      await deck.setOrder(order.map((n) => refs[n - 1]!));
      return { order };
    }),
});
