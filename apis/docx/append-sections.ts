import { z } from 'zod';
import { defineApi } from '../sdk';
import { blocks } from './lib/blocks';
import { finalSectPr, renderFragment } from './lib/fragment';
import { body, openDocx, saveDocx, serialize, zipBytes } from './lib/io';
import { docxPath } from './lib/schemas';

export const appendSections = defineApi({
  name: 'appendSections',
  description: `Append content at the end of an existing Word document, keeping everything already in it: headings, paragraphs with formatted runs, lists, tables and page breaks (the same blocks as docx.createDocument, except images and a table of contents).
Lists are written as indented paragraphs with bullet or number marks (the document's own list definitions are left alone). Heading and table styles the document lacks are copied in.
Inputs: path, blocks. Output: { path, appended } (body elements added).
Errors: NOT_FOUND, INVALID_FILE, INVALID_ARGUMENTS (an image or toc block).`,
  parameters: z.object({ path: docxPath('the .docx file to extend'), blocks: blocks.min(1) }),
  returns: z.object({ path: z.string(), appended: z.number() }),
  examples: [
    `await docx.appendSections({ path: 'report.docx', blocks: [{ type: 'heading', text: 'Next steps', level: 2 }, { type: 'list', items: ['Hire', 'Ship'] }] });`,
  ],
  composition: 'Several appends in one program compose on the staged copy; create new documents with docx.createDocument instead.',
  effects: 'stage',
  run: async (args, ctx) => {
    const target = await openDocx(ctx, args.path);
    const nodes = await renderFragment(args.blocks, ctx, target);
    const b = body(target.doc);
    const anchor = finalSectPr(target.doc);
    for (const n of nodes) b.insertBefore(n, anchor);
    target.zip.file('word/document.xml', serialize(target.doc));
    await saveDocx(ctx, args.path, await zipBytes(target.zip));
    return { path: args.path, appended: nodes.length };
  },
});
