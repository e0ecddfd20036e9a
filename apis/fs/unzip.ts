import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import type JSZip from 'jszip';
import { z } from 'zod';
import { ApiError, defineApi, OFFICE_LIMITS, zipEntries } from '../sdk';
import { existsInRun, kindOf } from './lib/walk';
import { lazyModule } from '../sdk/lazy-module';

const Zip = lazyModule<typeof JSZip>('jszip');

export const unzip = defineApi({
  name: 'unzip',
  description: `Extract a .zip archive into a folder inside the granted folders. Entries that would land outside the folder ("../", absolute names), encrypted archives and zip bombs (huge inflation) are refused before anything is extracted.
Inputs: path (the archive), to (folder to extract into; created), overwrite.
Output: { to, files: [paths] }. Staged: the files appear at Apply.
Errors: NOT_FOUND, INVALID_FILE (not a zip, corrupt, encrypted, unsafe names), TOO_LARGE, INVALID_ARGUMENTS (a file exists without overwrite).`,
  parameters: z.object({
    path: z.string().min(1).describe('the .zip archive'),
    to: z.string().min(1).describe('folder to extract into'),
    overwrite: z.boolean().default(false).describe('replace existing files'),
  }),
  returns: z.object({ to: z.string(), files: z.array(z.string()) }),
  examples: [`await fs.zip({ paths: ['docs'], to: 'docs.zip' });\nconst r = await fs.unzip({ path: 'docs.zip', to: 'restored' });\nlog(r.files);`],
  composition: 'Unzip, then fs.list the folder and read the files with the xlsx/docx/fs APIs.',
  effects: 'stage',
  run: async (args, ctx) => {
    const file = await ctx.staging.readPath(args.path);
    if ((await stat(file)).size > OFFICE_LIMITS.maxBytes) throw new ApiError('TOO_LARGE', `${args.path} is too large`);
    const bytes = await readFile(file);
    const entries = zipEntries(bytes, args.path).filter((e) => !e.name.endsWith('/'));
    for (const e of entries) {
      const clean = normalize(e.name);
      if (e.name.startsWith('/') || /^[A-Za-z]:/.test(e.name) || clean.startsWith('..') || e.name.includes('\\') || e.name.includes('\0')) {
        throw new ApiError('INVALID_FILE', `${args.path} has an unsafe entry name ${e.name}`);
      }
    }
    const archive = await Zip.loadAsync(bytes, { checkCRC32: true }).catch((error: Error) => {
      throw new ApiError('INVALID_FILE', `${args.path} is not a readable zip: ${error.message}`);
    });
    const base = await ctx.staging.resolve(args.to);
    const targets = entries.map((e) => ({ name: e.name, target: join(base, normalize(e.name)) }));
    if (!args.overwrite)
      for (const t of targets)
        if (await existsInRun(ctx, t.target)) throw new ApiError('INVALID_ARGUMENTS', `${t.name} exists in ${args.to}; pass overwrite: true`);
    const contents: Uint8Array[] = [];
    for (const t of targets) {
      const entry = archive.file(t.name);
      if (!entry) throw new ApiError('INVALID_FILE', `${args.path}: ${t.name} is unreadable`);
      contents.push(
        await entry.async('uint8array').catch((error: Error) => {
          throw new ApiError('INVALID_FILE', `${args.path}: ${t.name} does not inflate (${error.message})`);
        }),
      );
    }
    const files: string[] = [];
    for (const [i, t] of targets.entries()) {
      const staged = await ctx.staging.stageFile(t.target, kindOf(t.target));
      await mkdir(dirname(staged), { recursive: true });
      await writeFile(staged, contents[i]!);
      files.push(`${args.to.replace(/\/$/, '')}/${t.name}`);
    }
    return { to: args.to, files };
  },
});
