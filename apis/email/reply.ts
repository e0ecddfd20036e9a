import { z } from 'zod';
import { ApiError, defineApi } from '../sdk';
import { bareAddress } from './smtp';
import { buildMessage } from './build';
import { defaultFrom, messageFields, stageDraft } from './fields';
import { readMessageAt } from './message-source';
import { addresses } from './parse';

/** The original's text quoted the usual way: an attribution line, then each line prefixed with "> ". */
function quote(text: string, from: string, date: string | null): string {
  const lines = text.replace(/\r\n/g, '\n').trimEnd().split('\n');
  return `${date ? `On ${date}, ` : ''}${from || 'the sender'} wrote:\n${lines.map((l) => (l ? `> ${l}` : '>')).join('\n')}\n`;
}

export const reply = defineApi({
  name: 'reply',
  description: `Write a reply to a message as a draft .eml (staged; nothing is sent): to the original's Reply-To or sender (replyAll adds its To and Cc, minus you), subject "Re: <subject>", In-Reply-To and References set from the original, the original's text quoted below yours.
Inputs: path (the message answered), text, html, replyAll, from, attachments (files inside the granted folders), draftPath (default drafts/Re_ <subject>.eml), overwrite.
Output: { path (the draft), to, cc, subject, messageId, inReplyTo (null when the original has no Message-ID) }.
Errors: NOT_FOUND, PERMISSION_DENIED, INVALID_FILE / TOO_LARGE (the original is not a readable message), INVALID_ARGUMENTS (the original has no sender; draftPath exists without overwrite).`,
  parameters: z.object({
    path: z.string().min(1).describe('the message to answer (.eml path or "imap:<folder>/<uid>")'),
    text: messageFields.text,
    html: messageFields.html,
    replyAll: z.boolean().default(false).describe("also address the original's To and Cc"),
    from: messageFields.from,
    attachments: messageFields.attachments,
    draftPath: z.string().min(1).optional().describe('where to write the draft (.eml)'),
    overwrite: z.boolean().default(false).describe('replace an existing draft at draftPath'),
  }),
  returns: z.object({
    path: z.string(),
    to: z.array(z.string()),
    cc: z.array(z.string()),
    subject: z.string(),
    messageId: z.string(),
    inReplyTo: z.string().nullable(),
  }),
  examples: [
    `const { messages } = await email.listMessages({ person: 'Bob', subject: 'meeting' });\nconst draft = await email.reply({ path: messages[0].path, text: 'Yes, 3 pm works for me.' });\nawait email.send({ draft: draft.path });`,
  ],
  composition: 'Find the message with email.listMessages, reply, then email.send({ draft: path }) (asks the person first).',
  effects: 'stage',
  run: async (args, ctx) => {
    const { message: original } = await readMessageAt(ctx, args.path);
    const from = defaultFrom(ctx, args.from);
    const self = bareAddress(from).toLowerCase();
    const replyTo = addresses(original.mail.replyTo);
    const to = replyTo.length > 0 ? replyTo : original.from ? [original.from] : [];
    if (to.length === 0) throw new ApiError('INVALID_ARGUMENTS', `${args.path} has no sender to reply to`);
    const seen = new Set(to.map((a) => bareAddress(a).toLowerCase()));
    const cc = args.replyAll
      ? [...original.to, ...original.cc].filter((a) => {
          const k = bareAddress(a).toLowerCase();
          if (k === self || seen.has(k)) return false;
          seen.add(k);
          return true;
        })
      : [];
    const subject = /^re:/i.test(original.subject) ? original.subject : `Re: ${original.subject}`;
    const messageId = original.mail.messageId ?? null;
    const references = [...(original.mail.references === undefined ? [] : [original.mail.references].flat()), ...(messageId ? [messageId] : [])];
    const built = await buildMessage(
      ctx,
      {
        from,
        to,
        cc,
        bcc: [],
        subject,
        text: `${args.text.trimEnd()}\n\n${quote(original.text || original.htmlText, original.from, original.date)}`,
        ...(args.html ? { html: args.html } : {}),
        attachments: args.attachments,
        ...(messageId ? { inReplyTo: messageId, references } : {}),
      },
      true,
    );
    const path = await stageDraft(ctx, built.raw, subject, args.draftPath, args.overwrite);
    return { path, to, cc, subject, messageId: built.messageId, inReplyTo: messageId };
  },
});
