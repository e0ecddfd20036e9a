import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { EDIT_COMPOSITION, ERRORS_EDIT, pathParam } from './lib/common';
import { placeholderType, type Deck } from './lib/deck';
import { checkSlideNumbers, editDeck } from './lib/io';
import { setNotes } from './lib/notes';
import { REL, relsPartOf, relativeTarget } from './lib/package';
import { NS, children, path } from './lib/xml';

const ALIASES: Record<string, string[]> = {
  title: ['title'],
  bullets: ['obj', 'tx'],
  titleonly: ['titleOnly'],
  twocolumn: ['twoObj', 'twoColTx', 'twoTxTwoObj'],
  section: ['secHead'],
  blank: ['blank'],
};

export const insertSlide = defineApi({
  name: 'insertSlide',
  description: [
    "Insert a new slide built from one of the deck's OWN slide layouts (its master design: placeholders, fonts, positions), filling the title and body placeholders. Works on decks from PowerPoint and others; pptx.readDeck lists the layout names.",
    '`layout` is a layout name as readDeck reports it ("Title and Content", "Two Content", ...), or a kind: title, bullets, titleOnly, twoColumn, section, blank. `bullets` fill the first body placeholder, `right` the second one (two-content layouts). When the layout has no such placeholder, a text box is added instead.',
    'Returns { number, layout, slideCount }.',
    `${ERRORS_EDIT} INVALID_ARGUMENTS when the layout does not exist (the message lists the deck's layouts).`,
  ].join('\n'),
  parameters: z.object({
    path: pathParam,
    layout: z
      .string()
      .min(1)
      .max(200)
      .default('bullets')
      .describe('layout name from readDeck, or a kind: title, bullets, titleOnly, twoColumn, section, blank'),
    position: z.number().int().min(1).optional().describe('number the new slide gets (from 1); default after the last'),
    title: z.string().max(500).optional().describe('title text'),
    bullets: z
      .array(z.union([z.string().max(2000), z.object({ text: z.string().max(2000), level: z.number().int().min(0).max(4).default(0) })]))
      .max(40)
      .optional()
      .describe('body text, one entry per paragraph (string or { text, level })'),
    right: z
      .array(z.union([z.string().max(2000), z.object({ text: z.string().max(2000), level: z.number().int().min(0).max(4).default(0) })]))
      .max(40)
      .optional()
      .describe('second body placeholder (two-content layouts)'),
    notes: z.string().max(20_000).optional().describe('speaker notes'),
  }),
  returns: z.object({
    number: z.number().describe('number of the new slide'),
    layout: z.string().describe('name of the layout used'),
    slideCount: z.number().describe('slides in the deck now'),
  }),
  examples: [
    `const deck = await pptx.readDeck({ path: 'report.pptx' });
const { number } = await pptx.insertSlide({ path: 'report.pptx', layout: 'bullets', position: 2, title: 'Agenda', bullets: ['Results', { text: 'by region', level: 1 }, 'Next steps'], notes: 'Two minutes.' });`,
  ],
  composition: `Prefer this over pptx.addSlides when the new slide should look like the deck's own slides. ${EDIT_COMPOSITION}`,
  effects: 'stage',
  run: async (args, ctx) =>
    editDeck(ctx, args.path, async (deck) => {
      const refs = await deck.slides();
      const position = args.position ?? refs.length + 1;
      if (position !== refs.length + 1) checkSlideNumbers([position], refs.length, 'position');
      const layouts = await deck.layouts();
      const wanted = args.layout.toLowerCase();
      const kinds = ALIASES[wanted.replace(/[^a-z]/g, '')];
      const layout =
        layouts.find((l) => l.name.toLowerCase() === wanted) ??
        (kinds ? kinds.map((k) => layouts.find((l) => l.type === k)).find(Boolean) : undefined) ??
        (kinds && wanted === 'bullets' ? layouts.find((l) => /content|text/i.test(l.name)) : undefined) ??
        (kinds ? layouts[0] : undefined);
      if (!layout)
        throw new ApiError('INVALID_ARGUMENTS', `the deck has no layout "${args.layout}"; its layouts are: ${layouts.map((l) => l.name || l.type).join(', ')}`);
      const part = deck.pkg.freeName('ppt/slides', 'slide', 'xml');
      deck.pkg.writeText(part, await slideXml(deck, layout.part, args));
      deck.pkg.writeText(
        relsPartOf(part),
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.rel}"><Relationship Id="rId1" Type="${REL.slideLayout}" Target="${relativeTarget(part, layout.part)}"/></Relationships>`,
      );
      await deck.addSlideToList(part, position - 1);
      if (args.notes) await setNotes(deck, part, args.notes);
      return { number: position, layout: layout.name || layout.type, slideCount: refs.length + 1 };
    }),
});

