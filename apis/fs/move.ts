import { z } from 'zod';
import { defineApi } from '../sdk';
import { stageCopy } from './lib/transfer';

export const move = defineApi({
  name: 'move',
  description: `Move a file, or a folder with everything in it, to a new path inside the granted folders. Staged: at Apply the new files appear and the originals are removed (Undo restores them).
Inputs: from, to (the new path), overwrite.
Output: { from, to, files }.
Errors: NOT_FOUND, INVALID_ARGUMENTS (to exists without overwrite, to inside from), PERMISSION_DENIED.`,
  parameters: z.object({
    from: z.string().min(1).describe('file or folder to move'),
    to: z.string().min(1).describe('its new path'),
    overwrite: z.boolean().default(false).describe('replace existing files'),
  }),
  returns: z.object({ from: z.string(), to: z.string(), files: z.number() }),
  examples: [`await fs.move({ from: 'notes.txt', to: 'docs/notes.txt' });`],
  composition: 'Use fs.rename to change only the name; fs.list afterwards shows the staged result.',
  effects: 'stage',
  run: async (args, ctx) => {
    const { files, sources } = await stageCopy(ctx, args.from, args.to, args.overwrite);
    for (const s of sources) await ctx.staging.stageDelete(s);
    return { from: args.from, to: args.to, files };
  },
});
