import { z } from 'zod';
import { defineApi } from '../sdk';
import { EMU_PER_INCH } from './lib/build';
import { ERRORS_READ, pathParam } from './lib/common';
import { checkSlideNumbers, guard, openDeck } from './lib/io';
import { readTheme } from './lib/theme';

const MAX_CHARS = 200_000;

const slideSchema = z.object({
  number: z.number().describe('slide number, from 1'),
  title: z.string().describe('the title text ("" when the slide has none)'),
  text: z.array(z.string()).describe('other text, one entry per paragraph, indented two spaces per bullet level; table rows as "cell | cell"'),
  notes: z.string().describe('speaker notes ("" when none)'),
  layout: z.string().describe('name of the slide layout it uses'),
  objects: z.array(z.string()).describe('non-text objects on the slide: chart, table, picture, object'),
});

export const readDeck = defineApi({
  name: 'readDeck',
  description: [
    "Read an existing .pptx (made by PowerPoint, LibreOffice, Google Slides, pptxgenjs, ...): slide titles, text, speaker notes, layout names and objects per slide, plus the deck's size, theme and available layouts.",
    "Reads this run's staged version when the program already changed the file. Text is capped at 200,000 characters (then `truncated` is true); pass `slides` to read only some.",
    'Returns { slideCount, width, height (inches), theme: { colors, fonts }, layouts (names for pptx.insertSlide), slides: [{ number, title, text, notes, layout, objects }], truncated }.',
    ERRORS_READ,
  ].join('\n'),
  parameters: z.object({
    path: pathParam,
    slides: z.array(z.number().int()).max(5000).optional().describe('slide numbers to read (from 1); default all'),
    includeNotes: z.boolean().default(true).describe('include speaker notes'),
  }),
  returns: z.object({
    slideCount: z.number().describe('slides in the deck'),
    width: z.number().describe('slide width in inches'),
    height: z.number().describe('slide height in inches'),
    theme: z.object({
      colors: z.record(z.string(), z.string()).describe('theme colours by slot (text, background, accent1...)'),
      fonts: z.object({ heading: z.string(), body: z.string() }),
    }),
    layouts: z.array(z.string()).describe('layout names usable with pptx.insertSlide'),
    slides: z.array(slideSchema),
    truncated: z.boolean().describe('true when text was cut at the character cap'),
  }),
  examples: [
    `const deck = await pptx.readDeck({ path: 'report.pptx' });
const titles = deck.slides.map((s) => \`\${s.number}. \${s.title}\`);
const withNotes = deck.slides.filter((s) => s.notes !== '').length;`,
  ],
  composition:
    'Read before editing to learn slide numbers, titles and layout names; read again after structural edits (delete, insert, reorder) because numbers shift.',
  effects: 'read',
  run: async (args, ctx) => {
    const deck = await openDeck(ctx, args.path);
    return guard(args.path, async () => {
      const refs = await deck.slides();
      if (args.slides) checkSlideNumbers(args.slides, refs.length);
      const wanted = args.slides ? new Set(args.slides) : undefined;
      const size = await deck.size();
      const slides: z.input<typeof slideSchema>[] = [];
      let chars = 0;
      let truncated = false;
      for (let i = 0; i < refs.length; i++) {
        if (wanted && !wanted.has(i + 1)) continue;
        if (chars > MAX_CHARS) {
          truncated = true;
          break;
        }
        const c = await deck.content(refs[i]!.part);
        const text = c.paragraphs.map((p) => `${'  '.repeat(Math.min(p.level, 8))}${p.text}`);
        const notes = args.includeNotes ? c.notes : '';
        chars += c.title.length + notes.length + text.reduce((n, t) => n + t.length, 0);
        slides.push({ number: i + 1, title: c.title, text, notes, layout: c.layout, objects: c.objects });
      }
      return {
        slideCount: refs.length,
        width: round(size.cx / EMU_PER_INCH),
        height: round(size.cy / EMU_PER_INCH),
        theme: await readTheme(deck),
        layouts: [...new Set((await deck.layouts()).map((l) => l.name).filter(Boolean))],
        slides,
        truncated,
      };
    });
  },
});

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
