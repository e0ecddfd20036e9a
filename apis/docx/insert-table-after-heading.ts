import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { renderFragment } from './lib/fragment';
import { body, children, headingLevel, openDocx, paragraphText, saveDocx, serialize, zipBytes } from './lib/io';
import { docxPath } from './lib/schemas';

export const insertTableAfterHeading = defineApi({
  name: 'insertTableAfterHeading',
  description: `Insert a table (optionally with a caption paragraph) right after a heading of an existing Word document, or after the first paragraph containing some text.
The heading is matched by its text, ignoring case and surrounding spaces; exact matches win over partial ones. The header row is bold and shaded.
Inputs: path, heading (text of the heading), header, rows, caption. Output: { path, heading (the text matched) }.
Errors: NOT_FOUND (no such heading: the message lists the headings), INVALID_FILE.`,
  parameters: z.object({
    path: docxPath('the .docx file to edit'),
    heading: z.string().min(1).describe('text of the heading (or paragraph) the table goes after'),
    header: z.array(z.string()).optional().describe('header cells'),
    rows: z
      .array(z.array(z.union([z.string(), z.number(), z.null()])))
      .min(1)
      .describe('body rows'),
    caption: z.string().optional().describe('a paragraph placed before the table'),
  }),
  returns: z.object({ path: z.string(), heading: z.string() }),
  examples: [
    `await docx.insertTableAfterHeading({ path: 'report.docx', heading: 'Results', header: ['Region', 'Amount'], rows: [['North', 165.5], ['South', 80]] });`,
  ],
  composition: 'Get numbers with xlsx.aggregate, list headings with docx.readDocument, then insert.',
  effects: 'stage',
  run: async (args, ctx) => {
    const target = await openDocx(ctx, args.path);
    const paragraphs = children(body(target.doc), 'p');
    const norm = (s: string) => s.trim().toLowerCase();
    const want = norm(args.heading);
    const headings = paragraphs.filter((p) => headingLevel(p) !== undefined);
    const found =
      headings.find((p) => norm(paragraphText(p)) === want) ??
      headings.find((p) => norm(paragraphText(p)).includes(want)) ??
      paragraphs.find((p) => norm(paragraphText(p)).includes(want));
    if (!found) {
      throw new ApiError(
        'NOT_FOUND',
        `no heading "${args.heading}" (headings: ${
          headings
            .map((h) => paragraphText(h))
            .filter(Boolean)
            .slice(0, 30)
            .join(' | ') || 'none'
        })`,
      );
    }
    const nodes = await renderFragment(
      [...(args.caption ? [{ type: 'paragraph' as const, text: args.caption }] : []), { type: 'table', header: args.header, rows: args.rows }],
      ctx,
      target,
    );
    let after = found;
    for (const n of nodes) {
      found.parentNode!.insertBefore(n, after.nextSibling);
      after = n;
    }
    target.zip.file('word/document.xml', serialize(target.doc));
    await saveDocx(ctx, args.path, await zipBytes(target.zip));
    return { path: args.path, heading: paragraphText(found) };
  },
});
