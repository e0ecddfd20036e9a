import { z } from 'zod';
import { defineApi } from '../sdk';
import { display, filesOf } from './lib/walk';

export const del = defineApi({
  name: 'delete',
  description: `Delete a file, or every file in a folder as this run sees it (files the program wrote earlier count; a file written only in this run is simply dropped). Destructive: the person is asked before it runs, and the files are removed only at Apply (Undo restores them).
Inputs: path. Output: { deleted: [paths] }.
Errors: NOT_FOUND, PERMISSION_DENIED.`,
  parameters: z.object({ path: z.string().min(1).describe('file or folder to delete') }),
  returns: z.object({ deleted: z.array(z.string()) }),
  examples: [`await fs.delete({ path: 'notes.txt' });`],
  composition: 'Ask for exactly what is needed: list with fs.list or fs.search first, then delete those paths.',
  effects: 'destructive',
  run: async (args, ctx) => {
    const files = await filesOf(ctx, args.path);
    for (const f of files) await ctx.staging.stageDelete(f.abs);
    return { deleted: files.map((f) => display(ctx, f.abs)) };
  },
});
