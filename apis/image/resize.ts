import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { SIZE_ERRORS, openImage, outputFields, writeImage, writtenImage } from './raster';

export const resize = defineApi({
  name: 'resize',
  description: `Resize an image. Give width, height or both; with one the other follows the aspect ratio. fit decides what happens when both are given: "inside" (keep the aspect, fit within the box; default), "cover" (fill the box, crop the overflow), "contain" (fit, pad with background), "fill" (stretch). Staged.
Inputs: path, output, width, height, fit, background (padding colour for contain), quality, overwrite. Output: { path, format, width, height, bytes }.
Errors: NOT_FOUND, PERMISSION_DENIED, INVALID_FILE, INVALID_ARGUMENTS (neither width nor height; output without an image extension or existing without overwrite), ${SIZE_ERRORS}; results are at most 10000 pixels a side.`,
  parameters: z.object({
    path: z.string().min(1).describe('the image to resize'),
    width: z.number().int().min(1).max(10000).optional().describe('new width in pixels'),
    height: z.number().int().min(1).max(10000).optional().describe('new height in pixels'),
    fit: z.enum(['inside', 'cover', 'contain', 'fill']).default('inside').describe('how to fit when both width and height are given'),
    background: z.string().default('#ffffff').describe('padding colour for fit "contain" (CSS colour)'),
    ...outputFields,
  }),
  returns: writtenImage,
  examples: [
    `const thumb = await image.resize({ path: 'photos/team.jpg', output: 'photos/team-thumb.jpg', width: 320 });\nlog(\`\${thumb.width}×\${thumb.height}\`);`,
  ],
  composition: 'image.info first when the new size depends on the old one.',
  effects: 'stage',
  run: async (args, ctx) => {
    if (!args.width && !args.height) throw new ApiError('INVALID_ARGUMENTS', 'give width, height or both');
    const { image } = await openImage(ctx, args.path);
    return writeImage(ctx, image.resize({ width: args.width, height: args.height, fit: args.fit, background: args.background }), args, args.path);
  },
});
