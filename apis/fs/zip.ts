import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type JSZip from 'jszip';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { existsInRun, filesOf } from './lib/walk';
import { lazyModule } from '../sdk/lazy-module';

const Zip = lazyModule<typeof JSZip>('jszip');

const MAX_ZIP_INPUT = 500 * 1024 * 1024;

export const zip = defineApi({
  name: 'zip',
  description: `Pack files and folders into a .zip archive (deflate). A folder keeps its name as the top folder in the archive; files go in at the top.
Inputs: paths (files or folders), to (the .zip to write), overwrite.
Output: { to, files, bytes } (entries and archive size). Staged: the archive appears at Apply.
Errors: NOT_FOUND, INVALID_ARGUMENTS (to exists without overwrite, not .zip), TOO_LARGE (over ${MAX_ZIP_INPUT / 1024 / 1024} MB of input), PERMISSION_DENIED.`,
  parameters: z.object({
    paths: z.array(z.string().min(1)).min(1).describe('files or folders to pack'),
    to: z.string().min(1).describe('the archive, e.g. reports.zip'),
    overwrite: z.boolean().default(false).describe('replace an existing archive'),
  }),
  returns: z.object({ to: z.string(), files: z.number(), bytes: z.number() }),
  examples: [`await fs.zip({ paths: ['docs', 'notes.txt'], to: 'bundle.zip' });`],
  composition: 'Zip the outputs of a program (made earlier in it) to hand them over as one file.',
  effects: 'stage',
  run: async (args, ctx) => {
    if (!/\.zip$/i.test(args.to)) throw new ApiError('INVALID_ARGUMENTS', `${args.to} must end in .zip`);
    if (!args.overwrite && (await existsInRun(ctx, args.to))) throw new ApiError('INVALID_ARGUMENTS', `${args.to} exists; pass overwrite: true`);
    const archive = new Zip();
    let files = 0;
    let total = 0;
    for (const p of args.paths) {
      const abs = await ctx.staging.resolve(p);
      for (const f of await filesOf(ctx, p)) {
        const data = await readFile(await ctx.staging.readPath(f.abs));
        total += data.length;
        if (total > MAX_ZIP_INPUT) throw new ApiError('TOO_LARGE', `more than ${MAX_ZIP_INPUT / 1024 / 1024} MB to pack`);
        archive.file(f.rel ? `${basename(abs)}/${f.rel}` : basename(abs), data);
        files++;
      }
    }
    const bytes = await archive.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    await writeFile(await ctx.staging.stageFile(args.to, 'other'), bytes);
    return { to: args.to, files, bytes: bytes.length };
  },
});
