import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ApiError, defineApi, type ApiContext } from '../sdk';
import { buildMessage, FOLDER_DOMAIN, recipientList, recipientsSchema, withoutBcc } from './build';
import { defaultFrom, messageFields } from './fields';
import { display, fileNameFor, freeTarget, personFolder } from './mailbox';
import { addresses, parseMessage } from './parse';
import { sendSmtp, smtpAccount } from './smtp';

interface Ready {
  raw: Buffer;
  messageId: string;
  from: string;
  subject: string;
  recipients: string[];
}

/** The message to send: a draft read back from its file, or one built from the fields. */
async function prepare(ctx: ApiContext, args: SendArgs): Promise<Ready> {
  if (args.draft !== undefined) {
    const raw = await readFile(await ctx.staging.readPath(args.draft));
    const m = await parseMessage(raw, args.draft);
    const recipients = [...m.to, ...m.cc, ...addresses(m.mail.bcc)];
    if (recipients.length === 0) throw new ApiError('INVALID_ARGUMENTS', `${args.draft} has no recipients`);
    return { raw: withoutBcc(raw), messageId: m.mail.messageId ?? '', from: m.from, subject: m.subject, recipients };
  }
  if (args.to === undefined || args.subject === undefined || args.text === undefined)
    throw new ApiError('INVALID_ARGUMENTS', 'give either draft, or to, subject and text');
  const from = defaultFrom(ctx, args.from);
  const mail = {
    from,
    to: recipientList(args.to),
    cc: recipientList(args.cc),
    bcc: recipientList(args.bcc),
    subject: args.subject,
    text: args.text,
    ...(args.html ? { html: args.html } : {}),
    attachments: args.attachments,
  };
  const built = await buildMessage(ctx, mail);
  return { raw: built.raw, messageId: built.messageId, from, subject: args.subject, recipients: [...mail.to, ...mail.cc, ...mail.bcc] };
}

/** Folder mailbox delivery: one .eml per recipient in emails/<recipient>/, all checked before any is staged. */
async function deliverToFolders(
  ctx: ApiContext,
  ready: Ready,
  mailbox: string,
  fileName: string | undefined,
  keepCopy: boolean,
): Promise<{ recipient: string; path: string }[]> {
  const root = await ctx.staging.resolve(mailbox);
  const name = fileName === undefined ? fileNameFor(ready.subject) : fileNameFor(fileName.replace(/\.eml$/i, ''));
  const taken = new Set<string>();
  const plan: { recipient: string; target: string }[] = [];
  for (const recipient of [...new Set([...ready.recipients, ...(keepCopy ? [ready.from] : [])])]) {
    const folder = await personFolder(ctx, root, recipient);
    // One copy per folder; a folder planned in this call matches ignoring case, like an existing one.
    if (plan.some((p) => dirname(p.target).toLowerCase() === folder.abs.toLowerCase())) continue;
    const target = await freeTarget(ctx, folder.abs, name, taken);
    taken.add(target);
    plan.push({ recipient, target });
  }
  for (const p of plan) {
    const staged = await ctx.staging.stageFile(p.target, 'other');
    await mkdir(dirname(staged), { recursive: true });
    await writeFile(staged, ready.raw);
  }
  return plan.map((p) => ({ recipient: p.recipient, path: display(ctx, p.target) }));
}

/** Whether the program named the sender: not the "Me" placeholder used when nobody is given. */
function senderKnown(from: string): boolean {
  const address = (/<([^>]+)>/.exec(from)?.[1] ?? from).trim().toLowerCase();
  return address !== '' && address !== 'me' && address !== `me@${FOLDER_DOMAIN}`;
}