type Item = string | { text: string; level: number };

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function paragraphs(items: readonly Item[]): string {
  if (items.length === 0) return '<a:p><a:endParaRPr lang="en-US"/></a:p>';
  return items
    .map((item) => {
      const { text, level } = typeof item === 'string' ? { text: item, level: 0 } : item;
      return `<a:p>${level > 0 ? `<a:pPr lvl="${level}"/>` : ''}<a:r><a:rPr lang="en-US" dirty="0"/><a:t>${esc(text)}</a:t></a:r></a:p>`;
    })
    .join('');
}

async function slideXml(deck: Deck, layoutPart: string, args: { title?: string; bullets?: readonly Item[]; right?: readonly Item[] }): Promise<string> {
  const tree = path((await deck.pkg.doc(layoutPart)).documentElement!, 'cSld', 'spTree');
  const shapes: string[] = [];
  let id = 2;
  let title = args.title;
  const bodies = [args.bullets, args.right];
  for (const sp of tree ? children(tree, 'sp') : []) {
    const type = placeholderType(sp);
    const ph = path(sp, 'nvSpPr', 'nvPr', 'ph');
    if (!type || !ph || ['dt', 'ftr', 'sldNum', 'hdr', 'sldImg'].includes(type)) continue;
    let body: string;
    if (type === 'title' || type === 'ctrTitle') {
      body = paragraphs(title !== undefined ? [title] : []);
      title = undefined;
    } else if (['body', 'subTitle', 'obj'].includes(type) && bodies.length > 0) {
      body = paragraphs(bodies.shift() ?? []);
    } else continue;
    const attrs = [
      ...(ph.getAttribute('type') ? [`type="${esc(ph.getAttribute('type')!)}"`] : []),
      ...(ph.getAttribute('idx') ? [`idx="${esc(ph.getAttribute('idx')!)}"`] : []),
    ].join(' ');
    const name = path(sp, 'nvSpPr', 'cNvPr')?.getAttribute('name') ?? `Placeholder ${id}`;
    shapes.push(
      `<p:sp><p:nvSpPr><p:cNvPr id="${id++}" name="${esc(name)}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph ${attrs}/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>${body}</p:txBody></p:sp>`,
    );
  }
  const size = await deck.size();
  const box = (name: string, y: number, h: number, content: string, sz: number): string =>
    `<p:sp><p:nvSpPr><p:cNvPr id="${id++}" name="${name}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="457200" y="${Math.round(y)}"/><a:ext cx="${size.cx - 914400}" cy="${Math.round(h)}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody><a:bodyPr wrap="square"><a:normAutofit/></a:bodyPr><a:lstStyle><a:lvl1pPr><a:defRPr sz="${sz}"/></a:lvl1pPr></a:lstStyle>${content}</p:txBody></p:sp>`;
  if (title !== undefined)
    shapes.push(
      box(
        'Title',
        size.cy * 0.05,
        size.cy * 0.15,
        paragraphs([title]).replace(/<a:rPr lang="en-US" dirty="0"\/>/g, '<a:rPr lang="en-US" sz="3200" b="1" dirty="0"/>'),
        3200,
      ),
    );
  const rest = bodies.filter((b): b is readonly Item[] => b !== undefined && b.length > 0).flat();
  if (rest.length > 0) shapes.push(box('Content', size.cy * 0.22, size.cy * 0.7, paragraphs(rest), 2000));
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:sld xmlns:a="${NS.a}" xmlns:r="${NS.r}" xmlns:p="${NS.p}"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${shapes.join('')}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>`;
}
