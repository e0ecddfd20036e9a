import type sharpTypes from 'sharp';
import { z } from 'zod';
import { defineApi } from '../sdk';
import { sobel } from './filters';
import { SIZE_ERRORS, imageError, openImage, outputFields, writeImage, writtenImage } from './raster';
import { lazyModule } from '../sdk/lazy-module';

// sharp: loaded when an API first uses it, not when the pack is listed.
const sharp = lazyModule<typeof sharpTypes>('sharp');

export const edges = defineApi({
  name: 'edges',
  description: `Image to edge map (TaskMatrix's image-to-edge), on the CPU: greyscale, a light blur against noise, Sobel gradient magnitude; weak edges under threshold are dropped. White edges on black, or black on white with invert. Staged.
Inputs: path, output, threshold (0..255), blur (sigma, 0 for none), invert, quality, overwrite. Output: { path, format, width, height, bytes }.
Errors: NOT_FOUND, PERMISSION_DENIED, INVALID_FILE, INVALID_ARGUMENTS (output without an image extension or existing without overwrite), ${SIZE_ERRORS}.`,
  parameters: z.object({
    path: z.string().min(1).describe('the image'),
    threshold: z.number().int().min(0).max(255).default(40).describe('edge strength below which a pixel is background'),
    blur: z.number().min(0).max(10).default(1).describe('Gaussian blur sigma before edge detection (0: none)'),
    invert: z.boolean().default(false).describe('black edges on white instead of white on black'),
    ...outputFields,
  }),
  returns: writtenImage,
  examples: [`const e = await image.edges({ path: 'photos/team.jpg', output: 'photos/team-edges.png', invert: true });\nlog(e.path);`],
  composition: 'image.sketch gives a softer pencil look; image.resize first for very large photos.',
  effects: 'stage',
  run: async (args, ctx) => {
    const { image } = await openImage(ctx, args.path);
    let grey = image.flatten({ background: '#ffffff' }).greyscale();
    if (args.blur >= 0.3) grey = grey.blur(args.blur);
    const { data, info } = await grey
      .raw()
      .toBuffer({ resolveWithObject: true })
      .catch((error: unknown) => {
        throw imageError(args.path, error);
      });
    const mono = info.channels === 1 ? data : data.filter((_: number, i: number) => i % info.channels === 0);
    const map = sobel(mono, info.width, info.height, args.threshold);
    if (args.invert) for (let i = 0; i < map.length; i++) map[i] = 255 - map[i]!;
    return writeImage(ctx, sharp(map, { raw: { width: info.width, height: info.height, channels: 1 } }).toColourspace('b-w'), args, args.path);
  },
});
