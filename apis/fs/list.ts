import { stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { display, walk } from './lib/walk';

export const list = defineApi({
  name: 'list',
  description: `List the files and folders in a folder inside the granted folders, optionally recursively. Files this program already staged (written, copied, moved) appear with staged: true; files it staged for deletion are left out.
Inputs: path (folder; the first granted folder when omitted), recursive, includeHidden, maxEntries.
Output: { entries: [{ path, name, type ("file"|"folder"), size (bytes), modified (ISO time), staged }], truncated }. Paths are relative to the first granted folder.
Errors: NOT_FOUND, PERMISSION_DENIED (outside the granted folders), INVALID_ARGUMENTS (a file, not a folder), TOO_LARGE.`,
  parameters: z.object({
    path: z.string().default('.').describe('folder to list; "." is the first granted folder'),
    recursive: z.boolean().default(false).describe('include subfolders'),
    includeHidden: z.boolean().default(false).describe('include names starting with a dot'),
    maxEntries: z.number().int().min(1).max(10_000).default(500).describe('most entries returned'),
  }),
  returns: z.object({
    entries: z.array(
      z.object({ path: z.string(), name: z.string(), type: z.enum(['file', 'folder']), size: z.number(), modified: z.string(), staged: z.boolean() }),
    ),
    truncated: z.boolean(),
  }),
  examples: [`const { entries } = await fs.list({ path: '.', recursive: true });\nlog(entries.filter((e) => e.name.endsWith('.xlsx')).map((e) => e.path));`],
  composition: 'List to find files, then open them with xlsx.readRange, docx.readDocument or fs.readText. For a pattern use fs.search.',
  effects: 'read',
  run: async (args, ctx) => {
    const dir = await ctx.staging.resolve(args.path);
    const info = await stat(dir).catch(() => undefined);
    if (!info) throw new ApiError('NOT_FOUND', `${args.path} does not exist`);
    if (!info.isDirectory()) throw new ApiError('INVALID_ARGUMENTS', `${args.path} is a file; use fs.stat`);
    const deleted = new Set(
      ctx.staging
        .entries()
        .filter((e) => e.action === 'delete')
        .map((e) => e.target),
    );
    const found = (await walk(dir, args.recursive, args.includeHidden)).filter((e) => !deleted.has(e.abs));
    const entries = found.map((e) => ({
      path: display(ctx, e.abs),
      name: e.abs.split(sep).pop()!,
      type: e.type,
      size: e.size,
      modified: e.modified,
      staged: false,
    }));
    const have = new Set(found.map((e) => e.abs));
    for (const s of ctx.staging.entries()) {
      if (s.action !== 'write' || !s.target.startsWith(`${dir}${sep}`)) continue;
      const parts = s.target.slice(dir.length + 1).split(sep);
      // A staged file shows itself (recursive) or the new top folder it creates (one level).
      const shown = args.recursive ? parts.map((_, i) => join(dir, ...parts.slice(0, i + 1))) : [join(dir, parts[0]!)];
      for (const abs of shown) {
        if (!args.includeHidden && abs.split(sep).pop()!.startsWith('.')) continue;
        const hit = entries.find((e) => e.path === display(ctx, abs));
        if (hit) {
          if (abs === s.target) hit.staged = true;
          continue;
        }
        const isFile = abs === s.target;
        if (!isFile && have.has(abs)) continue;
        entries.push({
          path: display(ctx, abs),
          name: abs.split(sep).pop()!,
          type: isFile ? 'file' : 'folder',
          size: 0,
          modified: new Date().toISOString(),
          staged: true,
        });
      }
    }
    return { entries: entries.slice(0, args.maxEntries), truncated: entries.length > args.maxEntries };
  },
});
