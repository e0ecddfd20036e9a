import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ApiError, type ApiContext } from '../sdk';
import { recipientsSchema } from './build';
import { display, existsInRun, fileNameFor, freeTarget } from './mailbox';
import { smtpAccount } from './smtp';

/** The fields of a message being written, shared by email.compose and email.send. */
export const messageFields = {
  from: z.string().min(1).max(320).optional().describe('sender; default the SMTP account\'s address, else "Me"'),
  to: recipientsSchema,
  cc: recipientsSchema.optional(),
  bcc: recipientsSchema.optional(),
  subject: z.string().max(998).describe('the subject line'),
  text: z.string().max(5_000_000).describe('the plain text body'),
  html: z.string().max(5_000_000).optional().describe('an HTML body besides the text (optional)'),
  attachments: z
    .array(z.string().min(1))
    .max(100)
    .default([])
    .describe('files inside the granted folders to attach (a file this program wrote is attached as staged)'),
};

/** The sender when the program names none. */
export function defaultFrom(ctx: ApiContext, from: string | undefined): string {
  const account = smtpAccount(ctx);
  return from ?? account?.from ?? account?.user ?? 'Me';
}

/** Stages a draft .eml at `path` (default drafts/<subject>.eml, numbered when taken); returns its display path. */
export async function stageDraft(ctx: ApiContext, raw: Buffer, subject: string, path: string | undefined, overwrite: boolean): Promise<string> {
  let target: string;
  if (path !== undefined) {
    if (!/\.eml$/i.test(path)) throw new ApiError('INVALID_ARGUMENTS', `${path}: a draft is an .eml file`);
    target = await ctx.staging.resolve(path);
    if (!overwrite && (await existsInRun(ctx, target))) throw new ApiError('INVALID_ARGUMENTS', `${path} exists; pass overwrite: true`);
  } else target = await freeTarget(ctx, await ctx.staging.resolve('drafts'), fileNameFor(subject));
  const staged = await ctx.staging.stageFile(target, 'other');
  await mkdir(dirname(staged), { recursive: true });
  await writeFile(staged, raw);
  return display(ctx, target);
}
