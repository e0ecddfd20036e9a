import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { SIZE_ERRORS, openImage, outputFields, uprightImage, writeImage, writtenImage, xmlEscape } from './raster';
import { linesHeight, linesSvg, wrap } from './text-layout';

const POSITIONS = ['top-left', 'top', 'top-right', 'center', 'bottom-left', 'bottom', 'bottom-right'] as const;

export const annotate = defineApi({
  name: 'annotate',
  description: `Write text on an image (a caption, label or watermark): at a named position or at x, y; lines wrap to maxWidth; an optional box behind the text keeps it readable. Staged.
Inputs: path, output, text, position or x and y (top-left of the text, pixels), fontSize, color, box (background colour of the box, or none), maxWidth, quality, overwrite. Output: { path, format, width, height, bytes }.
Errors: NOT_FOUND, PERMISSION_DENIED, INVALID_FILE, INVALID_ARGUMENTS (empty text; x, y outside the image; output without an image extension or existing without overwrite), ${SIZE_ERRORS}.`,
  parameters: z.object({
    path: z.string().min(1).describe('the image to write on'),
    text: z.string().min(1).max(5000).describe('the text; \\n starts a new line'),
    position: z.enum(POSITIONS).default('bottom').describe('where the text goes when x and y are not given'),
    x: z.number().int().min(0).optional().describe('left of the text in pixels (with y, overrides position)'),
    y: z.number().int().min(0).optional().describe('top of the text in pixels (with x, overrides position)'),
    fontSize: z.number().int().min(6).max(400).optional().describe('text size in pixels (default: 1/20 of the image height, at least 12)'),
    color: z.string().default('#ffffff').describe('text colour (CSS colour)'),
    box: z.string().nullable().default('rgba(0,0,0,0.6)').describe('colour of a box behind the text, or null for none'),
    maxWidth: z.number().int().min(20).optional().describe('wrap lines at this width in pixels (default: the image width less margins)'),
    ...outputFields,
  }),
  returns: writtenImage,
  examples: [
    `const labelled = await image.annotate({ path: 'photos/team.jpg', output: 'photos/team-captioned.jpg', text: 'Team offsite, May 2024', position: 'bottom' });\nlog(labelled.path);`,
  ],
  composition: 'image.fromText makes a new image from text; this writes on an existing one.',
  effects: 'stage',
  run: async (args, ctx) => {
    if (!args.text.trim()) throw new ApiError('INVALID_ARGUMENTS', 'the text is empty');
    const opened = await openImage(ctx, args.path);
    const swapped = (opened.meta.orientation ?? 1) >= 5;
    const [w, h] = swapped ? [opened.meta.height, opened.meta.width] : [opened.meta.width, opened.meta.height];
    if ((args.x ?? 0) >= w || (args.y ?? 0) >= h) throw new ApiError('INVALID_ARGUMENTS', `x, y (${args.x}, ${args.y}) is outside ${args.path} (${w}×${h})`);
    const size = args.fontSize ?? Math.max(12, Math.round(h / 20));
    const margin = Math.round(size * 0.6);
    const maxWidth = Math.max(size, Math.min(args.maxWidth ?? w, w) - 2 * margin * 2);
    const lines = args.text
      .split('\n')
      .flatMap((t) => wrap(t, size, maxWidth))
      .map((text) => ({ text, size, bold: false, indent: 0, gap: 0 }));
    const textW = Math.min(maxWidth, Math.max(...lines.map((l) => Math.ceil(l.text.length * size * 0.6))));
    const textH = linesHeight(lines);
    const [bx, by] = args.x !== undefined && args.y !== undefined ? [args.x, args.y] : place(args.position, w, h, textW + 2 * margin, textH + 2 * margin);
    const box = args.box
      ? `<rect x="${bx}" y="${by}" width="${textW + 2 * margin}" height="${textH + 2 * margin}" rx="${Math.round(margin / 2)}" fill="${xmlEscape(args.box)}"/>`
      : '';
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${box}${linesSvg(lines, bx + margin, by + margin, args.color)}</svg>`;
    const upright = await uprightImage(opened, args.path);
    return writeImage(ctx, upright.composite([{ input: Buffer.from(svg), top: 0, left: 0 }]), args, args.path);
  },
});

function place(position: (typeof POSITIONS)[number], w: number, h: number, bw: number, bh: number): [number, number] {
  const gap = Math.round(Math.min(w, h) * 0.03);
  const x = position.endsWith('left') ? gap : position.endsWith('right') ? w - bw - gap : (w - bw) / 2;
  const y = position.startsWith('top') ? gap : position.startsWith('bottom') ? h - bh - gap : (h - bh) / 2;
  return [Math.max(0, Math.round(x)), Math.max(0, Math.round(y))];
}
