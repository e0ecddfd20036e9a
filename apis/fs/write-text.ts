import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { existsInRun, kindOf } from './lib/walk';

export const writeText = defineApi({
  name: 'writeText',
  description: `Write a text file (UTF-8), or append to one. Staged: the real file is created or replaced at Apply.
Inputs: path, text, append (add to the end of the current content), overwrite (replace an existing file; otherwise an existing file is an error).
Output: { path, bytes } (size of the staged file).
Errors: INVALID_ARGUMENTS (exists and neither append nor overwrite; an Office file name), PERMISSION_DENIED.`,
  parameters: z.object({
    path: z.string().min(1).describe('the file to write'),
    text: z
      .string()
      .max(20 * 1024 * 1024)
      .describe('the content'),
    append: z.boolean().default(false).describe('append to the existing content'),
    overwrite: z.boolean().default(false).describe('replace an existing file'),
  }),
  returns: z.object({ path: z.string(), bytes: z.number() }),
  examples: [`await fs.writeText({ path: 'summary.md', text: '# Summary\\n\\nAll good.\\n' });`],
  composition: 'Use xlsx/docx APIs for Office files; fs.writeText is for text, markdown, CSV and JSON.',
  effects: 'stage',
  run: async (args, ctx) => {
    if (kindOf(args.path) !== 'other') throw new ApiError('INVALID_ARGUMENTS', `${args.path} is an Office file; use the xlsx or docx APIs`);
    const exists = await existsInRun(ctx, args.path);
    if (exists && !args.append && !args.overwrite) throw new ApiError('INVALID_ARGUMENTS', `${args.path} exists; pass overwrite: true or append: true`);
    const before = exists && args.append ? await readFile(await ctx.staging.readPath(args.path), 'utf8') : '';
    const content = before + args.text;
    const staged = await ctx.staging.stageFile(args.path, 'other');
    await writeFile(staged, content);
    return { path: args.path, bytes: Buffer.byteLength(content) };
  },
});
