import { z } from 'zod';
import { defineApi } from '../sdk';
import { SIZE_ERRORS, openImage, uprightImage, outputFields, writeImage, writtenImage } from './raster';

export const rotate = defineApi({
  name: 'rotate',
  description: `Rotate an image clockwise by any angle in degrees (multiples of 90 are lossless in size; other angles grow the canvas and fill the corners with background), and optionally mirror it. Staged.
Inputs: path, output, angle, flip (upside down mirror), flop (left-right mirror), background, quality, overwrite. Output: { path, format, width, height, bytes }.
Errors: NOT_FOUND, PERMISSION_DENIED, INVALID_FILE, INVALID_ARGUMENTS (output without an image extension or existing without overwrite), ${SIZE_ERRORS}.`,
  parameters: z.object({
    path: z.string().min(1).describe('the image to rotate'),
    angle: z.number().min(-360).max(360).describe('degrees clockwise (negative: counter-clockwise)'),
    flip: z.boolean().default(false).describe('mirror top to bottom after rotating'),
    flop: z.boolean().default(false).describe('mirror left to right after rotating'),
    background: z.string().default('#ffffff').describe('colour of the corners uncovered by a non-right angle (CSS colour)'),
    ...outputFields,
  }),
  returns: writtenImage,
  examples: [
    `const turned = await image.rotate({ path: 'photos/team.jpg', output: 'photos/team-portrait.jpg', angle: 90 });\nlog(\`\${turned.width}×\${turned.height}\`);`,
  ],
  composition: 'Straighten a scan before image.readText.',
  effects: 'stage',
  run: async (args, ctx) => {
    const opened = await openImage(ctx, args.path);
    const upright = await uprightImage(opened, args.path);
    let out = upright.rotate(args.angle, { background: args.background });
    if (args.flip) out = out.flip();
    if (args.flop) out = out.flop();
    return writeImage(ctx, out, args, args.path);
  },
});
