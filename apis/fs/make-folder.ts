import { lstat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { display } from './lib/walk';

export const makeFolder = defineApi({
  name: 'makeFolder',
  description: `Make a folder (and its missing parents) inside the granted folders. Staging holds files, so the folder is kept by an empty ".keep" file inside it; it appears at Apply. Writing a file into a new folder creates the folder anyway.
Inputs: path. Output: { path, created } (created is false when the folder already exists).
Errors: INVALID_ARGUMENTS (a file has that name), PERMISSION_DENIED.`,
  parameters: z.object({ path: z.string().min(1).describe('the folder to make') }),
  returns: z.object({ path: z.string(), created: z.boolean() }),
  examples: [`await fs.makeFolder({ path: 'archive/2024' });`],
  composition: 'Then fs.copy / fs.move files into it.',
  effects: 'stage',
  run: async (args, ctx) => {
    const abs = await ctx.staging.resolve(args.path);
    const info = await lstat(abs).catch(() => undefined);
    if (info?.isDirectory()) return { path: display(ctx, abs), created: false };
    if (info) throw new ApiError('INVALID_ARGUMENTS', `${args.path} is a file`);
    await writeFile(await ctx.staging.stageFile(join(abs, '.keep'), 'other'), '');
    return { path: display(ctx, abs), created: true };
  },
});
