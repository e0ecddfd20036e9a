import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { checkOutput, fromSvg, outputFields, writeImage, writtenImage, xmlEscape } from './raster';
import { layout, linesHeight, linesSvg } from './text-layout';

const MAX_HEIGHT = 20000;

export const fromText = defineApi({
  name: 'fromText',
  description: `Render a text or markdown page as an image (a poster, notice, card or a document's text as a picture): lines wrap to the width, the height follows the text. Markdown: # headings, - / * / 1. lists, **bold** markers are dropped. Staged.
Inputs: text, output, markdown, title (a heading above the text), width, fontSize, color, background, padding, quality, overwrite. Output: { path, format, width, height, bytes }.
Errors: INVALID_ARGUMENTS (empty text; output without an image extension or existing without overwrite; a page taller than ${MAX_HEIGHT} pixels), PERMISSION_DENIED.`,
  parameters: z.object({
    text: z.string().max(200_000).describe('the text (or markdown) to render'),
    output: outputFields.output,
    markdown: z.boolean().default(true).describe('treat # headings and - lists as markdown'),
    title: z.string().max(500).optional().describe('a heading drawn above the text'),
    width: z.number().int().min(100).max(5000).default(1000).describe('image width in pixels'),
    fontSize: z.number().int().min(6).max(200).default(24).describe('body text size in pixels'),
    color: z.string().default('#111111').describe('text colour (CSS colour)'),
    background: z.string().default('#ffffff').describe('page colour (CSS colour)'),
    padding: z.number().int().min(0).max(500).default(48).describe('margin around the text in pixels'),
    overwrite: outputFields.overwrite,
    quality: outputFields.quality,
  }),
  returns: writtenImage,
  examples: [
    `const post = await image.fromText({ output: 'posts/welcome.jpg', title: 'Welcome!', text: 'Join us on **Friday at 5 pm** in the main hall.\\n\\n- snacks\\n- music' });
log(\`\${post.width}×\${post.height}\`);`,
  ],
  composition:
    'Read the content first (fs.readText, fs.readPdfText, docx.readDocument, xlsx.readRange), compose the text in the program, then render it here; image.annotate writes on an existing image.',
  effects: 'stage',
  run: async (args, ctx) => {
    const body = (args.title ? `# ${args.title}\n\n` : '') + args.text;
    if (!body.trim()) throw new ApiError('INVALID_ARGUMENTS', 'the text is empty');
    await checkOutput(ctx, args);
    const lines = layout(body, { size: args.fontSize, width: args.width - 2 * args.padding, markdown: args.markdown || Boolean(args.title) });
    const height = linesHeight(lines) + 2 * args.padding;
    if (height > MAX_HEIGHT)
      throw new ApiError(
        'INVALID_ARGUMENTS',
        `the text needs a ${height}-pixel-tall page; at most ${MAX_HEIGHT} (use a wider page, a smaller font or less text)`,
      );
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${args.width}" height="${height}" viewBox="0 0 ${args.width} ${height}">
<rect width="100%" height="100%" fill="${xmlEscape(args.background)}"/>
${linesSvg(lines, args.padding, args.padding, args.color)}
</svg>`;
    return writeImage(ctx, fromSvg(svg).flatten({ background: args.background }), args, 'the rendered text');
  },
});
