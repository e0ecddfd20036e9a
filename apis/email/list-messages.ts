import { lstat, readdir } from 'node:fs/promises';
import { z } from 'zod';
import { ApiError, defineApi, type ApiContext } from '../sdk';
import { imapFolderOf } from './imap-ids';
import { display, messageFiles, personFolder } from './mailbox';
import { parseLooseDate, readMessageFile, snippet, type ParsedMessage } from './parse';

export const mailboxParam = z
  .string()
  .min(1)
  .default('emails')
  .describe(
    'the folder mailbox: one subfolder of .eml files per person (default "emails"); or "imap" for the INBOX of the configured IMAP account, "imap:<folder>" for another of its folders',
  );

const summarySchema = z.object({
  path: z.string().describe("the message's id: its .eml path, for email.readMessage / email.reply"),
  from: z.string().describe('sender, "Name <address>" or the address'),
  to: z.array(z.string()).describe('recipients'),
  cc: z.array(z.string()).describe('copied recipients'),
  subject: z.string().describe('subject ("" when none)'),
  date: z
    .string()
    .nullable()
    .describe('ISO time sent: the Date header, else a "Sent:"/"Date:" line in the body (a time without zone read as UTC); null when neither'),
  snippet: z.string().describe('the first 160 characters of the text'),
  attachments: z.array(z.string()).describe('attachment file names'),
});

