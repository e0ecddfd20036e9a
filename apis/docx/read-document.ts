import { z } from 'zod';
import { defineApi } from '../sdk';
import { body, children, descendants, headingLevel, openDocx, paragraphStyle, paragraphText } from './lib/io';
import { docxPath } from './lib/schemas';

const item = z.object({
  type: z.enum(['heading', 'paragraph', 'table']),
  text: z.string().optional(),
  level: z.number().optional(),
  style: z.string().optional(),
  rows: z.array(z.array(z.string())).optional(),
});

export const readDocument = defineApi({
  name: 'readDocument',
  description: `Read the structure of an existing Word document: its blocks in order (headings with level, paragraphs with style, tables as rows of cell text), the heading outline, and counts.
Inputs: path, maxBlocks (blocks past it are cut; truncated is true), includeEmpty (keep empty paragraphs).
Output: { blocks: [{ type, text?, level?, style?, rows? }], outline: [{ level, text }], paragraphs, tables, words, truncated }.
Errors: NOT_FOUND, INVALID_FILE (not a docx, corrupt, password-protected), TOO_LARGE.`,
  parameters: z.object({
    path: docxPath('the .docx file'),
    maxBlocks: z.number().int().min(1).max(5000).default(400).describe('most blocks returned'),
    includeEmpty: z.boolean().default(false).describe('keep empty paragraphs'),
  }),
  returns: z.object({
    blocks: z.array(item),
    outline: z.array(z.object({ level: z.number(), text: z.string() })),
    paragraphs: z.number(),
    tables: z.number(),
    words: z.number(),
    truncated: z.boolean(),
  }),
  examples: [`const doc = await docx.readDocument({ path: 'report.docx' });\nlog(doc.outline.map((h) => h.text));`],
  composition: 'Read before docx.replaceText or docx.insertTableAfterHeading to learn the exact headings and wording.',
  effects: 'read',
  run: async (args, ctx) => {
    const { doc } = await openDocx(ctx, args.path);
    const blocks: z.output<typeof item>[] = [];
    const outline: { level: number; text: string }[] = [];
    let paragraphs = 0;
    let tables = 0;
    let words = 0;
    let total = 0;
    for (const node of children(body(doc), '*')) {
      if (node.localName === 'p') {
        const text = paragraphText(node);
        if (!args.includeEmpty && text.trim() === '') continue;
        paragraphs++;
        words += text.split(/\s+/).filter(Boolean).length;
        const level = headingLevel(node);
        if (level !== undefined && text.trim()) outline.push({ level, text });
        total++;
        if (blocks.length < args.maxBlocks)
          blocks.push(level !== undefined ? { type: 'heading', text, level } : { type: 'paragraph', text, style: paragraphStyle(node) });
      } else if (node.localName === 'tbl') {
        tables++;
        total++;
        const rows = children(node, 'tr').map((tr) => children(tr, 'tc').map((tc) => descendants(tc, 'p').map(paragraphText).join('\n')));
        words += rows.flat().join(' ').split(/\s+/).filter(Boolean).length;
        if (blocks.length < args.maxBlocks) blocks.push({ type: 'table', rows });
      }
    }
    return { blocks, outline, paragraphs, tables, words, truncated: total > blocks.length };
  },
});
