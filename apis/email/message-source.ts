import { type ApiContext } from '../sdk';
import { imapMessageId, imapMessageOf } from './imap-ids';
import { display } from './mailbox';
import { readMessageFile, type ParsedMessage } from './parse';

/** The message at `path`: an .eml file (real or staged) or an imap:<folder>/<uid> message of the account; `shown` is how the program sees its path. */
export async function readMessageAt(ctx: ApiContext, path: string): Promise<{ message: ParsedMessage; shown: string }> {
  const imap = imapMessageOf(path);
  if (imap) {
    const { readImapMessage } = await import('./imap');
    return { message: await readImapMessage(ctx, imap.folder, imap.uid), shown: imapMessageId(imap.folder, imap.uid) };
  }
  const file = await ctx.staging.readPath(path);
  const abs = await ctx.staging.resolve(path);
  return { message: await readMessageFile(file, path), shown: display(ctx, abs) };
}
