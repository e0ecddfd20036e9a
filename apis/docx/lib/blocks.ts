import { readFile } from 'node:fs/promises';
import type * as DocxModule from 'docx';
import type { ParagraphChild } from 'docx';
import { z } from 'zod';
import { ApiError, imageInfo, type ApiContext } from '../../sdk';
import { lazyModule } from '../../sdk/lazy-module';

// docx: loaded when an API first uses it, not when the pack is listed.
const AlignmentType = lazyModule<typeof DocxModule.AlignmentType>('docx', (m) => m.AlignmentType);
const BorderStyle = lazyModule<typeof DocxModule.BorderStyle>('docx', (m) => m.BorderStyle);
const HeadingLevel = lazyModule<typeof DocxModule.HeadingLevel>('docx', (m) => m.HeadingLevel);
const ImageRun = lazyModule<typeof DocxModule.ImageRun>('docx', (m) => m.ImageRun);
const LevelFormat = lazyModule<typeof DocxModule.LevelFormat>('docx', (m) => m.LevelFormat);
const PageBreak = lazyModule<typeof DocxModule.PageBreak>('docx', (m) => m.PageBreak);
const Paragraph = lazyModule<typeof DocxModule.Paragraph>('docx', (m) => m.Paragraph);
type Paragraph = DocxModule.Paragraph;
const ShadingType = lazyModule<typeof DocxModule.ShadingType>('docx', (m) => m.ShadingType);
const Table = lazyModule<typeof DocxModule.Table>('docx', (m) => m.Table);
type Table = DocxModule.Table;
const TableCell = lazyModule<typeof DocxModule.TableCell>('docx', (m) => m.TableCell);
const TableOfContents = lazyModule<typeof DocxModule.TableOfContents>('docx', (m) => m.TableOfContents);
type TableOfContents = DocxModule.TableOfContents;
const TableRow = lazyModule<typeof DocxModule.TableRow>('docx', (m) => m.TableRow);
const TextRun = lazyModule<typeof DocxModule.TextRun>('docx', (m) => m.TextRun);
const WidthType = lazyModule<typeof DocxModule.WidthType>('docx', (m) => m.WidthType);
const ExternalHyperlink = lazyModule<typeof DocxModule.ExternalHyperlink>('docx', (m) => m.ExternalHyperlink);

export const run = z.object({
  text: z.string().describe('the text'),
  bold: z.boolean().optional().describe('bold'),
  italics: z.boolean().optional().describe('italic'),
  underline: z.boolean().optional().describe('underlined'),
  color: z.string().optional().describe('RRGGBB hex colour'),
  size: z.number().min(4).max(96).optional().describe('font size in points'),
  font: z.string().optional().describe('font name'),
  link: z.string().optional().describe('URL the run links to'),
});

const align = z.enum(['left', 'center', 'right', 'justify']).optional().describe('paragraph alignment');

export const block = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('heading'),
    text: z.string().describe('heading text'),
    level: z.number().int().min(1).max(6).default(1).describe('1 is the top level'),
  }),
  z.object({
    type: z.literal('paragraph'),
    text: z.string().optional().describe('plain text (use runs for mixed formatting)'),
    runs: z.array(run).optional().describe('formatted pieces of text, in order'),
    align,
    style: z.string().optional().describe('a paragraph style id of the document, e.g. Quote'),
  }),
  z.object({
    type: z.literal('list'),
    ordered: z.boolean().default(false).describe('numbered (true) or bulleted (false)'),
    items: z
      .array(
        z.union([
          z.string(),
          z.object({ text: z.string().describe('item text'), level: z.number().int().min(0).max(4).default(0).describe('nesting depth, 0 = top') }),
        ]),
      )
      .min(1)
      .describe('items; give { text, level } to nest'),
  }),
  z.object({
    type: z.literal('table'),
    header: z.array(z.string()).optional().describe('header cells (bold, shaded, repeated on each page)'),
    rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))).describe('body rows'),
    widths: z.array(z.number()).optional().describe('column widths in percent of the page width'),
  }),
  z.object({
    type: z.literal('image'),
    path: z.string().describe('image file (png, jpg, gif, bmp) in a granted folder'),
    width: z.number().min(8).max(2000).default(400).describe('width in pixels; the height keeps the aspect ratio'),
    caption: z.string().optional().describe('italic caption under the image'),
  }),
  z.object({ type: z.literal('pageBreak') }),
  z.object({ type: z.literal('toc'), title: z.string().default('Contents').describe('title above the table of contents') }),
]);
export type Block = z.output<typeof block>;

export const blocks = z.array(block).describe('the content in order: heading, paragraph, list, table, image, pageBreak, toc');

// Functions, not tables: reading docx's enums at module load would load docx with the pack.
const alignment = (align: 'left' | 'center' | 'right' | 'justify') =>
  ({ left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT, justify: AlignmentType.JUSTIFIED })[align];
const heading = (level: number) =>
  [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6][level - 1];

