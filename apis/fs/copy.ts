import { z } from 'zod';
import { defineApi } from '../sdk';
import { stageCopy } from './lib/transfer';

export const copy = defineApi({
  name: 'copy',
  description: `Copy a file, or a folder with everything in it, to a new path inside the granted folders. Staged: the copies appear at Apply.
Inputs: from, to (the new path, not the parent folder), overwrite.
Output: { from, to, files } (files copied).
Errors: NOT_FOUND (from), INVALID_ARGUMENTS (to exists without overwrite, to inside from), PERMISSION_DENIED.`,
  parameters: z.object({
    from: z.string().min(1).describe('file or folder to copy'),
    to: z.string().min(1).describe('path of the copy'),
    overwrite: z.boolean().default(false).describe('replace existing files'),
  }),
  returns: z.object({ from: z.string(), to: z.string(), files: z.number() }),
  examples: [`await fs.copy({ from: 'sales.xlsx', to: 'archive/sales-2024.xlsx' });`],
  composition: 'Copy a file before editing the copy with xlsx/docx APIs to keep the original.',
  effects: 'stage',
  run: async (args, ctx) => ({ from: args.from, to: args.to, files: (await stageCopy(ctx, args.from, args.to, args.overwrite)).files }),
});