async function mailboxFolder(ctx: ApiContext, mailbox: string, person: string | undefined): Promise<string> {
  const root = await ctx.staging.resolve(mailbox);
  const isDir = await lstat(root).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const staged = ctx.staging.entries().some((e) => e.action === 'write' && e.target.startsWith(`${root}/`));
  if (!isDir && !staged) throw new ApiError('NOT_FOUND', `there is no mailbox folder ${mailbox}`);
  if (person === undefined) return root;
  const folder = await personFolder(ctx, root, person);
  if (!folder.exists) {
    const people = (await readdir(root, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory()).map((d) => d.name);
    throw new ApiError('NOT_FOUND', `${mailbox} has no folder for ${person}; people: ${people.join(', ') || '(none)'}`);
  }
  return folder.abs;
}

function bound(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const date = parseLooseDate(value);
  if (!date) throw new ApiError('INVALID_ARGUMENTS', `${name}: "${value}" is not a date (use YYYY-MM-DD or an ISO time)`);
  return date.getTime();
}

function matches(m: ParsedMessage, args: { from?: string; to?: string; subject?: string; text?: string }, after?: number, before?: number): boolean {
  const has = (hay: string, needle?: string) => needle === undefined || hay.toLowerCase().includes(needle.toLowerCase());
  if (!has(m.from, args.from) || !has([...m.to, ...m.cc].join(', '), args.to) || !has(m.subject, args.subject)) return false;
  if (!has(`${m.subject}\n${m.text}\n${m.htmlText}`, args.text)) return false;
  if (after === undefined && before === undefined) return true;
  if (m.date === null) return false;
  const t = Date.parse(m.date);
  return (after === undefined || t >= after) && (before === undefined || t < before);
}

export const listMessages = defineApi({
  name: 'listMessages',
  description: `List the messages of a folder mailbox (OfficeBench's layout: emails/<person>/*.eml) or of the configured IMAP account, newest first, filtered by person, sender, recipient, subject, text and a date range. Messages this program sent earlier are included (folder mailbox).
Inputs: mailbox (folder, default "emails"; "imap" or "imap:<folder>" for the IMAP account, whose message paths are "imap:<folder>/<uid>"), person (folder mailbox only) (their folder; a name or address, matched ignoring case; omit for every message under the mailbox), from / to / subject / text (case-insensitive substrings; to also searches Cc; text searches subject and body), after (inclusive) and before (exclusive) as YYYY-MM-DD or ISO times, order, limit.
Output: { messages: [{ path, from, to, cc, subject, date, snippet, attachments }], total (matches before limit), truncated, skipped: [{ path, reason }] (files that are not readable messages: too large, MIME bombs, broken encodings) }.
Errors: NOT_FOUND (no mailbox folder; no folder for the person: the message lists the people; no IMAP account or folder), INVALID_ARGUMENTS (a date that is not a date; person with an IMAP mailbox), API_ERROR (the IMAP server cannot be reached or fails), PERMISSION_DENIED (outside the granted folders), TOO_LARGE (more than 5000 messages).`,
  parameters: z.object({
    mailbox: mailboxParam,
    person: z.string().min(1).optional().describe('whose folder to list ("Bob" or "bob@example.com" → emails/Bob); omit for the whole mailbox'),
    from: z.string().min(1).optional().describe('sender contains this'),
    to: z.string().min(1).optional().describe('To or Cc contains this'),
    subject: z.string().min(1).optional().describe('subject contains this'),
    text: z.string().min(1).optional().describe('subject or body contains this'),
    after: z.string().optional().describe('sent at or after this date/time'),
    before: z.string().optional().describe('sent before this date/time'),
    order: z.enum(['newest', 'oldest']).default('newest').describe('by date; messages without a date come last'),
    limit: z.number().int().min(1).max(1000).default(100).describe('most messages returned'),
  }),
  returns: z.object({
    messages: z.array(summarySchema),
    total: z.number().describe('matching messages before the limit'),
    truncated: z.boolean(),
    skipped: z.array(z.object({ path: z.string(), reason: z.string() })).describe('files that could not be read as messages'),
  }),
  examples: [
    `const { messages } = await email.listMessages({ person: 'Bob', after: '2024-01-01' });\nfor (const m of messages) log(\`\${m.date} \${m.from}: \${m.subject}\`);`,
    `const { messages } = await email.listMessages({ text: 'invoice', order: 'oldest', limit: 5 });\nlog(messages.map((m) => m.path));`,
  ],
  composition: 'List to find messages, then email.readMessage({ path }) for the whole text, HTML tables and attachments; email.reply({ path }) to answer one.',
  effects: 'read',
  run: async (args, ctx) => {
    const after = bound(args.after, 'after');
    const before = bound(args.before, 'before');
    const imapFolder = imapFolderOf(args.mailbox);
    if (imapFolder !== undefined) {
      if (args.person !== undefined)
        throw new ApiError('INVALID_ARGUMENTS', 'person names a folder of a folder mailbox; for an IMAP account filter with from or to');
      const { listImap } = await import('./imap');
      const { messages, total } = await listImap(ctx, imapFolder, { ...args, after, before });
      return { messages, total, truncated: total > args.limit, skipped: [] };
    }
    const folder = await mailboxFolder(ctx, args.mailbox, args.person);
    const found: (ParsedMessage & { path: string })[] = [];
    const skipped: { path: string; reason: string }[] = [];
    for (const abs of await messageFiles(ctx, folder)) {
      const path = display(ctx, abs);
      try {
        const m = await readMessageFile(await ctx.staging.readPath(abs), path);
        if (matches(m, args, after, before)) found.push({ ...m, path });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        skipped.push({ path, reason: error.message });
      }
    }
    const sign = args.order === 'newest' ? -1 : 1;
    found.sort(
      (a, b) =>
        (a.date === null ? 1 : 0) - (b.date === null ? 1 : 0) ||
        sign * ((a.date ? Date.parse(a.date) : 0) - (b.date ? Date.parse(b.date) : 0)) ||
        a.path.localeCompare(b.path),
    );
    const messages = found.slice(0, args.limit).map((m) => ({
      path: m.path,
      from: m.from,
      to: m.to,
      cc: m.cc,
      subject: m.subject,
      date: m.date,
      snippet: snippet(m.text || m.htmlText),
      attachments: m.attachments.map((a) => a.filename ?? '(unnamed)'),
    }));
    return { messages, total: found.length, truncated: found.length > args.limit, skipped };
  },
});
