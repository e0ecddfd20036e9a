import { lstat } from 'node:fs/promises';
import { z } from 'zod';
import { defineApi } from '../sdk';
import { display } from './lib/walk';

export const stat = defineApi({
  name: 'stat',
  description: `Facts about a file or folder: whether it exists (for this program: a staged write counts, a staged delete does not), its type, size in bytes, modified and created times, and whether it is staged.
Inputs: path. Output: { path, exists, type ("file"|"folder"|null), size, modified, created, staged }. A missing file is not an error: exists is false.
Errors: PERMISSION_DENIED (outside the granted folders).`,
  parameters: z.object({ path: z.string().min(1).describe('file or folder') }),
  returns: z.object({
    path: z.string(),
    exists: z.boolean(),
    type: z.enum(['file', 'folder']).nullable(),
    size: z.number(),
    modified: z.string().nullable(),
    created: z.string().nullable(),
    staged: z.boolean(),
  }),
  examples: [`const s = await fs.stat({ path: 'sales.xlsx' });\nif (s.exists) log(s.size);`],
  composition: 'Check before fs.copy or fs.writeText to avoid overwriting.',
  effects: 'read',
  run: async (args, ctx) => {
    const abs = await ctx.staging.resolve(args.path);
    const entry = [...ctx.staging.entries()].reverse().find((e) => e.target === abs);
    const shown = display(ctx, abs);
    if (entry?.action === 'delete') return { path: shown, exists: false, type: null, size: 0, modified: null, created: null, staged: true };
    const info = await lstat(entry?.stagedPath ?? abs).catch(() => undefined);
    if (!info) return { path: shown, exists: false, type: null, size: 0, modified: null, created: null, staged: false };
    return {
      path: shown,
      exists: true,
      type: info.isDirectory() ? ('folder' as const) : ('file' as const),
      size: info.isDirectory() ? 0 : info.size,
      modified: info.mtime.toISOString(),
      created: info.birthtime.toISOString(),
      staged: Boolean(entry),
    };
  },
});
