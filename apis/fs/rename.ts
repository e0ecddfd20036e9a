import { dirname, join } from 'node:path';
import { z } from 'zod';
import { defineApi } from '../sdk';
import { stageCopy } from './lib/transfer';
import { display } from './lib/walk';

export const rename = defineApi({
  name: 'rename',
  description: `Rename a file or folder in place (same folder, new name). Staged like fs.move.
Inputs: path, newName (a name only, no slashes). Output: { from, to }.
Errors: NOT_FOUND, INVALID_ARGUMENTS (a slash in newName, the name is taken), PERMISSION_DENIED.`,
  parameters: z.object({
    path: z.string().min(1).describe('file or folder to rename'),
    newName: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[^/\\]+$/, 'a name without slashes')
      .describe('the new name, e.g. report-final.docx'),
  }),
  returns: z.object({ from: z.string(), to: z.string() }),
  examples: [`await fs.rename({ path: 'notes.txt', newName: 'meeting-notes.txt' });`],
  composition: 'Often after editing a copy: fs.copy, edit, fs.rename.',
  effects: 'stage',
  run: async (args, ctx) => {
    const abs = await ctx.staging.resolve(args.path);
    const target = join(dirname(abs), args.newName);
    const { sources } = await stageCopy(ctx, abs, target, false);
    for (const s of sources) await ctx.staging.stageDelete(s);
    return { from: display(ctx, abs), to: display(ctx, target) };
  },
});
