import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { SIZE_ERRORS, openImage, uprightImage, outputFields, writeImage, writtenImage } from './raster';

export const crop = defineApi({
  name: 'crop',
  description: `Cut a rectangle out of an image (coordinates in pixels of the image as displayed, from the top-left corner). Staged.
Inputs: path, output, left, top, width, height, quality, overwrite. Output: { path, format, width, height, bytes }.
Errors: NOT_FOUND, PERMISSION_DENIED, INVALID_FILE, INVALID_ARGUMENTS (the box is not inside the image; output without an image extension or existing without overwrite), ${SIZE_ERRORS}.`,
  parameters: z.object({
    path: z.string().min(1).describe('the image to crop'),
    left: z.number().int().min(0).describe('left edge of the box, pixels from the left'),
    top: z.number().int().min(0).describe('top edge of the box, pixels from the top'),
    width: z.number().int().min(1).describe('box width in pixels'),
    height: z.number().int().min(1).describe('box height in pixels'),
    ...outputFields,
  }),
  returns: writtenImage,
  examples: [
    `const src = await image.info({ path: 'photos/team.jpg' });
const half = await image.crop({ path: 'photos/team.jpg', output: 'photos/team-left.png', left: 0, top: 0, width: Math.floor(src.width / 2), height: src.height });
log(half.width);`,
  ],
  composition: 'Use image.info for the size; crop, then image.readText on the crop to read one region of a page.',
  effects: 'stage',
  run: async (args, ctx) => {
    const opened = await openImage(ctx, args.path);
    const { meta } = opened;
    const swapped = (meta.orientation ?? 1) >= 5;
    const [w, h] = swapped ? [meta.height, meta.width] : [meta.width, meta.height];
    if (args.left + args.width > w || args.top + args.height > h)
      throw new ApiError('INVALID_ARGUMENTS', `the box ${args.left},${args.top} ${args.width}×${args.height} is not inside ${args.path} (${w}×${h})`);
    const upright = await uprightImage(opened, args.path);
    return writeImage(ctx, upright.extract({ left: args.left, top: args.top, width: args.width, height: args.height }), args, args.path);
  },
});
