import type * as DocxModule from 'docx';
import { z } from 'zod';
import { defineApi } from '../sdk';
import { blocks, buildBlocks, numbering } from './lib/blocks';
import { saveDocx } from './lib/io';
import { lazyModule } from '../sdk/lazy-module';
import { docxPath } from './lib/schemas';

// docx: loaded when an API first uses it, not when the pack is listed.
const Document = lazyModule<typeof DocxModule.Document>('docx', (m) => m.Document);
const Footer = lazyModule<typeof DocxModule.Footer>('docx', (m) => m.Footer);
const Header = lazyModule<typeof DocxModule.Header>('docx', (m) => m.Header);
const Packer = lazyModule<typeof DocxModule.Packer>('docx', (m) => m.Packer);
const PageNumber = lazyModule<typeof DocxModule.PageNumber>('docx', (m) => m.PageNumber);
const Paragraph = lazyModule<typeof DocxModule.Paragraph>('docx', (m) => m.Paragraph);
const AlignmentType = lazyModule<typeof DocxModule.AlignmentType>('docx', (m) => m.AlignmentType);
const TextRun = lazyModule<typeof DocxModule.TextRun>('docx', (m) => m.TextRun);

export const createDocument = defineApi({
  name: 'createDocument',
  description: `Create a new Word document (.docx) from blocks: headings (levels 1-6), paragraphs (plain text or formatted runs: bold, italic, underline, colour, size, font, links), bulleted and numbered lists (nested with level), tables (header row shaded and repeated), images from files, page breaks and a table of contents (Word fills it when the file is opened: it asks to update fields).
Also: header and footer text, page numbers ("Page 3 of 9") in the footer, default font and size, heading colour, and the document title.
Inputs: path and blocks (see the block types). Output: { path, blocks } (blocks written). Staged: the file reaches the disk at Apply.
Errors: INVALID_ARGUMENTS (bad path, empty document), NOT_FOUND / INVALID_FILE / TOO_LARGE (an image), PERMISSION_DENIED.`,
  parameters: z.object({
    path: docxPath('the .docx file to create'),
    title: z.string().optional().describe('document title (file properties)'),
    blocks: blocks.min(1),
    header: z.string().optional().describe('text at the top of every page'),
    footer: z.string().optional().describe('text at the bottom of every page'),
    pageNumbers: z.boolean().default(false).describe('"Page N of M" centred in the footer'),
    styles: z
      .object({
        font: z.string().default('Calibri').describe('body font'),
        size: z.number().min(6).max(72).default(11).describe('body size in points'),
        headingColor: z.string().default('1F3864').describe('RRGGBB colour of headings'),
      })
      .prefault({})
      .describe('document-wide look'),
  }),
  returns: z.object({ path: z.string(), blocks: z.number() }),
  examples: [
    `await docx.createDocument({
  path: 'memo.docx',
  title: 'Team memo',
  header: 'Internal',
  pageNumbers: true,
  blocks: [
    { type: 'heading', text: 'Team memo', level: 1 },
    { type: 'paragraph', runs: [{ text: 'Budget is ' }, { text: 'approved', bold: true }, { text: '.' }] },
    { type: 'list', ordered: true, items: ['Plan', { text: 'Draft', level: 1 }, 'Review'] },
    { type: 'table', header: ['Item', 'Cost'], rows: [['Rent', 1200], ['Power', 80]] },
    { type: 'pageBreak' },
    { type: 'heading', text: 'Appendix', level: 2 },
  ],
});`,
  ],
  composition:
    'Make the document in one call with every block; then docx.appendSections or docx.insertTableAfterHeading on the same path add to it. Pull numbers first with xlsx.aggregate or xlsx.readRange.',
  effects: 'stage',
  run: async (args, ctx) => {
    const children = await buildBlocks(args.blocks, ctx, { numberedLists: true, allowImages: true });
    const footerChildren = [
      ...(args.footer ? [new Paragraph({ text: args.footer, alignment: AlignmentType.CENTER })] : []),
      ...(args.pageNumbers
        ? [
            new Paragraph({
              alignment: AlignmentType.CENTER,
              children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })],
            }),
          ]
        : []),
    ];
    const heading = { run: { color: args.styles.headingColor, font: args.styles.font } };
    const doc = new Document({
      title: args.title,
      features: { updateFields: args.blocks.some((b) => b.type === 'toc') },
      numbering: numbering(),
      styles: {
        default: { document: { run: { font: args.styles.font, size: args.styles.size * 2 } }, heading1: heading, heading2: heading, heading3: heading },
      },
      sections: [
        {
          headers: args.header ? { default: new Header({ children: [new Paragraph({ text: args.header, alignment: AlignmentType.RIGHT })] }) } : undefined,
          footers: footerChildren.length > 0 ? { default: new Footer({ children: footerChildren }) } : undefined,
          children,
        },
      ],
    });
    await saveDocx(ctx, args.path, await Packer.toBuffer(doc));
    return { path: args.path, blocks: args.blocks.length };
  },
});
