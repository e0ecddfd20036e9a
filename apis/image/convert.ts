import { z } from 'zod';
import { defineApi } from '../sdk';
import { SIZE_ERRORS, openImage, outputFields, writeImage, writtenImage } from './raster';

export const convert = defineApi({
  name: 'convert',
  description: `Save an image in another format (PNG, JPEG, WebP, TIFF, GIF, AVIF), chosen by the output's extension; EXIF orientation is applied, transparency becomes white in JPEG. Staged: written at Apply.
Inputs: path, output, quality (JPEG/WebP/AVIF), overwrite. Output: { path, format, width, height, bytes }.
Errors: NOT_FOUND, PERMISSION_DENIED, INVALID_FILE (not a readable image), INVALID_ARGUMENTS (output has no image extension; exists without overwrite), ${SIZE_ERRORS}.`,
  parameters: z.object({ path: z.string().min(1).describe('the image to convert'), ...outputFields }),
  returns: writtenImage,
  examples: [`const out = await image.convert({ path: 'photos/team.jpg', output: 'photos/team.webp', quality: 80 });\nlog(out.bytes);`],
  composition: 'Any image API writes any of these formats directly; use convert when only the format changes.',
  effects: 'stage',
  run: async (args, ctx) => {
    const { image } = await openImage(ctx, args.path);
    const flattened = /\.jpe?g$/i.test(args.output) ? image.flatten({ background: '#ffffff' }) : image;
    return writeImage(ctx, flattened, args, args.path);
  },
});
