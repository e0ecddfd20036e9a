import { copyFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ApiError, type ApiContext } from '../../sdk';
import { display, existsInRun, filesOf, kindOf } from './walk';

/** Copies a file or every file of a folder into staging under `to`; the source is left as it is. */
export async function stageCopy(ctx: ApiContext, from: string, to: string, overwrite: boolean): Promise<{ files: number; sources: string[] }> {
  const files = await filesOf(ctx, from);
  const fromAbs = await ctx.staging.resolve(from);
  const toAbs = await ctx.staging.resolve(to);
  if (toAbs === fromAbs || toAbs.startsWith(`${fromAbs}/`)) throw new ApiError('INVALID_ARGUMENTS', `${to} is ${from} or inside it`);
  const targets = files.map((f) => ({ ...f, target: f.rel ? `${toAbs}/${f.rel}` : toAbs }));
  if (!overwrite) {
    for (const t of targets)
      if (await existsInRun(ctx, t.target)) throw new ApiError('INVALID_ARGUMENTS', `${display(ctx, t.target)} exists; pass overwrite: true`);
  }
  for (const t of targets) {
    const source = await ctx.staging.readPath(t.abs);
    const staged = await ctx.staging.stageFile(t.target, kindOf(t.target));
    await mkdir(dirname(staged), { recursive: true });
    if (source !== staged) await copyFile(source, staged);
  }
  return { files: targets.length, sources: files.map((f) => f.abs) };
}
