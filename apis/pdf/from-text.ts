import { readFile } from 'node:fs/promises';
import type * as PdfLibModule from 'pdf-lib';
import type { PDFPage } from 'pdf-lib';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { checkAborted, checkOutput, outputPdf, overwrite, PDF_LIMITS, savePdf } from './io';
import { embedFonts, encodable, parseMarkdown, parsePlain, wrap, type Fonts, type TextBlock } from './text-layout';
import { lazyModule } from '../sdk/lazy-module';

// pdf-lib: loaded when an API first uses it, not when the pack is listed.
const PageSizes = lazyModule<typeof PdfLibModule.PageSizes>('pdf-lib', (m) => m.PageSizes);
const PDFDocument = lazyModule<typeof PdfLibModule.PDFDocument>('pdf-lib', (m) => m.PDFDocument);
type PDFDocument = PdfLibModule.PDFDocument;
const rgb = lazyModule<typeof PdfLibModule.rgb>('pdf-lib', (m) => m.rgb);

const MAX_CHARS = 2_000_000;
const HEADING_SCALE = [0, 1.9, 1.5, 1.25, 1.1, 1, 1];

export const fromText = defineApi({
  name: 'fromText',
  description: `Write text or markdown as a PDF, without LibreOffice (pdf-lib). Markdown headings (#, ##, ...) become bold larger lines, bullets (-, *, 1.) are indented with hanging wraps, fenced code and rules are kept, **bold**/_italic_/\`code\` markers are dropped; long lines wrap and pages break automatically. Uses a TrueType font found on the machine (DejaVu Sans, Liberation Sans, Arial), which draws most scripts; without one it falls back to Helvetica, which covers only Western European characters: any character the font cannot draw is replaced by "?" and listed in \`replaced\`.
Inputs: output, and text (the content) or source (a .txt or .md file to read); format (markdown or text), title (document properties; also a first heading when heading is true), pageSize (A4, Letter), fontSize.
Output: { path, pages, bytes, font (the font used), replaced (characters the font could not draw, empty when none) }. Staged: reaches the disk at Apply.
Errors: INVALID_ARGUMENTS (neither or both of text and source, empty text, output exists or not .pdf), TOO_LARGE (over ${MAX_CHARS} characters or ${PDF_LIMITS.maxPages} pages), NOT_FOUND, PERMISSION_DENIED.`,
  parameters: z.object({
    output: outputPdf,
    text: z.string().max(MAX_CHARS).optional().describe('the text or markdown to write'),
    source: z.string().min(1).optional().describe('a text or markdown file to read instead of text'),
    format: z.enum(['markdown', 'text']).default('markdown').describe('markdown: headings, bullets and code are laid out; text: every line as it is'),
    title: z.string().max(500).optional().describe('document title (PDF properties)'),
    heading: z.boolean().default(false).describe('also print the title as a heading at the top of the first page'),
    pageSize: z.enum(['A4', 'Letter']).default('A4').describe('paper size'),
    fontSize: z.number().min(6).max(36).default(11).describe('body text size in points'),
    overwrite,
  }),
  returns: z.object({
    path: z.string().describe('the PDF written'),
    pages: z.number().describe('pages in the PDF'),
    bytes: z.number().describe('size of the PDF'),
    font: z.string().describe('font family used'),
    replaced: z.array(z.string()).describe('characters the font could not draw, each replaced by "?"'),
  }),
  examples: [
    `const r = await pdf.fromText({
  output: 'invitation.pdf',
  title: 'Concert invitation',
  text: '# Concert invitation\\n\\nYou are invited to the spring concert.\\n\\n- Date: 12 May\\n- Place: Main hall\\n',
});
log(\`\${r.pages} page(s) in \${r.font}\`);`,
    `await fs.writeText({ path: 'notes.md', text: '## Notes\\n\\n1. First\\n2. Second\\n' });
await pdf.fromText({ source: 'notes.md', output: 'notes.pdf' });`,
  ],
  composition:
    'Compute the content in the program (xlsx.readRange, fs.readText, calendar or email reads), build one markdown string and write it here in one call. For a PDF that looks like a Word, Excel or PowerPoint file, write that file and use pdf.fromDocument instead.',
  effects: 'stage',
  run: async (args, ctx) => {
    if ((args.text === undefined) === (args.source === undefined))
      throw new ApiError('INVALID_ARGUMENTS', 'give either text or source (a .txt or .md file), not both and not neither');
    await checkOutput(ctx, args.output, args.overwrite);
    let text = args.text ?? '';
    if (args.source !== undefined) {
      const file = await ctx.staging.readPath(args.source);
      const bytes = await readFile(file);
      if (bytes.length > MAX_CHARS * 4) throw new ApiError('TOO_LARGE', `${args.source} is over ${MAX_CHARS} characters`);
      if (bytes.subarray(0, 8192).includes(0))
        throw new ApiError('INVALID_FILE', `${args.source} is not a text file (binary content); use pdf.fromDocument for Office files`);
      text = bytes.toString('utf8');
    }
    if (text.length > MAX_CHARS) throw new ApiError('TOO_LARGE', `the text is ${text.length} characters; at most ${MAX_CHARS}`);
    if (!text.trim() && !args.title) throw new ApiError('INVALID_ARGUMENTS', 'the text is empty');
    const blocks = args.format === 'markdown' ? parseMarkdown(text) : parsePlain(text);
    if (args.heading && args.title) blocks.unshift({ kind: 'heading', text: args.title, level: 1 });
    const doc = await PDFDocument.create();
    if (args.title) doc.setTitle(args.title, { showInWindowTitleBar: true });
    doc.setCreator('Switchboard');
    const fonts = await embedFonts(doc);
    const missing = new Set<string>();
    layout(doc, blocks, fonts, missing, args.pageSize === 'A4' ? PageSizes.A4 : PageSizes.Letter, args.fontSize, () => checkAborted(ctx));
    const saved = await savePdf(ctx, args.output, doc);
    return { path: args.output, ...saved, font: fonts.name, replaced: [...missing] };
  },
});

