import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { EDIT_COMPOSITION, ERRORS_EDIT, pathParam } from './lib/common';
import { checkSlideNumbers, editDeck } from './lib/io';
import { replaceInTree } from './lib/replace';

export const replaceText = defineApi({
  name: 'replaceText',
  description: [
    'Replace text in an existing .pptx while keeping its formatting: every occurrence of each `find` in titles, text boxes, placeholders, tables and grouped shapes (and speaker notes unless includeNotes is false) becomes `replace`.',
    'A match may span several differently formatted runs; the replacement takes the formatting of the run where the match starts. Fills template placeholders such as {{client}} too.',
    'Returns { replaced, slides: [{ number, count }] } (slides with at least one replacement). When nothing matched, nothing is staged and replaced is 0.',
    ERRORS_EDIT,
  ].join('\n'),
  parameters: z.object({
    path: pathParam,
    replacements: z
      .array(
        z.object({
          find: z.string().min(1).max(1000).describe('text to look for'),
          replace: z.string().max(10_000).describe('text to put instead ("" deletes)'),
        }),
      )
      .min(1)
      .max(200)
      .describe('pairs applied in order'),
    slides: z.array(z.number().int()).max(5000).optional().describe('only these slide numbers (from 1); default all'),
    matchCase: z.boolean().default(true).describe('match upper and lower case exactly'),
    includeNotes: z.boolean().default(true).describe('also replace in speaker notes'),
  }),
  returns: z.object({
    replaced: z.number().describe('total replacements'),
    slides: z.array(z.object({ number: z.number(), count: z.number() })).describe('per slide with replacements'),
  }),
  examples: [
    `const { replaced } = await pptx.replaceText({
  path: 'report.pptx',
  replacements: [{ find: 'Q3', replace: 'Q4' }, { find: '{{client}}', replace: 'Acme Ltd' }],
});`,
  ],
  composition: `Use to update names, dates and figures or to fill a template deck. ${EDIT_COMPOSITION}`,
  effects: 'stage',
  run: async (args, ctx) => {
    const result = { replaced: 0, slides: [] as { number: number; count: number }[] };
    try {
      await editDeck(ctx, args.path, async (deck) => {
        const refs = await deck.slides();
        if (args.slides) checkSlideNumbers(args.slides, refs.length);
        for (let i = 0; i < refs.length; i++) {
          if (args.slides && !args.slides.includes(i + 1)) continue;
          const part = refs[i]!.part;
          let count = replaceInTree((await deck.pkg.doc(part)).documentElement!, args.replacements, args.matchCase);
          if (count > 0) deck.pkg.markDirty(part);
          const notes = args.includeNotes ? await deck.notesPartOf(part) : undefined;
          if (notes) {
            const n = replaceInTree((await deck.pkg.doc(notes)).documentElement!, args.replacements, args.matchCase);
            if (n > 0) deck.pkg.markDirty(notes);
            count += n;
          }
          for (const done of [part, ...(notes ? [notes] : [])]) deck.pkg.release(done);
          if (count > 0) result.slides.push({ number: i + 1, count });
          result.replaced += count;
        }
        if (result.replaced === 0) throw new NothingChanged();
      });
    } catch (error) {
      if (!(error instanceof NothingChanged)) throw error;
    }
    return result;
  },
});

/** Ends an edit without staging anything. */
class NothingChanged extends ApiError {
  constructor() {
    super('API_ERROR', 'nothing changed');
  }
}