/** Numbering definitions the list blocks refer to (bullets and decimal numbers, five levels); a function, so docx loads on first use. */
export const numbering = () => ({
  config: [
    {
      reference: 'sb-bullets',
      levels: [0, 1, 2, 3, 4].map((level) => ({
        level,
        format: LevelFormat.BULLET,
        text: ['•', '◦', '▪', '•', '◦'][level]!,
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
      })),
    },
    {
      reference: 'sb-numbers',
      levels: [0, 1, 2, 3, 4].map((level) => ({
        level,
        format: [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN, LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER][level]!,
        text: `%${level + 1}.`,
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
      })),
    },
  ],
});

function runs(items: z.output<typeof run>[]): ParagraphChild[] {
  return items.map((r) => {
    const text = new TextRun({
      text: r.text,
      bold: r.bold,
      italics: r.italics,
      underline: r.underline ? {} : undefined,
      color: r.color?.replace('#', ''),
      size: r.size ? r.size * 2 : undefined,
      font: r.font,
      style: r.link ? 'Hyperlink' : undefined,
    });
    return r.link ? new ExternalHyperlink({ link: r.link, children: [text] }) : text;
  });
}

export interface BuildOptions {
  /** Lists become real numbering (createDocument) or prefixed paragraphs (appending into a foreign file). */
  numberedLists: boolean;
  allowImages: boolean;
}

/** Builds docx objects for blocks. Images are read through staging (granted folders only). */
export async function buildBlocks(items: Block[], ctx: ApiContext, options: BuildOptions): Promise<(Paragraph | Table | TableOfContents)[]> {
  const out: (Paragraph | Table | TableOfContents)[] = [];
  let listCount = 0;
  for (const b of items) {
    switch (b.type) {
      case 'heading':
        out.push(new Paragraph({ text: b.text, heading: heading(b.level) }));
        break;
      case 'paragraph':
        out.push(
          new Paragraph({ children: b.runs ? runs(b.runs) : [new TextRun(b.text ?? '')], alignment: b.align ? alignment(b.align) : undefined, style: b.style }),
        );
        break;
      case 'list': {
        listCount++;
        const counters = [0, 0, 0, 0, 0];
        for (const item of b.items) {
          const { text, level } = typeof item === 'string' ? { text: item, level: 0 } : item;
          if (options.numberedLists) {
            out.push(new Paragraph({ text, numbering: { reference: b.ordered ? 'sb-numbers' : 'sb-bullets', level, instance: listCount } }));
          } else {
            counters[level]!++;
            counters.fill(0, level + 1);
            const mark = b.ordered ? `${counters[level]}.` : '•';
            out.push(new Paragraph({ text: `${mark}\t${text}`, indent: { left: 720 * (level + 1), hanging: 360 } }));
          }
        }
        break;
      }
      case 'table':
        out.push(table(b));
        break;
      case 'image': {
        if (!options.allowImages) throw new ApiError('INVALID_ARGUMENTS', 'images can be placed by docx.createDocument only');
        const bytes = await readFile(await ctx.staging.readPath(b.path));
        const info = imageInfo(bytes);
        if (!info || info.type === 'webp') throw new ApiError('INVALID_FILE', `${b.path} is not a png, jpg, gif or bmp image`);
        if (info.width * info.height > 100_000_000)
          throw new ApiError('TOO_LARGE', `${b.path} is ${info.width}×${info.height} pixels; the limit is 100 megapixels`);
        const height = Math.max(1, Math.round((b.width * info.height) / Math.max(1, info.width)));
        out.push(new Paragraph({ children: [new ImageRun({ type: info.type, data: bytes, transformation: { width: b.width, height } })] }));
        if (b.caption) out.push(new Paragraph({ children: [new TextRun({ text: b.caption, italics: true })], alignment: AlignmentType.CENTER }));
        break;
      }
      case 'pageBreak':
        out.push(new Paragraph({ children: [new PageBreak()] }));
        break;
      case 'toc':
        // The title is not a heading, so the table of contents does not list itself.
        out.push(new Paragraph({ children: [new TextRun({ text: b.title, bold: true, size: 32 })], spacing: { after: 120 } }));
        out.push(new TableOfContents(b.title, { hyperlink: true, headingStyleRange: '1-3' }));
        break;
    }
  }
  return out;
}

function table(b: Extract<Block, { type: 'table' }>): Table {
  const width = Math.max(b.header?.length ?? 0, ...b.rows.map((r) => r.length), 1);
  const cell = (text: string, header: boolean, i: number) =>
    new TableCell({
      children: [new Paragraph({ children: [new TextRun({ text, bold: header })] })],
      shading: header ? { type: ShadingType.CLEAR, fill: 'D9E2F3', color: 'auto' } : undefined,
      width: b.widths?.[i] ? { size: b.widths[i]!, type: WidthType.PERCENTAGE } : undefined,
    });
  const pad = (cells: (string | number | null)[]) => Array.from({ length: width }, (_, i) => String(cells[i] ?? ''));
  const rows = [
    ...(b.header ? [new TableRow({ tableHeader: true, children: pad(b.header).map((t, i) => cell(t, true, i)) })] : []),
    ...b.rows.map((r) => new TableRow({ children: pad(r).map((t, i) => cell(t, false, i)) })),
  ];
  const line = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
  return new Table({
    rows,
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
  });
}