/** Lays the blocks out top to bottom, adding pages as they fill. */
function layout(doc: PDFDocument, blocks: TextBlock[], fonts: Fonts, missing: Set<string>, size: [number, number], body: number, tick: () => void): void {
  const margin = 56;
  const width = size[0] - margin * 2;
  let page: PDFPage = doc.addPage(size);
  let y = size[1] - margin;
  const newPage = () => {
    if (doc.getPageCount() >= PDF_LIMITS.maxPages) throw new ApiError('TOO_LARGE', `the text needs more than ${PDF_LIMITS.maxPages} pages`);
    tick();
    page = doc.addPage(size);
    y = size[1] - margin;
  };
  const draw = (text: string, fontSize: number, bold: boolean, indent: number, before: number, marker?: string) => {
    const font = bold ? fonts.bold : fonts.regular;
    const lines = wrap(encodable(text, fonts, missing), font, fontSize, width - indent);
    const lead = fontSize * 1.35;
    y -= before;
    lines.forEach((line, i) => {
      if (y - lead < margin) newPage();
      y -= lead;
      if (i === 0 && marker) page.drawText(encodable(marker, fonts, missing), { x: margin + indent - fontSize * 1.2, y, size: fontSize, font });
      if (line) page.drawText(line, { x: margin + indent, y, size: fontSize, font, color: rgb(0.1, 0.1, 0.1) });
    });
  };
  for (const b of blocks) {
    if (b.kind === 'gap') y -= body * 0.5;
    else if (b.kind === 'heading') draw(b.text, body * HEADING_SCALE[b.level]!, true, 0, body * 0.8);
    else if (b.kind === 'bullet') draw(b.text, body, false, body * 1.6 * (b.level + 1), 1, b.marker);
    else if (b.kind === 'code') draw(b.text || ' ', body * 0.9, false, body, 0);
    else if (b.kind === 'rule') {
      if (y - body < margin) newPage();
      y -= body * 0.7;
      page.drawLine({ start: { x: margin, y }, end: { x: margin + width, y }, thickness: 0.7, color: rgb(0.6, 0.6, 0.6) });
      y -= body * 0.3;
    } else draw(b.text, body, false, 0, 2);
  }
}
