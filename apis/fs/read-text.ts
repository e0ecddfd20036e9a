import { open, stat } from 'node:fs/promises';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';

export const readText = defineApi({
  name: 'readText',
  description: `Read a text file (txt, md, csv, json, xml, code...) as UTF-8 text. Reads this program's staged version when it already wrote the file. Binary files are refused (use xlsx.readRange / docx.readDocument for Office files).
Inputs: path, maxBytes (longer files are cut at a character boundary; truncated is true).
Output: { text, bytes (file size), truncated }.
Errors: NOT_FOUND, PERMISSION_DENIED, INVALID_FILE (binary content).`,
  parameters: z.object({
    path: z.string().min(1).describe('the file to read'),
    maxBytes: z
      .number()
      .int()
      .min(1)
      .max(20 * 1024 * 1024)
      .default(1024 * 1024)
      .describe('most bytes read'),
  }),
  returns: z.object({ text: z.string(), bytes: z.number(), truncated: z.boolean() }),
  examples: [`const { text } = await fs.readText({ path: 'notes.txt' });\nlog(text.split('\\n')[0]);`],
  composition: 'Read, transform in the program, write back with fs.writeText.',
  effects: 'read',
  run: async (args, ctx) => {
    const file = await ctx.staging.readPath(args.path);
    const size = (await stat(file)).size;
    const length = Math.min(size, args.maxBytes);
    const buffer = Buffer.alloc(length);
    const handle = await open(file, 'r');
    await handle.read(buffer, 0, length, 0).finally(() => handle.close());
    if (buffer.subarray(0, 8192).includes(0)) throw new ApiError('INVALID_FILE', `${args.path} is a binary file, not text`);
    let text = buffer.toString('utf8');
    if (length < size) text = text.replace(/\uFFFD$/, '');
    return { text, bytes: size, truncated: length < size };
  },
});
