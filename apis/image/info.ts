import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { defineApi } from '../sdk';
import { SIZE_ERRORS, openImage } from './raster';

export const info = defineApi({
  name: 'info',
  description: `Facts about an image from its header, without decoding its pixels: format, width and height (as displayed, after EXIF orientation), channels, alpha, resolution, pages/frames, file size.
Inputs: path. Output: { path, format, width, height, channels, hasAlpha, density (pixels per inch or null), pages, bytes }.
Errors: NOT_FOUND, PERMISSION_DENIED, INVALID_FILE (not an image this reads), ${SIZE_ERRORS}.`,
  parameters: z.object({ path: z.string().min(1).describe('the image file') }),
  returns: z.object({
    path: z.string().describe('as given'),
    format: z.string().describe('png, jpeg, webp, tiff, gif, svg, avif, heif'),
    width: z.number().describe('displayed width in pixels'),
    height: z.number().describe('displayed height in pixels'),
    channels: z.number().describe('colour channels (3 RGB, 4 RGBA, 1 grey)'),
    hasAlpha: z.boolean().describe('whether it has transparency'),
    density: z.number().nullable().describe('pixels per inch, when recorded'),
    pages: z.number().describe('pages or animation frames'),
    bytes: z.number().describe('file size'),
  }),
  examples: [`const photo = await image.info({ path: 'photos/team.jpg' });\nlog(\`\${photo.width}×\${photo.height} \${photo.format}\`);`],
  composition: 'Check the size before image.resize or image.crop (crop boxes must lie inside the image).',
  effects: 'read',
  run: async (args, ctx) => {
    const { file, meta } = await openImage(ctx, args.path);
    const swapped = (meta.orientation ?? 1) >= 5;
    return {
      path: args.path,
      format: meta.format ?? 'unknown',
      width: swapped ? meta.height : meta.width,
      height: swapped ? meta.width : meta.height,
      channels: meta.channels ?? 0,
      hasAlpha: Boolean(meta.hasAlpha),
      density: meta.density ?? null,
      pages: meta.pages ?? 1,
      bytes: (await stat(file)).size,
    };
  },
});
