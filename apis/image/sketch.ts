import type sharpTypes from 'sharp';
import { z } from 'zod';
import { defineApi } from '../sdk';
import { dodge } from './filters';
import { SIZE_ERRORS, imageError, openImage, outputFields, writeImage, writtenImage } from './raster';
import { lazyModule } from '../sdk/lazy-module';

// sharp: loaded when an API first uses it, not when the pack is listed.
const sharp = lazyModule<typeof sharpTypes>('sharp');

export const sketch = defineApi({
  name: 'sketch',
  description: `Image to pencil sketch (TaskMatrix's image-to-sketch), on the CPU: greyscale, invert, Gaussian blur, then colour-dodge the grey image with the blurred negative (dark strokes on white paper). A larger blur gives bolder strokes. Staged.
Inputs: path, output, blur (sigma), quality, overwrite. Output: { path, format, width, height, bytes }.
Errors: NOT_FOUND, PERMISSION_DENIED, INVALID_FILE, INVALID_ARGUMENTS (output without an image extension or existing without overwrite), ${SIZE_ERRORS}.`,
  parameters: z.object({
    path: z.string().min(1).describe('the image'),
    blur: z.number().min(0.5).max(50).default(8).describe('Gaussian blur sigma of the negative; larger gives bolder strokes'),
    ...outputFields,
  }),
  returns: writtenImage,
  examples: [`const s = await image.sketch({ path: 'photos/team.jpg', output: 'photos/team-sketch.jpg' });\nlog(\`\${s.width}×\${s.height}\`);`],
  composition: 'image.edges gives a hard edge map instead.',
  effects: 'stage',
  run: async (args, ctx) => {
    const { image } = await openImage(ctx, args.path);
    const fail = (error: unknown) => {
      throw imageError(args.path, error);
    };
    const grey = await image.flatten({ background: '#ffffff' }).greyscale().toColourspace('b-w').raw().toBuffer({ resolveWithObject: true }).catch(fail);
    const { width, height } = grey.info;
    const raw = { raw: { width, height, channels: 1 as const } };
    const blurredInverse = await sharp(grey.data, raw).negate().blur(args.blur).toColourspace('b-w').raw().toBuffer().catch(fail);
    return writeImage(ctx, sharp(dodge(grey.data, blurredInverse), raw).toColourspace('b-w'), args, args.path);
  },
});
