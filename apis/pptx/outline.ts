import { z } from 'zod';
import { defineApi } from '../sdk';
import { ERRORS_READ, pathParam } from './lib/common';
import { guard, openDeck } from './lib/io';

export const outline = defineApi({
  name: 'outline',
  description: [
    'Export a .pptx as a markdown outline: one "## n. Title" heading per slide, its text as bullets (nested by level), tables as rows, charts and pictures as [chart] / [picture], and optionally the speaker notes as "> " quotes.',
    'Returns the markdown as a string (save it with a file API if needed). Capped at 500,000 characters.',
    ERRORS_READ,
  ].join('\n'),
  parameters: z.object({
    path: pathParam,
    includeNotes: z.boolean().default(false).describe('add speaker notes under each slide as quotes'),
  }),
  returns: z.string().describe('the outline as markdown'),
  examples: [
    `const md = await pptx.outline({ path: 'report.pptx', includeNotes: true });
const lines = md.split('\\n').length;`,
  ],
  composition:
    'Use to summarise or review a deck, or to hand its content to another document (docx, a mail). pptx.readDeck gives the same content as structured data.',
  effects: 'read',
  run: async (args, ctx) => {
    const deck = await openDeck(ctx, args.path);
    return guard(args.path, async () => {
      const out: string[] = [];
      const refs = await deck.slides();
      let size = 0;
      for (let i = 0; i < refs.length && size < 500_000; i++) {
        const c = await deck.content(refs[i]!.part);
        const lines = [`## ${i + 1}. ${oneLine(c.title) || '(untitled)'}`, ''];
        for (const p of c.paragraphs) lines.push(`${'  '.repeat(Math.min(p.level, 8))}- ${oneLine(p.text)}`);
        for (const o of c.objects.filter((k) => k !== 'table')) lines.push(`- [${o}]`);
        if (args.includeNotes && c.notes) lines.push('', ...c.notes.split('\n').map((l) => `> ${l}`));
        lines.push('');
        const block = lines.join('\n');
        size += block.length;
        out.push(block);
      }
      return out.join('\n').slice(0, 500_000);
    });
  },
});

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
