import { open } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { display, globToRegExp, walk } from './lib/walk';

const MAX_CONTENT_BYTES = 5 * 1024 * 1024;

export const search = defineApi({
  name: 'search',
  description: `Search for files inside a granted folder (always recursive) by name (substring, case-insensitive), glob ("**/*.xlsx", "reports/*.{docx,pdf}") and/or content (text files only, case-insensitive; each hit gives the line number and the line). All given criteria must match.
Inputs: path (folder to search; the first granted folder when omitted), name, glob, content, maxResults.
Output: { matches: [{ path, line?, text? }], truncated }. Files over ${MAX_CONTENT_BYTES / 1024 / 1024} MB and binary files are skipped for content search.
Errors: NOT_FOUND, PERMISSION_DENIED, INVALID_ARGUMENTS (no criterion), TOO_LARGE (too many files: narrow the folder).`,
  parameters: z.object({
    path: z.string().default('.').describe('folder to search in'),
    name: z.string().optional().describe('text the file name contains'),
    glob: z.string().optional().describe('pattern over the path relative to the folder, e.g. **/*.csv'),
    content: z.string().optional().describe('text a line of the file contains'),
    maxResults: z.number().int().min(1).max(2000).default(100).describe('most matches returned'),
  }),
  returns: z.object({ matches: z.array(z.object({ path: z.string(), line: z.number().optional(), text: z.string().optional() })), truncated: z.boolean() }),
  examples: [`const { matches } = await fs.search({ glob: '**/*.md', content: 'budget' });\nlog(matches);`],
  composition: 'Search, then read the hits with fs.readText, xlsx.readRange or docx.readDocument.',
  effects: 'read',
  run: async (args, ctx) => {
    if (!args.name && !args.glob && !args.content) throw new ApiError('INVALID_ARGUMENTS', 'give name, glob or content');
    const dir = await ctx.staging.resolve(args.path);
    const pattern = args.glob ? globToRegExp(args.glob) : undefined;
    const needle = args.content?.toLowerCase();
    const matches: { path: string; line?: number; text?: string }[] = [];
    let truncated = false;
    for (const e of await walk(dir, true, false)) {
      if (e.type !== 'file') continue;
      const rel = relative(dir, e.abs).split(sep).join('/');
      if (args.name && !rel.split('/').pop()!.toLowerCase().includes(args.name.toLowerCase())) continue;
      if (pattern && !pattern.test(rel)) continue;
      if (!needle) {
        matches.push({ path: display(ctx, e.abs) });
      } else if (e.size <= MAX_CONTENT_BYTES) {
        const handle = await open(e.abs, 'r');
        const buffer = Buffer.alloc(e.size);
        await handle.read(buffer, 0, e.size, 0).finally(() => handle.close());
        if (buffer.subarray(0, 8192).includes(0)) continue;
        buffer
          .toString('utf8')
          .split(/\r?\n/)
          .forEach((line, i) => {
            if (line.toLowerCase().includes(needle)) matches.push({ path: display(ctx, e.abs), line: i + 1, text: line.slice(0, 300) });
          });
      }
      if (matches.length >= args.maxResults) {
        truncated = true;
        break;
      }
    }
    return { matches: matches.slice(0, args.maxResults), truncated };
  },
});