const sendParameters = z.object({
  draft: z.string().min(1).optional().describe('an .eml written by email.compose or email.reply to send as it is (then omit the message fields)'),
  to: recipientsSchema.optional(),
  cc: messageFields.cc,
  bcc: messageFields.bcc,
  from: messageFields.from,
  subject: messageFields.subject.optional(),
  text: messageFields.text.optional(),
  html: messageFields.html,
  attachments: messageFields.attachments,
  via: z.enum(['auto', 'folder', 'smtp']).default('auto').describe('auto: SMTP when an account is configured, else the folder mailbox'),
  mailbox: z.string().min(1).default('emails').describe('the folder mailbox delivered into (folder delivery)'),
  keepCopy: z
    .boolean()
    .optional()
    .describe(
      "folder delivery: also file the message in the sender's own folder, a sent copy (default true when the sender is known: from given, or the draft's From; false: no copy)",
    ),
  fileName: z.string().min(1).max(200).optional().describe('name of the .eml in each recipient\'s folder (default the subject); a taken name gets " (2)"'),
});
type SendArgs = z.output<typeof sendParameters>;

export const send = defineApi({
  name: 'send',
  description: `Send a message; the person approves first. With an SMTP account configured (Settings: packs.email.smtp, password in the secret store) it goes through SMTP; in a folder mailbox (no account, or via: "folder") it is delivered as an .eml into each recipient's folder, emails/<recipient>/ (staged, written at Apply): a name like "Tom" is the folder emails/Tom, "Bob <bob3@x.org>" an existing folder named Bob or bob3 (ignoring case), else a new emails/Bob; a bare address tom@x.org the folder of its local part.
Inputs: draft (an .eml from email.compose / email.reply), or to, cc, bcc, from, subject, text, html, attachments (files inside the granted folders, 25 MB at most); via, mailbox, fileName, keepCopy (a sent copy in the sender's folder, e.g. emails/Bob for from: "Bob"; on by default when the sender is known).
Output: { via ("smtp"|"folder"), messageId, subject, delivered: [{ recipient, path (folder delivery) or null }], accepted, rejected (SMTP), response (the server's reply or "") }.
Errors: INVALID_ARGUMENTS (neither draft nor to+subject+text; a recipient that is neither a name nor an address; a name sent through SMTP; invalid SMTP settings), NOT_FOUND / PERMISSION_DENIED (attachments or draft outside the granted folders), TOO_LARGE, API_ERROR (the SMTP server refused or could not be reached). Nothing is delivered or staged when an error is raised.`,
  parameters: sendParameters,
  returns: z.object({
    via: z.enum(['smtp', 'folder']),
    messageId: z.string(),
    subject: z.string(),
    delivered: z.array(z.object({ recipient: z.string(), path: z.string().nullable() })),
    accepted: z.array(z.string()),
    rejected: z.array(z.string()),
    response: z.string(),
  }),
  examples: [
    `await email.send({ to: 'Tom', subject: 'Revenues', text: 'Hi Tom,\\n\\n2023: 4,439,044\\n', fileName: 'revenues.eml' });`,
    `const draft = await email.compose({ to: ['alice@example.com', 'Bob'], subject: 'Minutes', text: 'Minutes attached.', attachments: ['minutes.docx'] });\nconst sent = await email.send({ draft: draft.path });\nlog(sent.delivered);`,
  ],
  composition:
    'Write attachments first (docx/xlsx APIs), then send; or email.compose / email.reply a draft and send({ draft }). Read received mail with email.listMessages.',
  effects: 'external',
  run: async (args, ctx) => {
    const account = args.via === 'folder' ? undefined : smtpAccount(ctx);
    if (args.via === 'smtp' && !account)
      throw new ApiError('INVALID_ARGUMENTS', 'no SMTP account is configured (settings.json packs.email.smtp); use via: "folder" for a folder mailbox');
    const ready = await prepare(ctx, args);
    if (account) {
      const result = await sendSmtp(ctx, account, ready.raw, ready.from, ready.recipients);
      return {
        via: 'smtp' as const,
        messageId: ready.messageId,
        subject: ready.subject,
        delivered: ready.recipients.map((r) => ({ recipient: r, path: null })),
        ...result,
      };
    }
    const delivered = await deliverToFolders(ctx, ready, args.mailbox, args.fileName, args.keepCopy ?? senderKnown(ready.from));
    return { via: 'folder' as const, messageId: ready.messageId, subject: ready.subject, delivered, accepted: [], rejected: [], response: '' };
  },
});
