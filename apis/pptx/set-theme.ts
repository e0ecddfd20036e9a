import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { stripUndefined } from './create-deck';
import { EDIT_COMPOSITION, ERRORS_EDIT, pathParam } from './lib/common';
import { editDeck } from './lib/io';
import { PRESETS, applyTheme, colorsSchema, fontsSchema, readTheme } from './lib/theme';

export const setTheme = defineApi({
  name: 'setTheme',
  description: [
    'Change the theme colours and fonts of an existing .pptx: a preset (office, dark, ocean, forest, sunset, mono) and/or single colour slots (text, background, text2, background2, accent1-6) and fonts (heading, body).',
    'Everything that uses theme colours and fonts follows: backgrounds, titles and text without their own colour, chart and table styles (and all slides made by pptx.createDeck / addSlides). Text with explicitly set colours or fonts keeps them.',
    'Returns the theme after the change: { colors, fonts }.',
    `${ERRORS_EDIT} INVALID_ARGUMENTS when neither preset, colors nor fonts is given.`,
  ].join('\n'),
  parameters: z.object({
    path: pathParam,
    preset: z
      .enum(Object.keys(PRESETS) as [keyof typeof PRESETS, ...(keyof typeof PRESETS)[]])
      .optional()
      .describe('colour preset applied first'),
    colors: colorsSchema.optional(),
    fonts: fontsSchema.optional(),
  }),
  returns: z.object({ colors: z.record(z.string(), z.string()).describe('theme colours by slot'), fonts: z.object({ heading: z.string(), body: z.string() }) }),
  examples: [`await pptx.setTheme({ path: 'report.pptx', preset: 'dark', colors: { accent1: 'FF8800' }, fonts: { heading: 'Georgia', body: 'Verdana' } });`],
  composition: `Apply after creating or adding slides, or to restyle someone's deck. ${EDIT_COMPOSITION}`,
  effects: 'stage',
  run: async (args, ctx) => {
    if (!args.preset && !args.colors && !args.fonts) throw new ApiError('INVALID_ARGUMENTS', 'give a preset, colors or fonts to change');
    return editDeck(ctx, args.path, async (deck) => {
      const colors = { ...(args.preset ? PRESETS[args.preset] : {}), ...stripUndefined(args.colors ?? {}) };
      await applyTheme(deck, colors, args.fonts ?? {});
      return readTheme(deck);
    });
  },
});
